/**
 * How a simulated scenario is reported on its `name` (end of SPEC section 6): the summary
 * as information, a warning for amplification above the threshold, bad debt or stuck
 * debt, an error for uncovered bad debt.
 */
import { scenarioSummary } from "./summaries";
import { totalBadDebt, totalStuck, totalUncovered, type ScenarioResult } from "../engine/results";
import type { Problem, Severity } from "../model/problem";
import type { JsonDocument } from "../parse/jsonDocument";
import { formatUsd } from "../rules/formatUsd";

/** Code of a simulated outcome; the SPEC fixes the severities, not a code. */
export const SCENARIO_OUTCOME_CODE = "CL100";

export function scenarioOutcome(
  result: ScenarioResult,
  warnAmplification: number,
): { severity: Severity; reasons: string[] } {
  const reasons: string[] = [];
  let severity: Severity = "information";
  const uncovered = totalUncovered(result);
  const amplified = Object.entries(result.amplification).filter(([, amp]) => amp > warnAmplification);
  if (uncovered > 0) {
    severity = "error";
    reasons.push(`uncovered bad debt ${formatUsd(uncovered)}`);
  }
  if (amplified.length > 0 || totalBadDebt(result) > 0 || totalStuck(result) > 0) {
    if (severity !== "error") severity = "warning";
    for (const [asset, amp] of amplified)
      reasons.push(`${asset} amplification x${amp.toFixed(2)} > x${warnAmplification}`);
    if (totalBadDebt(result) > 0 && uncovered === 0)
      reasons.push(`bad debt ${formatUsd(totalBadDebt(result))}, covered`);
    if (totalStuck(result) > 0) reasons.push(`stuck debt ${formatUsd(totalStuck(result))} no liquidator will take`);
  }
  return { severity, reasons };
}

export function scenarioProblems(
  doc: JsonDocument,
  scenarioNames: readonly string[],
  results: readonly ScenarioResult[],
  warnAmplification: number,
): Problem[] {
  return results.map((result) => {
    const index = scenarioNames.indexOf(result.name);
    const { severity, reasons } = scenarioOutcome(result, warnAmplification);
    const summary = scenarioSummary(result);
    return {
      code: SCENARIO_OUTCOME_CODE,
      severity,
      message: reasons.length > 0 ? `${summary} [${reasons.join("; ")}]` : summary,
      range: doc.rangeOf(["scenarios", index, "name"]),
    };
  });
}
