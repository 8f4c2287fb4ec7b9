/**
 * The analyses both front ends (CLI, worker) offer, on a validated file: simulate its
 * scenarios, draw its liquidation curve, sweep a parameter. Pure: I/O stays with the caller.
 */
import { compileModel, type CompiledModel } from "../engine/compiledModel";
import { liquidationCurve, type CurveResult } from "../engine/curve";
import type { ScenarioResult } from "../engine/results";
import { ROUND_PRICE_LIMIT, simulateScenario, type SimulationOptions } from "../engine/simulate";
import {
  resolveParamPath,
  sweepParameter,
  sweepRangeError,
  sweepValues,
  withValue,
  type JsonPathSegment,
  type SweepResult,
} from "../engine/sweep";
import { hasName } from "../model/names";
import { riskFileSchema } from "../model/schema";
import { keysInFileOrder } from "../parse/fileOrder";
import type { BookReader } from "../parse/resolveBooks";
import { UNLIMITED, type RunLimits } from "../rules/runLimits";
import { validateValue, type ResolvedRiskFile, type Validation } from "../rules/validate";

/** What a run needs of a validated file (a simulation worker has no document). */
export type RunnableFile = Pick<ResolvedRiskFile, "file" | "books">;

export const compileResolved = (resolved: RunnableFile): CompiledModel => compileModel(resolved.file, resolved.books);

export function simulateAll(
  resolved: RunnableFile,
  scenarioName?: string,
  options: SimulationOptions = {},
  model = compileResolved(resolved),
): ScenarioResult[] {
  const roundPriceBudget = { remaining: ROUND_PRICE_LIMIT };
  return resolved.file.scenarios
    .filter((scenario) => scenarioName === undefined || scenario.name === scenarioName)
    .map((scenario) =>
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

/** `check` runs before each value and between its cascade rounds (the CLI's time limit throws from it). */
export function sweepOf(
  validation: Validation,
  request: SweepRequest,
  readBook: BookReader,
  limits: RunLimits = UNLIMITED,
  check?: () => void,
): SweepResult | { error: string } {
  const raw = validation.doc.value;
  const rangeError = sweepRangeError(request.from, request.to, request.steps);
  if (rangeError) return { error: rangeError };
  const path = resolveParamPath(raw, request.param);
  if ("error" in path) return { error: `--param ${request.param}: ${path.error}` };
  const unknown = unknownField(raw, path, request.from, request.param.split(".").slice(0, -1).join("."));
  if (unknown) return { error: `--param ${request.param}: ${unknown}` };
  const slice = request.slice;
  const values = sweepValues(request.from, request.to, request.steps).filter(
    (_, i) => !slice || i % slice.count === slice.index,
  );
  return sweepParameter(
    request.param,
    values,
    (value) => {
      check?.();
      const changed = validateValue(validation.doc, withValue(raw, path, value), readBook, limits);
      // Economic-rule errors (CL010+) are what a sweep explores; only a file that cannot be simulated stops a point.
      if (!changed.resolved) {
        const first = changed.problems.find((p) => p.severity === "error");
        return { error: first ? `${first.code}: ${first.message}` : "the file cannot be simulated" };
      }
      return { model: compileResolved(changed.resolved), scenarios: changed.resolved.file.scenarios };
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
