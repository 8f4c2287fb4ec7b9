/** A ChartSpec (what to draw) plus the theme (how it looks) to a Chart.js configuration. */
import type { ChartConfiguration, ChartDataset } from "chart.js";
import { formatUsd } from "../rules/formatUsd";
import type { AxisUnit, ChartSpec } from "../shared/chartModel";
import type { ChartTheme } from "./theme";

export function formatValue(value: number, unit: AxisUnit): string {
  switch (unit) {
    case "usd":
      return formatUsd(value);
    case "percent":
      return `${Number(value.toFixed(2))} %`;
    case "round":
      // Ticks at the half-round margins are not rounds.
      return Number.isInteger(value) ? `round ${value}` : "";
    case "healthFactor":
      return `HF ${value.toFixed(2)}`;
    case "multiple":
      return `x${value.toFixed(2)}`;
    case "number":
      return String(Number(value.toPrecision(6)));
  }
}

/** A round axis from round 0 (the shock) to the last, half a round of margin so the end bars show whole. */
function roundAxis(spec: ChartSpec): { min: number; max: number } {
  const last = Math.max(0, ...spec.datasets.flatMap((d) => d.data.map((p) => p.x)));
  return { min: -0.5, max: last + 0.5 };
}

function logAxis<T extends { ticks: object }>(linear: T, unit: AxisUnit) {
  const label = (value: string | number) =>
    Number(value) >= 1 && Number.isInteger(Number(value)) ? formatValue(Number(value), unit) : "";
  return {
    ...linear,
    type: "logarithmic" as const,
    min: 0.8,
    beginAtZero: false,
    ticks: { ...linear.ticks, callback: label },
  };
}

/** Tooltips show the exact number beside the rounded one. */
const exact = (value: number, unit: AxisUnit) =>
  unit === "usd"
    ? `${formatUsd(value)} (${value.toLocaleString("en-US", { maximumFractionDigits: 2 })} USD)`
    : formatValue(value, unit);

const withAlpha = (color: string, alpha: number) =>
  color.startsWith("#") && color.length === 7
    ? color +
      Math.round(alpha * 255)
        .toString(16)
        .padStart(2, "0")
    : color;

export function chartConfig(spec: ChartSpec, theme: ChartTheme): ChartConfiguration {
  const color = (index: number) => theme.palette[index % theme.palette.length];
  const datasets: ChartDataset[] = spec.datasets.map((d) => ({
    type: d.type,
    label: d.label,
    data: d.data,
    stack: d.stack,
    yAxisID: d.secondaryAxis ? "y2" : "y",
    borderColor: color(d.colorIndex),
    backgroundColor: d.type === "bar" ? withAlpha(color(d.colorIndex), 0.7) : color(d.colorIndex),
    borderDash: d.dashed ? [6, 4] : undefined,
    borderWidth: d.type === "bar" ? 0 : 2,
    pointRadius: 0,
    pointHoverRadius: 4,
    order: d.type === "bar" ? 2 : 1,
  })) as ChartDataset[];
  if (spec.markerX !== null && spec.markerX !== undefined) {
    const top = Math.max(0, ...spec.datasets.filter((d) => !d.secondaryAxis).flatMap((d) => d.data.map((p) => p.y)));
    datasets.push({
      type: "line",
      label: spec.markerLabel ?? "marker",
      data: [
        { x: spec.markerX, y: 0 },
        { x: spec.markerX, y: top },
      ],
      borderColor: theme.foreground,
      borderDash: [2, 3],
      borderWidth: 1,
      pointRadius: 0,
      yAxisID: "y",
    } as ChartDataset);
  }
  const axis = (title: string, unit: AxisUnit, position?: "left" | "right") => ({
    type: "linear" as const,
    position,
    title: { display: true, text: title, color: theme.foreground },
    // Rounds are whole: no "round 1.5" tick, and bars sit on their round's tick.
    ticks: {
      color: theme.foreground,
      callback: (value: string | number) => formatValue(Number(value), unit),
      ...(unit === "round" ? { precision: 0, stepSize: undefined } : {}),
    },
    grid: { color: theme.grid, drawOnChartArea: position !== "right" },
    stacked: spec.datasets.some((d) => d.stack !== undefined) || undefined,
    beginAtZero: unit === "usd",
  });
  const scales: Record<string, unknown> = {
    x: {
      ...axis(spec.xTitle, spec.xUnit),
      stacked: spec.datasets.some((d) => d.stack !== undefined) || undefined,
      beginAtZero: false,
      ...(spec.xUnit === "round" ? roundAxis(spec) : {}),
    },
    // A log axis from just under 1, so a bin of one path has a bar; empty bins have none.
    y: spec.yLog ? logAxis(axis(spec.yTitle, spec.yUnit, "left"), spec.yUnit) : axis(spec.yTitle, spec.yUnit, "left"),
  };
  if (spec.y2Unit) scales.y2 = axis(spec.y2Title ?? "", spec.y2Unit, "right");
  return {
    type: "line",
    data: { datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      normalized: true,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      color: theme.foreground,
      font: { family: theme.fontFamily, size: theme.fontSize },
      scales: scales as never,
      plugins: {
        legend: { labels: { color: theme.foreground, boxWidth: 12 } },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? formatValue(items[0].parsed.x ?? 0, spec.xUnit) : ""),
            label: (item) =>
              `${item.dataset.label}: ${exact(item.parsed.y ?? 0, item.dataset.yAxisID === "y2" ? (spec.y2Unit ?? spec.yUnit) : spec.yUnit)}`,
          },
        },
      },
    },
  };
}
