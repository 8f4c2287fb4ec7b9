/** Sweep Two Parameters as the panel draws it: the grid of the worst scenario's figure, rule-breaking cells hatched. */
import type { ChartSpec } from "../shared/chartModel";
import type { Sweep2ResultMessage } from "../shared/resultProtocol";
import { SWEEP_CHART_PREFIX } from "./panelModel";

const METRIC_TITLES = {
  uncoveredUsd: "uncovered bad debt",
  badDebtUsd: "bad debt",
  stuckDebtUsd: "stuck debt",
  amplification: "amplification",
} as const;

/** The last dot-separated names of a parameter path: "WETH liquidationThreshold". */
const shortName = (param: string): string => param.split(".").slice(-2).join(" ");

export function heatmapChart(result: Sweep2ResultMessage, current: { x: number; y: number } | null): ChartSpec {
  const metric = METRIC_TITLES[result.metric];
  return {
    id: `${SWEEP_CHART_PREFIX}2-heatmap`,
    title: `Sweep: ${metric} (worst scenario) by ${shortName(result.x.param)} and ${shortName(result.y.param)}; hatched: a rule fires`,
    xTitle: result.x.param,
    yTitle: result.y.param,
    xUnit: "number",
    yUnit: result.metric === "amplification" ? "multiple" : "usd",
    datasets: [],
    heatmap: {
      xValues: result.x.values,
      yValues: result.y.values,
      values: result.cells.map((c) => c.value),
      hatched: result.cells.map((c) => c.rules.length > 0),
      current,
    },
  };
}

/** The heatmap's cells as CSV: one line per cell, x, y, the figure, whether a rule fires. */
export function heatmapCsv(chart: ChartSpec): string {
  const grid = chart.heatmap!;
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const rows = [
    [chart.xTitle, chart.yTitle, chart.yUnit === "usd" ? "USD" : "value", "rule fires"].map(quote).join(","),
  ];
  grid.values.forEach((value, c) => {
    const x = grid.xValues[Math.floor(c / grid.yValues.length)];
    const y = grid.yValues[c % grid.yValues.length];
    rows.push([x, y, value ?? "", grid.hatched[c] ? "yes" : "no"].join(","));
  });
  return rows.join("\n") + "\n";
}
