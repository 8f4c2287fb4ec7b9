/**
 * A comparison as the editor shows it: the base's curves overlaid (dashed) on the panel's
 * liquidation curve and cascade response, the verdict and deltas in its header, and a
 * hover on each changed parameter with its old value and the deltas of the change.
 */
import type { ChartSpec, PanelModel } from "../shared/chartModel";
import type { ComparisonSummary } from "../shared/resultProtocol";
import { formatUsd } from "../rules/formatUsd";
import { comparisonSummary, type Comparison } from "./comparison";
import { relativeText, shockText, signedUsd, valueText } from "./comparisonWords";
import type { ParameterChange } from "./parameterDiff";

/** One line per scenario whose outcome moved: uncovered first, the figure a reviewer reads first. */
export function scenarioDeltaLines(summary: ComparisonSummary): string[] {
  return summary.scenarios.map((s) => {
    if (!s.delta || !s.base) return `${s.name}: not run on ${summary.base} (${s.baseNote ?? "no result"})`;
    const moved = (
      [
        ["uncovered", s.base.uncoveredUsd, s.new.uncoveredUsd, s.delta.uncoveredUsd],
        ["bad debt", s.base.badDebtUsd, s.new.badDebtUsd, s.delta.badDebtUsd],
        ["liquidated", s.base.liquidatedUsd, s.new.liquidatedUsd, s.delta.liquidatedUsd],
        ["stuck", s.base.stuckDebtUsd, s.new.stuckDebtUsd, s.delta.stuckDebtUsd],
      ] as const
    ).filter(([, , , d]) => d !== 0);
    return moved.length === 0
      ? `${s.name}: unchanged`
      : `${s.name}: ${moved.map(([what, b, n, d]) => `${what} ${formatUsd(b)} → ${formatUsd(n)} (${signedUsd(d)})`).join(", ")}`;
  });
}

function overlay(chart: ChartSpec, comparison: Comparison, base: string): ChartSpec {
  const curve = comparison.runs.baseCurve;
  if (!curve) return chart;
  const x = (d: number) => d * 100;
  if (chart.id === "curve")
    return {
      ...chart,
      datasets: [
        ...chart.datasets,
        {
          label: `Liquidated in the cascade, ${base}`,
          type: "line",
          data: curve.points.map((p) => ({ x: x(p.drawdown), y: p.liquidatedUsd })),
          colorIndex: 3,
          dashed: true,
        },
      ],
    };
  if (chart.id === "response")
    return {
      ...chart,
      datasets: [
        ...chart.datasets,
        {
          label: `Final drawdown, ${base}`,
          type: "line",
          data: curve.points.map((p) => ({ x: x(p.drawdown), y: x(-p.finalDrawdown) })),
          colorIndex: 3,
          dashed: true,
        },
      ],
    };
  return chart;
}

export function withComparison(model: PanelModel, comparison: Comparison, base: string): PanelModel {
  const summary = comparisonSummary(comparison, base);
  const { asset, base: b, new: n } = comparison.criticalShock;
  const changed = comparison.parameters.length;
  return {
    ...model,
    comparison: {
      base,
      verdict: comparison.verdict,
      deltas: [
        `${changed} parameter${changed === 1 ? "" : "s"} changed`,
        `Critical shock ${asset}: ${shockText(b)} → ${shockText(n)}`,
        ...scenarioDeltaLines(summary),
      ],
    },
    charts: model.charts.map((chart) => overlay(chart, comparison, base)),
  };
}

export const samePath = (a: readonly (string | number)[], b: readonly (string | number)[]): boolean =>
  a.length === b.length && a.every((part, i) => String(part) === String(b[i]));

/**
 * Hover lines for a changed parameter: its value at the base (always current), and the
 * deltas of the whole change from the last compared run, when there is one.
 */
export function comparisonHover(
  change: Pick<ParameterChange, "old" | "new" | "relativeChange">,
  base: string,
  summary: ComparisonSummary | undefined,
  stale: boolean,
): string[] {
  const relative = change.relativeChange === null ? "" : ` (${relativeText(change.relativeChange)})`;
  const lines = [`**At ${base}:** ${valueText(change.old)} → now ${valueText(change.new)}${relative}`];
  if (!summary) return lines;
  const count = summary.parameters.length;
  return [
    ...lines,
    `What the change (${count} parameter${count === 1 ? "" : "s"} together) does${stale ? ", as of the last compared run" : ""}: ${summary.verdict}`,
    ...scenarioDeltaLines(summary).map((line) => `- ${line}`),
  ];
}
