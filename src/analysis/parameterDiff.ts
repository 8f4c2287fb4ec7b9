/**
 * Every parameter a change touches, matched by name (assets, venues, markets, scenarios),
 * never by position in an array: reordering venues is not a change. Values are compared
 * after defaults apply, so writing out a default is not a change either. Positions are
 * books, not parameters: a changed book reference is listed once, as "positions".
 */
import type { JsonPath } from "../parse/jsonDocument";
import type { RiskFile } from "../model/schema";

export interface ParameterChange {
  /** Dot-separated through names, as `sweep --param` reads it: venues.Pool.markets.WETH.liquidationThreshold. */
  path: string;
  /** Where the new value is in the new file (for ranges), or in the base file when it was removed. */
  at: JsonPath;
  venue?: string;
  market?: string;
  field: string;
  old: unknown;
  new: unknown;
  /** (new - old) / |old| for two numbers with old ≠ 0; null otherwise. */
  relativeChange: number | null;
}

type Plain = Record<string, unknown>;

const isObject = (value: unknown): value is Plain =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function relative(old: unknown, next: unknown): number | null {
  return typeof old === "number" && typeof next === "number" && old !== 0 ? (next - old) / Math.abs(old) : null;
}

interface Where {
  names: string[];
  at: JsonPath;
  venue?: string;
  market?: string;
}

/** Leaf-by-leaf difference of two values; arrays (tiers, book levels) are one value. */
function walk(old: unknown, next: unknown, where: Where, out: ParameterChange[]): void {
  if (isObject(old) && isObject(next)) {
    const keys = [...Object.keys(next), ...Object.keys(old).filter((k) => !Object.hasOwn(next, k))];
    for (const key of keys)
      walk(old[key], next[key], { ...where, names: [...where.names, key], at: [...where.at, key] }, out);
    return;
  }
  if (same(old, next)) return;
  out.push({
    path: where.names.join("."),
    at: where.at,
    ...(where.venue !== undefined ? { venue: where.venue } : {}),
    ...(where.market !== undefined ? { market: where.market } : {}),
    field: where.names[where.names.length - 1],
    old,
    new: next,
    relativeChange: relative(old, next),
  });
}

/** Arrays of named things compared by name; the path holds the name, `at` the new file's index. */
function byName<T extends { name: string }>(
  key: string,
  old: readonly T[],
  next: readonly T[],
  visit: (o: T | undefined, n: T | undefined, where: Where) => void,
): void {
  const oldByName = new Map(old.map((item, i) => [item.name, { item, i }]));
  next.forEach((item, i) => visit(oldByName.get(item.name)?.item, item, { names: [key, item.name], at: [key, i] }));
  const nextNames = new Set(next.map((item) => item.name));
  old.forEach((item, i) => {
    if (!nextNames.has(item.name)) visit(item, undefined, { names: [key, item.name], at: [key, i] });
  });
}

export function parameterChanges(base: RiskFile, next: RiskFile): ParameterChange[] {
  const out: ParameterChange[] = [];
  walk(base.name, next.name, { names: ["name"], at: ["name"] }, out);
  walk(base.assets, next.assets, { names: ["assets"], at: ["assets"] }, out);
  byName("venues", base.venues, next.venues, (o, n, where) => {
    if (!o || !n) {
      out.push({
        path: where.names.join("."),
        at: where.at,
        venue: (n ?? o)!.name,
        field: "venue",
        old: o ? "present" : null,
        new: n ? "present" : null,
        relativeChange: null,
      });
      return;
    }
    const { positions: oldPositions, markets: oldMarkets, ...oldRest } = o as Plain;
    const { positions: newPositions, markets: newMarkets, ...newRest } = n as Plain;
    const venueWhere = { ...where, venue: n.name };
    walk(oldRest, newRest, venueWhere, out);
    if (isObject(oldMarkets) && isObject(newMarkets)) {
      const names = [
        ...Object.keys(newMarkets),
        ...Object.keys(oldMarkets).filter((k) => !Object.hasOwn(newMarkets, k)),
      ];
      for (const market of names)
        walk(
          oldMarkets[market],
          newMarkets[market],
          { names: [...where.names, "markets", market], at: [...where.at, "markets", market], venue: n.name, market },
          out,
        );
    }
    // Inline positions are data; a book file or generator spec is a reference worth naming.
    const reference = (p: unknown) => (Array.isArray(p) ? `${p.length} inline positions` : p);
    if (!same(reference(oldPositions), reference(newPositions)))
      out.push({
        path: [...where.names, "positions"].join("."),
        at: [...where.at, "positions"],
        venue: n.name,
        field: "positions",
        old: reference(oldPositions) ?? null,
        new: reference(newPositions) ?? null,
        relativeChange: null,
      });
  });
  byName("scenarios", base.scenarios, next.scenarios, (o, n, where) => walk(o, n, where, out));
  walk(base.simulation, next.simulation, { names: ["simulation"], at: ["simulation"] }, out);
  walk(base.thresholds, next.thresholds, { names: ["thresholds"], at: ["thresholds"] }, out);
  walk(base.correlations, next.correlations, { names: ["correlations"], at: ["correlations"] }, out);
  return out;
}
