/** A chart's data as CSV: one row per x, one column per dataset. */
import type { ChartSpec } from "../shared/chartModel";
import { heatmapCsv } from "./heatmapChart";

export function chartCsv(chart: ChartSpec): string {
  if (chart.heatmap) return heatmapCsv(chart);
  const xs = [...new Set(chart.datasets.flatMap((d) => d.data.map((p) => p.x)))].sort((a, b) => a - b);
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lookups = chart.datasets.map((d) => new Map(d.data.map((p) => [p.x, p.y])));
  const rows = [[chart.xTitle, ...chart.datasets.map((d) => d.label)].map(quote).join(",")];
  // x values are computed (k x 0.6 / 60 x 100 is 1.0000000000000002): twelve significant digits drop that noise.
  for (const x of xs) rows.push([Number(x.toPrecision(12)), ...lookups.map((lookup) => lookup.get(x) ?? "")].join(","));
  return rows.join("\n") + "\n";
}

/** "lending-pool - Liquidation curve WETH.csv": the risk file's name first, so exports of several files do not collide. */
export function exportFileName(riskFilePath: string, chartTitle: string, extension: string): string {
  const base = (riskFilePath.split(/[\\/]/).pop() ?? "risk").replace(/\.risk\.jsonc?$|\.jsonc?$/, "");
  return `${base} - ${chartTitle}.${extension}`.replace(/[\\/:*?"<>|]/g, " ").replace(/\s+/g, " ");
}
