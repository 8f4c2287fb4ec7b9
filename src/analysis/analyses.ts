/**
 * The analyses both front ends (CLI, worker) offer, on a validated file: simulate its
 * scenarios, draw its liquidation curve, sweep a parameter. Pure: I/O stays with the caller.
 */
import { compileModel, type CompiledModel } from "../engine/compiledModel";
import { monteCarlo, stressPath, stressPlan, type MonteCarloResult, type StressSettings } from "../engine/monteCarlo";
import { liquidationCurve, type CurveResult } from "../engine/curve";
import type { ScenarioResult } from "../engine/results";
import { ROUND_PRICE_LIMIT, simulateScenario, type SimulationOptions } from "../engine/simulate";
import {
  type SweepResolution,
  resolveParamPath,
  sweepParameter,
  sweepRangeError,
  sweepValues,
  withValue,
  type JsonPathSegment,
  type SweepResult,
} from "../engine/sweep";
import { hasName } from "../model/names";
import { riskFileSchema, type RiskFile } from "../model/schema";
import { keysInFileOrder } from "../parse/fileOrder";
import type { BookReader } from "../parse/resolveBooks";
import { UNLIMITED, type RunLimits } from "../rules/runLimits";
import { validateValue, type ResolvedRiskFile, type Validation } from "../rules/validate";

/** What a run needs of a validated file (a simulation worker has no document). */
export type RunnableFile = Pick<ResolvedRiskFile, "file" | "books">;

/** `cascades`: how many the model will run, when known (a few do not pay for the threshold index). */
export const compileResolved = (resolved: RunnableFile, cascades?: number): CompiledModel =>
  compileModel(resolved.file, resolved.books, { cascades });

export function simulateAll(
  resolved: RunnableFile,
  scenarioName?: string,
  options: SimulationOptions = {},
  model?: CompiledModel,
): ScenarioResult[] {
  const roundPriceBudget = { remaining: ROUND_PRICE_LIMIT };
  const scenarios = resolved.file.scenarios.filter(
    (scenario) => scenarioName === undefined || scenario.name === scenarioName,
  );
  model ??= compileResolved(resolved, scenarios.length);
  return scenarios.map((scenario) =>
    simulateScenario(model, scenario.name, scenario.shocks, {
      roundPriceBudget,
      volShocks: scenario.volShocks,
      ...options,
    }),
  );
}

/** The curve asset: the option, the file's setting, the first shocked asset of the first scenario, or the first asset (in file order). */
export function curveAssetOf(resolved: ResolvedRiskFile, override?: string): string {
  const { file, doc } = resolved;
  const firstShocked =
    file.scenarios.length > 0
      ? keysInFileOrder(doc, ["scenarios", 0, "shocks"], file.scenarios[0].shocks)[0]
      : undefined;
  return override ?? file.simulation.curve.asset ?? firstShocked ?? keysInFileOrder(doc, ["assets"], file.assets)[0];
}

export interface CurveHooks {
  onPoint?: (done: number, total: number) => void;
  /** Between cascade rounds (the CLI's time limit throws from it). */
  onRound?: () => void;
}

export function curveOf(
  resolved: RunnableFile,
  asset: string,
  hooks: CurveHooks = {},
  model = compileResolved(resolved),
): CurveResult {
  return liquidationCurve(model, asset, resolved.file.simulation.curve, hooks.onPoint, hooks.onRound);
}

export interface SweepRequest {
  param: string;
  from: number;
  to: number;
  steps: number;
  /** Only the values i with i % count === index (a worker's share of a parallel sweep). */
  slice?: { index: number; count: number };
}

/** The JSON path a --param names, checked: it exists (or the schema knows it) and holds a number. */
export function sweptPath(raw: unknown, param: string, probe: number): JsonPathSegment[] | { error: string } {
  const path = resolveParamPath(raw, param);
  if ("error" in path) return { error: `--param ${param}: ${path.error}` };
  const unknown = unknownField(raw, path, probe, param.split(".").slice(0, -1).join("."));
  if (unknown) return { error: `--param ${param}: ${unknown}` };
  return path;
}

/** The file with some values replaced, validated and compiled: exactly what `simulate` would run on that file. */
export function changedFile(
  validation: Validation,
  readBook: BookReader,
  limits: RunLimits,
): (changes: readonly { path: JsonPathSegment[]; value: number }[]) => SweepResolution & { rules?: string[] } {
  const raw = validation.doc.value;
  return (changes) => {
    const value = changes.reduce<unknown>((file, change) => withValue(file, change.path, change.value), raw);
    const changed = validateValue(validation.doc, value, readBook, limits);
    // Economic-rule errors (CL010+) are what a sweep explores; only a file that cannot be simulated stops a point.
    if (!changed.resolved) {
      const first = changed.problems.find((p) => p.severity === "error");
      return { error: first ? `${first.code}: ${first.message}` : "the file cannot be simulated" };
    }
    const rules = [...new Set(changed.problems.filter((p) => p.severity !== "information").map((p) => p.code))].sort();
    const { scenarios } = changed.resolved.file;
    return { model: compileResolved(changed.resolved, scenarios.length), scenarios, rules };
  };
}

/** `check` runs before each value and between its cascade rounds (the CLI's time limit throws from it). */
export function sweepOf(
  validation: Validation,
  request: SweepRequest,
  readBook: BookReader,
  limits: RunLimits = UNLIMITED,
  check?: () => void,
): SweepResult | { error: string } {
  const rangeError = sweepRangeError(request.from, request.to, request.steps);
  if (rangeError) return { error: rangeError };
  const path = sweptPath(validation.doc.value, request.param, request.from);
  if ("error" in path) return path;
  const slice = request.slice;
  const values = sweepValues(request.from, request.to, request.steps).filter(
    (_, i) => !slice || i % slice.count === slice.index,
  );
  const resolve = changedFile(validation, readBook, limits);
  return sweepParameter(
    request.param,
    values,
    (value) => {
      check?.();
      return resolve([{ path, value }]);
    },
    check,
  );
}

/**
 * A swept field the file does not hold yet is set on every point; one the schema does not
 * know would make every point a CL002 and the sweep pointless: that is a mistyped --param.
 */
function unknownField(raw: unknown, path: JsonPathSegment[], value: number, parentName: string): string | undefined {
  const leaf = path[path.length - 1];
  const parent = path.slice(0, -1);
  const parentValue = parent.reduce<unknown>(
    (node, segment) => (node as Record<string | number, unknown>)[segment],
    raw,
  );
  if (typeof leaf !== "string" || hasName(parentValue as object, leaf)) return undefined;
  const issues = riskFileSchema.safeParse(withValue(raw, path, value)).error?.issues ?? [];
  const unrecognized = issues.some(
    (issue) =>
      issue.code === "unrecognized_keys" && issue.keys.includes(leaf) && issue.path.join("\0") === parent.join("\0"),
  );
  return unrecognized ? `"${leaf}" is not a field of ${parentName || "the file"}` : undefined;
}

/** Each asset's stress volatility, for the Monte Carlo (assets without one are not shocked). */
export function volatilitiesOf(file: RiskFile): Record<string, number> {
  return Object.fromEntries(
    Object.entries(file.assets).flatMap(([symbol, asset]) =>
      asset.volatility === undefined ? [] : [[symbol, asset.volatility]],
    ),
  );
}

/** The Monte Carlo stress test, as the editor runs it (same paths and seed, same numbers). */
export function stressOf(
  resolved: RunnableFile,
  settings: StressSettings,
  model = compileResolved(resolved),
): MonteCarloResult {
  return monteCarlo(model, volatilitiesOf(resolved.file), resolved.file.correlations ?? {}, settings);
}

/** One share of the stress test's paths (p % count === index): each path's bad debt and uncovered bad debt. */
export function stressShare(
  resolved: RunnableFile,
  settings: StressSettings,
  slice: { index: number; count: number },
  check?: () => void,
): { assets: string[]; items: [number, [number, number]][] } {
  const model = compileResolved(resolved);
  const { assets, shocks } = stressPlan(volatilitiesOf(resolved.file), resolved.file.correlations ?? {}, settings);
  const items: [number, [number, number]][] = [];
  for (let path = slice.index; path < settings.paths; path += slice.count) {
    check?.();
    const result = stressPath(model, assets, shocks[path], path);
    items.push([path, [result.badDebtUsd, result.uncoveredUsd]]);
  }
  return { assets, items };
}
