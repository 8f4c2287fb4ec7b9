/**
 * Compact human-readable reports for the terminal. Every line goes through `printable`,
 * after it is built and before lines are joined: a name with a newline stays on its line.
 */
import type { CurveResult } from "../engine/curve";
import type { ScenarioResult } from "../engine/results";
import { stillLiquidating, totalBadDebt, totalUncovered, totalLiquidations, totalStuck, totalStuckBadDebt } from "../engine/results";
import type { SweepResult } from "../engine/sweep";
import type { Problem } from "../model/problem";
import { printable } from "../model/printable";
import { formatUsd } from "../rules/formatUsd";

export const signedPercent = (fraction: number): string => {
  const text = (fraction * 100).toFixed(1);
  // No sign on what rounds to zero ("+0.0 %" and "-0.0 %" read as moves that did not happen).
  return Number(text) === 0 ? "0.0 %" : `${fraction > 0 ? "+" : ""}${text} %`;
};
export const multiple = (value: number): string => `x${value.toFixed(2)}`;

/** file:line:column (1-based, as terminals and editors link them) severity code message. */
export function problemLine(file: string, problem: Problem): string {
  const { line, character } = problem.range.start;
  return printable(`${problem.file ?? file}:${line + 1}:${character + 1}: ${problem.severity} ${problem.code} ${problem.message}`);
}

/** One line per scenario, the same words as the editor's summary diagnostic. */
export function scenarioSummary(result: ScenarioResult): string {
  const moves = Object.entries(result.amplification)
    .map(([asset, amp]) => `${asset} ${signedPercent(result.drawdown[asset])} (${multiple(amp)})`)
    .join(", ");
  const badDebt = totalBadDebt(result);
  const uncovered = totalUncovered(result);
  const stuck = totalStuck(result);
  return [
    `${result.name}: ${moves || "no shocked asset"} after ${result.rounds} round${result.rounds === 1 ? "" : "s"}${result.halted ? ", halted" : stillLiquidating(result) ? " (maxRounds reached while still liquidating: figures are lower bounds)" : ""}`,
    `${totalLiquidations(result)} liquidations, ${formatUsd(result.liquidatedUsd)} liquidated`,
    badDebt > 0 ? `bad debt ${formatUsd(badDebt)}, ${formatUsd(uncovered)} uncovered` : "no bad debt",
    ...(stuck > 0 ? [stuckDebtPhrase(stuck, totalStuckBadDebt(result))] : []),
  ].join("; ");
}

/** Stuck debt with its overlap with bad debt said once, the same words wherever it is shown. */
export function stuckDebtPhrase(stuckUsd: number, ofWhichBadDebtUsd: number): string {
  if (!(ofWhichBadDebtUsd > 0)) return `stuck debt ${formatUsd(stuckUsd)}`;
  if (formatUsd(ofWhichBadDebtUsd) === formatUsd(stuckUsd)) return `stuck debt ${formatUsd(stuckUsd)}, all of it already bad debt (not backed by collateral)`;
  return `stuck debt ${formatUsd(stuckUsd)}, of which ${formatUsd(ofWhichBadDebtUsd)} is already bad debt (not backed by collateral)`;
}

export function simulationReport(file: string, results: readonly ScenarioResult[]): string {
  const lines = [`${file}: ${results.length} scenario${results.length === 1 ? "" : "s"}`];
  for (const result of results) {
    lines.push(`  ${scenarioSummary(result)}`);
    for (const venue of result.venues) {
      lines.push(`    ${venue.name}: ${venue.liquidations} liquidations, bad debt ${formatUsd(venue.badDebtUsd)} (covered ${formatUsd(venue.coveredUsd)}, uncovered ${formatUsd(venue.uncoveredUsd)}), ${stuckDebtPhrase(venue.stuckDebtUsd, Math.min(venue.stuckDebtUsd, venue.badDebtUsd))}`);
    }
  }
  return lines.map(printable).join("\n");
}

export function curveReport(curve: CurveResult): string {
  const header = `Liquidation curve of ${curve.asset}; critical shock: ${curve.criticalShock === null ? "none" : signedPercent(-curve.criticalShock)}`;
  const rows = curve.points.map((p) =>
    [signedPercent(-p.drawdown).padStart(8), signedPercent(p.finalDrawdown).padStart(9), formatUsd(p.staticUsd).padStart(9), formatUsd(p.liquidatedUsd).padStart(11), formatUsd(p.badDebtUsd).padStart(9), formatUsd(p.uncoveredUsd).padStart(10)].join("  "),
  );
  return [header, "   shock      final     static  liquidated   bad debt  uncovered", ...rows].map(printable).join("\n");
}

export function curveCsv(curve: CurveResult): string {
  const lines = ["drawdown,staticUsd,finalDrawdown,liquidatedUsd,badDebtUsd,uncoveredUsd"];
  for (const p of curve.points) lines.push([p.drawdown, p.staticUsd, p.finalDrawdown, p.liquidatedUsd, p.badDebtUsd, p.uncoveredUsd].join(","));
  return lines.join("\n");
}

export function sweepReport(sweep: SweepResult): string {
  const lines = [`Sweep of ${sweep.param}`];
  for (const point of sweep.points) {
    if (point.error) {
      lines.push(`  ${point.value}: not simulated (${point.error})`);
      continue;
    }
    const cells = point.scenarios.map((s) => `${s.name}: bad debt ${formatUsd(s.badDebtUsd)}, uncovered ${formatUsd(s.uncoveredUsd)}, stuck ${formatUsd(s.stuckDebtUsd)}`);
    lines.push(`  ${point.value}: ${cells.join("; ")}`);
  }
  return lines.map(printable).join("\n");
}
