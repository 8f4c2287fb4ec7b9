/**
 * The two-parameter sweep drawn on a plain canvas (Chart.js has no heatmap): one cell per
 * grid point, green to red from the smallest to the largest figure, cells where a rule
 * fires hatched, the file's own point circled, a colour scale with its ends.
 */
import type { ChartSpec } from "../shared/chartModel";
import { formatValue } from "./chartConfig";
import type { ChartTheme } from "./theme";

const MARGIN = { left: 80, right: 120, top: 12, bottom: 56 };

const label = (value: number): string => String(Number(value.toPrecision(4)));

/** Green (lowest) to red (highest): hue 120 to 0. */
const ramp = (t: number): string => `hsl(${Math.round(120 * (1 - t))}, 70%, 45%)`;

export function drawHeatmap(canvas: HTMLCanvasElement, spec: ChartSpec, theme: ChartTheme): void {
  const grid = spec.heatmap!;
  const context = canvas.getContext("2d");
  if (!context) return;
  const width = canvas.width;
  const height = canvas.height;
  context.clearRect(0, 0, width, height);
  context.font = `${theme.fontSize}px ${theme.fontFamily}`;
  context.fillStyle = theme.foreground;
  const nx = grid.xValues.length;
  const ny = grid.yValues.length;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const cellWidth = plotWidth / nx;
  const cellHeight = plotHeight / ny;
  const finite = grid.values.filter((v): v is number => v !== null && Number.isFinite(v));
  const low = finite.length ? Math.min(...finite) : 0;
  const high = finite.length ? Math.max(...finite) : 1;
  const share = (v: number) => (high > low ? (v - low) / (high - low) : 0);
  grid.values.forEach((value, c) => {
    const i = Math.floor(c / ny);
    const j = c % ny;
    const x = MARGIN.left + i * cellWidth;
    const y = MARGIN.top + (ny - 1 - j) * cellHeight;
    context.fillStyle = value === null ? theme.grid : ramp(share(value));
    context.fillRect(x, y, Math.ceil(cellWidth), Math.ceil(cellHeight));
    if (grid.hatched[c]) {
      context.save();
      context.beginPath();
      context.rect(x, y, cellWidth, cellHeight);
      context.clip();
      context.strokeStyle = "rgba(0, 0, 0, 0.55)";
      context.lineWidth = 1.5;
      for (let d = -cellHeight; d < cellWidth; d += 7) {
        context.moveTo(x + d, y + cellHeight);
        context.lineTo(x + d + cellHeight, y);
      }
      context.stroke();
      context.restore();
    }
  });
  // Axes: a few tick labels on each, then the titles.
  context.fillStyle = theme.foreground;
  context.textAlign = "center";
  context.textBaseline = "top";
  const every = (n: number) => Math.max(1, Math.ceil(n / 8));
  grid.xValues.forEach((v, i) => {
    if (i % every(nx) === 0)
      context.fillText(label(v), MARGIN.left + (i + 0.5) * cellWidth, height - MARGIN.bottom + 6);
  });
  context.fillText(spec.xTitle, MARGIN.left + plotWidth / 2, height - MARGIN.bottom + 28);
  context.textAlign = "right";
  context.textBaseline = "middle";
  grid.yValues.forEach((v, j) => {
    if (j % every(ny) === 0) context.fillText(label(v), MARGIN.left - 6, MARGIN.top + (ny - 0.5 - j) * cellHeight);
  });
  context.save();
  context.translate(14, MARGIN.top + plotHeight / 2);
  context.rotate(-Math.PI / 2);
  context.textAlign = "center";
  context.fillText(spec.yTitle.split(".").slice(-2).join(" "), 0, 0);
  context.restore();
  // The file's own point, placed continuously between the grid's values.
  if (grid.current) {
    const at = (values: number[], v: number) =>
      values.length > 1 ? ((v - values[0]) / (values[values.length - 1] - values[0])) * (values.length - 1) : 0;
    const cx = MARGIN.left + (at(grid.xValues, grid.current.x) + 0.5) * cellWidth;
    const cy = MARGIN.top + (ny - 0.5 - at(grid.yValues, grid.current.y)) * cellHeight;
    context.beginPath();
    context.arc(cx, cy, Math.max(5, Math.min(cellWidth, cellHeight) / 3), 0, 2 * Math.PI);
    context.lineWidth = 3;
    context.strokeStyle = theme.foreground;
    context.stroke();
  }
  // The colour scale.
  const scaleX = width - MARGIN.right + 24;
  for (let k = 0; k < plotHeight; k++) {
    context.fillStyle = ramp(1 - k / plotHeight);
    context.fillRect(scaleX, MARGIN.top + k, 16, 1);
  }
  context.fillStyle = theme.foreground;
  context.textAlign = "left";
  context.textBaseline = "top";
  context.fillText(formatValue(high, spec.yUnit), scaleX + 20, MARGIN.top);
  context.textBaseline = "bottom";
  context.fillText(formatValue(low, spec.yUnit), scaleX + 20, MARGIN.top + plotHeight);
}
