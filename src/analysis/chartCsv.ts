/** A chart's data as CSV: one row per x, one column per dataset. */
import type { ChartSpec } from "../shared/chartModel";

export function chartCsv(chart: ChartSpec): string {
  const xs = [...new Set(chart.datasets.flatMap((d) => d.data.map((p) => p.x)))].sort((a, b) => a - b);
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lookups = chart.datasets.map((d) => new Map(d.data.map((p) => [p.x, p.y])));
  const rows = [[chart.xTitle, ...chart.datasets.map((d) => d.label)].map(quote).join(",")];
  for (const x of xs) rows.push([x, ...lookups.map((lookup) => lookup.get(x) ?? "")].join(","));
  return rows.join("\n") + "\n";
}
