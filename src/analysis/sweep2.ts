/**
 * `sweep2`: two parameters over a grid, every scenario in every cell, and one figure per
 * cell for the heatmap (the worst scenario's). Each cell is exactly `simulate` on the file
 * with those two values replaced; it also names the rules the changed file breaks, so a
 * heatmap can hatch the region where a rule fires.
 */
import { MAX_SWEEP_STEPS, sweepRangeError, sweepScenarios, sweepValues, type SweepScenario } from "../engine/sweep";
import type { BookReader } from "../parse/resolveBooks";
import { UNLIMITED, type RunLimits } from "../rules/runLimits";
import type { Validation } from "../rules/validate";
import { changedFile, sweptPath } from "./analyses";

export const SWEEP2_METRICS = ["uncoveredUsd", "badDebtUsd", "stuckDebtUsd", "amplification"] as const;
export type Sweep2Metric = (typeof SWEEP2_METRICS)[number];

/** Most cells of a grid: each is a whole simulation of every scenario. */
export const MAX_SWEEP2_CELLS = 250_000;

export interface Axis {
  param: string;
  from: number;
  to: number;
  steps: number;
}

export interface Sweep2Request {
  x: Axis;
  y: Axis;
  metric: Sweep2Metric;
  /** Only the cells c with c % count === index (a shard's or a thread's share). */
  slice?: { index: number; count: number };
}

export interface Sweep2Cell {
  x: number;
  y: number;
  /** The metric in the worst scenario (amplification: the largest of any asset); null where the cell cannot run. */
  value: number | null;
  scenarios: SweepScenario[];
  /** Codes of the errors and warnings the changed file raises (CL010, CL011, ...). */
  rules: string[];
  error?: string;
}

export interface Sweep2Result {
  x: { param: string; values: number[] };
  y: { param: string; values: number[] };
  metric: Sweep2Metric;
  /** x-major: cell (i, j) is at i * (y steps + 1) + j. */
  cells: Sweep2Cell[];
}

export function cellValue(scenarios: readonly SweepScenario[], metric: Sweep2Metric): number | null {
  if (scenarios.length === 0) return null;
  const of = (s: SweepScenario) =>
    metric === "amplification" ? Math.max(...Object.values(s.amplification), 0) : s[metric];
  return Math.max(...scenarios.map(of));
}

/** The grid's cells in index order, or only a slice of them as [index, cell] pairs. */
export function sweep2Of(
  validation: Validation,
  request: Sweep2Request,
  readBook: BookReader,
  limits: RunLimits = UNLIMITED,
  check?: () => void,
): { result: Sweep2Result; indices: number[] } | { error: string } {
  for (const axis of [request.x, request.y]) {
    const rangeError = sweepRangeError(axis.from, axis.to, axis.steps);
    if (rangeError) return { error: rangeError };
    if (!(Number.isInteger(axis.steps) && axis.steps >= 1 && axis.steps <= MAX_SWEEP_STEPS))
      return { error: `steps must be a whole number from 1 to ${MAX_SWEEP_STEPS}` };
  }
  if ((request.x.steps + 1) * (request.y.steps + 1) > MAX_SWEEP2_CELLS)
    return { error: `the grid has more than ${MAX_SWEEP2_CELLS.toLocaleString("en-US")} cells; use fewer steps` };
  if (request.x.param === request.y.param) return { error: "--x and --y must be two different parameters" };
  const raw = validation.doc.value;
  const xPath = sweptPath(raw, request.x.param, request.x.from);
  if ("error" in xPath) return xPath;
  const yPath = sweptPath(raw, request.y.param, request.y.from);
  if ("error" in yPath) return yPath;
  const xs = sweepValues(request.x.from, request.x.to, request.x.steps);
  const ys = sweepValues(request.y.from, request.y.to, request.y.steps);
  const resolve = changedFile(validation, readBook, limits);
  const cells: Sweep2Cell[] = [];
  const indices: number[] = [];
  const slice = request.slice;
  for (let c = slice?.index ?? 0; c < xs.length * ys.length; c += slice?.count ?? 1) {
    const x = xs[Math.floor(c / ys.length)];
    const y = ys[c % ys.length];
    check?.();
    const resolution = resolve([
      { path: xPath, value: x },
      { path: yPath, value: y },
    ]);
    indices.push(c);
    if ("error" in resolution) {
      cells.push({ x, y, value: null, scenarios: [], rules: [], error: resolution.error });
      continue;
    }
    const scenarios = sweepScenarios(resolution, check);
    cells.push({ x, y, value: cellValue(scenarios, request.metric), scenarios, rules: resolution.rules ?? [] });
  }
  return {
    result: {
      x: { param: request.x.param, values: xs },
      y: { param: request.y.param, values: ys },
      metric: request.metric,
      cells,
    },
    indices,
  };
}
