/**
 * Compact human-readable reports for the terminal. Every line goes through `printable`,
 * after it is built and before lines are joined: a name with a newline stays on its line.
 */
import type { CurveResult } from "../engine/curve";
import { stuckBadDebt, type ScenarioResult } from "../engine/results";
import type { SweepResult } from "../engine/sweep";
import { mechanismPhrase, scenarioSummary, signedPercent, stuckDebtPhrase } from "../analysis/summaries";
import type { Problem } from "../model/problem";
import { printable } from "../model/printable";
import { formatUsd } from "../rules/formatUsd";

/** file:line:column (1-based, as terminals and editors link them) severity code message. */
export function problemLine(file: string, problem: Problem): string {
  const { line, character } = problem.range.start;
  return printable(
    `${problem.file ?? file}:${line + 1}:${character + 1}: ${problem.severity} ${problem.code} ${problem.message}`,
  );
}

export function simulationReport(file: string, results: readonly ScenarioResult[]): string {
  const lines = [`${file}: ${results.length} scenario${results.length === 1 ? "" : "s"}`];
  for (const result of results) {
    lines.push(`  ${scenarioSummary(result)}`);
    for (const venue of result.venues) {
      lines.push(
        `    ${venue.name}: ${venue.liquidations} liquidations, bad debt ${formatUsd(venue.badDebtUsd)} (covered ${formatUsd(venue.coveredUsd)}, uncovered ${formatUsd(venue.uncoveredUsd)}), ${stuckDebtPhrase(venue.stuckDebtUsd, stuckBadDebt(venue))}${mechanismPhrase(venue) ? `; ${mechanismPhrase(venue)}` : ""}`,
      );
    }
  }
  return lines.map(printable).join("\n");
}

export function curveReport(curve: CurveResult): string {
  const header = `Liquidation curve of ${curve.asset}; critical shock: ${curve.criticalShock === null ? "none" : signedPercent(-curve.criticalShock)}`;
  const rows = curve.points.map((p) =>
    [
      signedPercent(-p.drawdown).padStart(8),
      signedPercent(p.finalDrawdown).padStart(9),
      formatUsd(p.staticUsd).padStart(9),
      formatUsd(p.liquidatedUsd).padStart(11),
      formatUsd(p.badDebtUsd).padStart(9),
      formatUsd(p.uncoveredUsd).padStart(10),
    ].join("  "),
  );
  return [header, "   shock      final     static  liquidated   bad debt  uncovered", ...rows]
    .map(printable)
    .join("\n");
}

export function curveCsv(curve: CurveResult): string {
  const lines = ["drawdown,staticUsd,finalDrawdown,liquidatedUsd,badDebtUsd,uncoveredUsd"];
  for (const p of curve.points)
    lines.push([p.drawdown, p.staticUsd, p.finalDrawdown, p.liquidatedUsd, p.badDebtUsd, p.uncoveredUsd].join(","));
  return lines.join("\n");
}

export function sweepReport(sweep: SweepResult): string {
  const lines = [`Sweep of ${sweep.param}`];
  for (const point of sweep.points) {
    if (point.error) {
      lines.push(`  ${point.value}: not simulated (${point.error})`);
      continue;
    }
    const cells = point.scenarios.map(
      (s) =>
        `${s.name}: bad debt ${formatUsd(s.badDebtUsd)}, uncovered ${formatUsd(s.uncoveredUsd)}, stuck ${formatUsd(s.stuckDebtUsd)}`,
    );
    lines.push(`  ${point.value}: ${cells.join("; ")}`);
  }
  return lines.map(printable).join("\n");
}
