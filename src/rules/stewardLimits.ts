/**
 * CL040: a parameter moved further than risk stewards may move it without a full vote
 * (thresholds.stewardLimits), measured against a base: git HEAD in the editor, BASE in
 * the CLI. The limits in force are the base's when it has them (a proposal cannot widen
 * its own bounds), else the new file's.
 */
import { parameterChanges, type ParameterChange } from "../analysis/parameterDiff";
import type { Problem } from "../model/problem";
import type { RiskFile, StewardLimits } from "../model/schema";
import type { JsonDocument } from "../parse/jsonDocument";
import { plain } from "./ruleContext";

const CAPS = new Set(["supplyCapUsd", "borrowCapUsd"]);
type AbsoluteField = Exclude<keyof StewardLimits, "capsRelative">;

/** Floating error of a decimal edit (0.83 → 0.835 is 0.0050000000000000044): not a breach. */
const TOLERANCE = 1e-12;

export function limitsInForce(base: RiskFile, next: RiskFile): StewardLimits | undefined {
  return base.thresholds.stewardLimits ?? next.thresholds.stewardLimits;
}

function breach(change: ParameterChange, limits: StewardLimits): { allowed: string; moved: string } | undefined {
  if (!change.market) return undefined;
  const { old, new: next, field } = change;
  if (CAPS.has(field) && limits.capsRelative !== undefined) {
    const c = limits.capsRelative;
    if (typeof old !== "number") return undefined;
    // A cap removed is no cap at all: beyond any relative bound.
    if (typeof next !== "number")
      return { allowed: `${plain(old * (1 - c))} to ${plain(old * (1 + c))}`, moved: "removed" };
    if (Math.abs(next - old) <= c * Math.abs(old) * (1 + TOLERANCE)) return undefined;
    return {
      allowed: `${plain(old * Math.max(0, 1 - c))} to ${plain(old * (1 + c))} (±${plain(c * 100)} %)`,
      moved: `${plain(old)} → ${plain(next)}`,
    };
  }
  const limit = limits[field as AbsoluteField];
  if (limit === undefined || typeof old !== "number" || typeof next !== "number") return undefined;
  if (Math.abs(next - old) <= limit + TOLERANCE) return undefined;
  const sign = next > old ? "+" : "";
  return {
    allowed: `${plain(old - limit)} to ${plain(old + limit)} (±${plain(limit)})`,
    moved: `${plain(old)} → ${plain(next)} (${sign}${plain(next - old)})`,
  };
}

export function stewardProblems(
  changes: readonly ParameterChange[],
  limits: StewardLimits | undefined,
  doc: JsonDocument,
  baseLabel: string,
): Problem[] {
  if (!limits) return [];
  return changes.flatMap((change) => {
    const found = breach(change, limits);
    if (!found) return [];
    return [
      {
        code: "CL040",
        severity: "warning" as const,
        message: `${change.field} of ${change.market} in "${change.venue}" moved ${found.moved} against ${baseLabel}, beyond the steward limit: stewards may set ${found.allowed}; a larger change needs a full governance vote.`,
        range: doc.rangeOf(change.at),
      },
    ];
  });
}

/** CL040 of `next` against `base`: what validate --base, diff and the editor's base all report. */
export function stewardProblemsAgainst(
  base: { file: RiskFile },
  next: { file: RiskFile; doc: JsonDocument },
  baseLabel: string,
): Problem[] {
  return stewardProblems(
    parameterChanges(base.file, next.file),
    limitsInForce(base.file, next.file),
    next.doc,
    baseLabel,
  );
}
