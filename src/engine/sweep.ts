/**
 * `sweep`: one parameter over evenly spaced values, every scenario at each value. Each
 * point is exactly `simulate` on the file with that value replaced: the caller supplies
 * `resolve`, which validates the changed file and compiles it (books included).
 */
import type { CompiledModel } from "./compiledModel";
import { totalBadDebt, totalUncovered, type AssetNumbers } from "./results";
import { simulateScenario, type Shocks } from "./simulate";

export interface SweepScenario {
  name: string;
  badDebtUsd: number;
  uncoveredUsd: number;
  amplification: AssetNumbers;
}

export interface SweepPoint {
  value: number;
  scenarios: SweepScenario[];
  /** Why this value could not be simulated (e.g. out of the field's range). */
  error?: string;
}

export interface SweepResult {
  param: string;
  points: SweepPoint[];
}

export type SweepResolution = { model: CompiledModel; scenarios: { name: string; shocks: Shocks }[] } | { error: string };

/**
 * Most intervals of a sweep, as of a curve: each value is a whole simulation, so 10,000
 * already takes hours on a large book, and the values alone must fit in memory.
 */
export const MAX_SWEEP_STEPS = 10_000;

/** N+1 evenly spaced values; the last is exactly `to` (as numpy's linspace), not `from` plus rounding. */
export function sweepValues(from: number, to: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => (i === steps ? to : from + (i * (to - from)) / steps));
}

export function sweepParameter(param: string, values: readonly number[], resolve: (value: number) => SweepResolution): SweepResult {
  const points = values.map((value): SweepPoint => {
    const resolution = resolve(value);
    if ("error" in resolution) return { value, scenarios: [], error: resolution.error };
    return {
      value,
      scenarios: resolution.scenarios.map((scenario) => {
        const result = simulateScenario(resolution.model, scenario.name, scenario.shocks);
        return { name: scenario.name, badDebtUsd: totalBadDebt(result), uncoveredUsd: totalUncovered(result), amplification: result.amplification };
      }),
    };
  });
  return { param, points };
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
      const index = current.findIndex((item) => item && typeof item === "object" && (item as { name?: unknown }).name === segment);
      const numeric = /^\d+$/.test(segment) ? Number(segment) : -1;
      const found = index >= 0 ? index : numeric < current.length ? numeric : -1;
      if (found < 0) return { error: `"${segment}" is not the name of an item of ${path.join(".") || "the file"}` };
      path.push(found);
      current = current[found];
    } else if (current && typeof current === "object") {
      if (!(segment in (current as object)) && !isLast) return { error: `"${segment}" not found in ${path.join(".") || "the file"}` };
      path.push(segment);
      current = (current as Record<string, unknown>)[segment];
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
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  parent[path[path.length - 1]] = replacement;
  return copy;
}
