/**
 * `sweep`: one parameter over evenly spaced values, every scenario at each value. Each
 * point is exactly `simulate` on the file with that value replaced: the caller supplies
 * `resolve`, which validates the changed file and compiles it (books included).
 */
import type * as z from "zod";
import { hasName } from "../model/names";
import type { sweepPointSchema, sweepResultSchema, sweepScenarioSchema } from "./resultSchemas";
import type { CompiledModel } from "./compiledModel";
import { totalBadDebt, totalStuck, totalUncovered } from "./results";
import { simulateScenario, type Shocks } from "./simulate";

export type SweepScenario = z.infer<typeof sweepScenarioSchema>;
export type SweepPoint = z.infer<typeof sweepPointSchema>;
export type SweepResult = z.infer<typeof sweepResultSchema>;

export type SweepResolution =
  { model: CompiledModel; scenarios: { name: string; shocks: Shocks; volShocks?: Shocks }[] } | { error: string };

/**
 * Most intervals of a sweep, as of a curve: each value is a whole simulation, so 10,000
 * already takes hours on a large book, and the values alone must fit in memory.
 */
export const MAX_SWEEP_STEPS = 10_000;

/** Why a range cannot be swept: values whose spacing overflows would be Infinity or NaN (null in JSON). */
export function sweepRangeError(from: number, to: number, steps: number): string | undefined {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return "--from and --to must be finite numbers";
  if (!sweepValues(from, to, steps).every(Number.isFinite))
    return `the range from ${from} to ${to} is too wide to space evenly: its width overflows (beyond 1.8e308)`;
  return undefined;
}

/** N+1 evenly spaced values; the last is exactly `to` (as numpy's linspace), not `from` plus rounding. */
export function sweepValues(from: number, to: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => (i === steps ? to : from + (i * (to - from)) / steps));
}

/** `onRound` runs between the cascade rounds of every value (the CLI's time limit throws from it). */
export function sweepParameter(
  param: string,
  values: readonly number[],
  resolve: (value: number) => SweepResolution,
  onRound?: () => void,
): SweepResult {
  const points = values.map((value): SweepPoint => {
    const resolution = resolve(value);
    if ("error" in resolution) return { value, scenarios: [], error: resolution.error };
    return { value, scenarios: sweepScenarios(resolution, onRound) };
  });
  return { param, points };
}

/** Every scenario of one changed file (a sweep's point, a 2-D sweep's cell), in the file's order. */
export function sweepScenarios(
  resolution: Exclude<SweepResolution, { error: string }>,
  onRound?: () => void,
): SweepScenario[] {
  return resolution.scenarios.map((scenario) => {
    const result = simulateScenario(resolution.model, scenario.name, scenario.shocks, {
      roundPrices: false,
      onRound,
      volShocks: scenario.volShocks,
    });
    return {
      name: scenario.name,
      badDebtUsd: totalBadDebt(result),
      uncoveredUsd: totalUncovered(result),
      stuckDebtUsd: totalStuck(result),
      amplification: result.amplification,
    };
  });
}

export type JsonPathSegment = string | number;

/**
 * Resolves a dot path (`venues.Pool.markets.WETH.liquidationThreshold`) against the raw
 * file: object keys, and array items by their `name` (or index). Returns the JSON path.
 */
export function resolveParamPath(value: unknown, param: string): JsonPathSegment[] | { error: string } {
  const path: JsonPathSegment[] = [];
  let current: unknown = value;
  const segments = param.split(".");
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s];
    const isLast = s === segments.length - 1;
    if (Array.isArray(current)) {
      const index = current.findIndex(
        (item) => item && typeof item === "object" && (item as { name?: unknown }).name === segment,
      );
      const numeric = /^\d+$/.test(segment) ? Number(segment) : -1;
      const found = index >= 0 ? index : numeric < current.length ? numeric : -1;
      if (found < 0) return { error: `"${segment}" is not the name of an item of ${path.join(".") || "the file"}` };
      path.push(found);
      current = current[found];
    } else if (current && typeof current === "object") {
      // Own keys only: "__proto__" or "constructor" must never lead into Object.prototype.
      const own = hasName(current, segment);
      if (segment === "__proto__" || (!own && !isLast))
        return { error: `"${segment}" not found in ${path.join(".") || "the file"}` };
      path.push(segment);
      current = own ? (current as Record<string, unknown>)[segment] : undefined;
    } else {
      return { error: `${path.join(".")} is not an object, cannot follow "${segment}"` };
    }
  }
  if (current !== undefined && typeof current !== "number") return { error: `${param} is not a number` };
  return path;
}

/** A deep copy of the raw file with one value replaced. */
export function withValue(value: unknown, path: readonly JsonPathSegment[], replacement: number): unknown {
  const copy = structuredClone(value);
  let parent = copy as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) {
    if (!hasName(parent, String(segment))) throw new Error(`withValue: ${String(segment)} is not in the file`);
    parent = parent[segment] as Record<string | number, unknown>;
  }
  // A data property even for a name Object.prototype has: never a setter of the prototype chain.
  Object.defineProperty(parent, path[path.length - 1], {
    value: replacement,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  return copy;
}
