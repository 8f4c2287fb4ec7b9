/**
 * Inline lending positions checked by hand, as lendingPositionSchema checks them, so that
 * zod sees the rest of the file only: zod builds a new object for every object it parses,
 * and for a file of 20,000 inline positions that was a third of validating it (most of it
 * collecting the garbage).
 *
 * Only arrays whose every position is plain are set aside: a plain object (no prototype
 * but Object's) with `id` and at most `collateral` and `debt`; an id that is a non-empty
 * string or a finite number (zod turns it into its decimal text); amounts that are finite
 * numbers >= 0 in plain objects, with no "__proto__" key (zod drops that key silently, so
 * the file goes to zod to be read as zod reads it). For these positions the result is what
 * zod gives, object for object; any other array goes to zod whole, with its problems. A
 * property test compares the two on generated positions.
 */
import type { LendingPosition } from "../model/schema";

/** Positions as zod would give them, or undefined when any is not plain. */
export function plainLendingPositions(positions: unknown): LendingPosition[] | undefined {
  if (!Array.isArray(positions)) return undefined;
  const parsed: LendingPosition[] = new Array(positions.length);
  for (let i = 0; i < positions.length; i++) {
    const position: unknown = positions[i];
    if (!isPlainObject(position)) return undefined;
    let id: string | undefined;
    let collateral: Record<string, number> | undefined;
    let debt: Record<string, number> | undefined;
    for (const key of Object.keys(position)) {
      const value = position[key];
      if (key === "id") {
        if (typeof value === "string" && value.length > 0) id = value;
        else if (typeof value === "number" && Number.isFinite(value)) id = String(value);
        else return undefined;
      } else if (key === "collateral") {
        collateral = plainAmounts(value);
        if (!collateral) return undefined;
      } else if (key === "debt") {
        debt = plainAmounts(value);
        if (!debt) return undefined;
      } else return undefined;
    }
    if (id === undefined) return undefined;
    // zod's key order (the schema's), and its defaults for what is left out.
    parsed[i] = { id, collateral: collateral ?? {}, debt: debt ?? {} };
  }
  return parsed;
}

/** An object as JSON makes one: Object's prototype, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** A copy of an amounts record zod would accept unchanged, or undefined. */
function plainAmounts(value: unknown): Record<string, number> | undefined {
  if (!isPlainObject(value)) return undefined;
  const amounts: Record<string, number> = {};
  for (const key of Object.keys(value)) {
    const amount = value[key];
    if (key === "__proto__" || typeof amount !== "number" || !(amount >= 0) || amount === Infinity) return undefined;
    amounts[key] = amount;
  }
  return amounts;
}
