/**
 * The figures a designer reads first (panel header, status bar). Stuck debt stands beside
 * bad debt everywhere: lowering a liquidation bonus can shrink bad debt and push the
 * critical shock out while liquidations stop and hundreds of millions of debt are left
 * to no liquidator. A headline that ranked by bad debt alone would call that safer.
 */
import { totalBadDebt, totalStuck, totalStuckBadDebt, totalUncovered, type ScenarioResult } from "../engine/results";
import { formatUsd } from "../rules/formatUsd";

/** Uncovered bad debt first, then stuck debt (it becomes bad debt as prices fall), then bad debt. */
export function worstScenario(results: readonly ScenarioResult[]): ScenarioResult | undefined {
  return [...results].sort(
    (a, b) =>
      totalUncovered(b) - totalUncovered(a) || totalStuck(b) - totalStuck(a) || totalBadDebt(b) - totalBadDebt(a),
  )[0];
}

/** "ETH -45%: $391M uncovered, $209M stuck". */
export function scenarioHeadline(result: ScenarioResult): string {
  const uncovered = totalUncovered(result);
  const stuck = totalStuck(result);
  const parts = [
    uncovered > 0 ? `${formatUsd(uncovered)} uncovered` : "no uncovered bad debt",
    ...(stuck > 0 ? [`${formatUsd(stuck)} stuck`] : []),
  ];
  return `${result.name}: ${parts.join(", ")}`;
}

/** The largest stuck debt over the scenarios, with its overlap with bad debt. */
export function largestStuckDebt(results: readonly ScenarioResult[]): string {
  const largest = [...results].sort((a, b) => totalStuck(b) - totalStuck(a))[0];
  if (!largest || totalStuck(largest) === 0) return results.length > 0 ? "none" : "n/a";
  const overlap = totalStuckBadDebt(largest);
  return `${formatUsd(totalStuck(largest))} in ${largest.name}${overlap > 0 ? ` (of which ${formatUsd(overlap)} bad debt)` : ""}`;
}
