/**
 * Sweep Two Parameters...: two fields and their ranges, a metric, the grid split over the
 * simulation workers, and a heatmap in the panel with the file's own point marked and
 * the cells where a rule fires hatched (exportable as PNG and CSV like every chart).
 */
import * as vscode from "vscode";
import { heatmapChart } from "../analysis/heatmapChart";
import type { Sweep2Metric } from "../analysis/sweep2";
import type { Sweep2ResultMessage } from "../shared/resultProtocol";
import type { CommandContext } from "./commandContext";
import { askSweep, outlineOf, sweepInPanel, type SweepArguments } from "./designerCommands";

export interface Sweep2Arguments {
  x: SweepArguments;
  y: SweepArguments;
  metric?: Sweep2Metric;
}

const METRICS: { label: string; metric: Sweep2Metric }[] = [
  { label: "Uncovered bad debt", metric: "uncoveredUsd" },
  { label: "Bad debt", metric: "badDebtUsd" },
  { label: "Stuck debt (no liquidator takes it)", metric: "stuckDebtUsd" },
  { label: "Amplification", metric: "amplification" },
];

/** The grid is at most 101 x 101 in the editor (the CLI's sweep2 takes larger ones). */
const MAX_EDITOR_STEPS = 100;

export async function sweepTwoParameters(
  context: CommandContext,
  document: vscode.TextDocument,
  args?: Sweep2Arguments,
): Promise<Sweep2ResultMessage | undefined> {
  const file = await outlineOf(context, document);
  if (!file) return undefined;
  const x = args?.x ?? (await askSweep(file, "Sweep two parameters: the first (x)"));
  if (!x) return undefined;
  const y = args?.y ?? (await askSweep(file, "Sweep two parameters: the second (y)"));
  if (!y) return undefined;
  const metric =
    args?.metric ??
    (await vscode.window.showQuickPick(METRICS, { title: "Sweep two parameters: the figure in each cell" }))?.metric;
  if (!metric) return undefined;
  if (x.steps > MAX_EDITOR_STEPS || y.steps > MAX_EDITOR_STEPS) {
    void vscode.window.showErrorMessage(
      `Cascade Lens: at most ${MAX_EDITOR_STEPS} steps per axis here; larger grids run with cascade-lens sweep2 (and --shard).`,
    );
    return undefined;
  }
  const cells = (x.steps + 1) * (y.steps + 1);
  const run = await sweepInPanel(
    context,
    document,
    (workers) => `Cascade Lens: sweeping ${x.param} x ${y.param} (${cells} cells, ${workers} workers)`,
    (workers, timeoutMs, signal) =>
      context.analysis.sweep2(document, { sweep2: { x, y, metric }, workers, timeoutMs }, { signal }),
  );
  if (!run) return undefined;
  const { panel, result, workers } = run;
  const now = (param: string) => file.sweepable.find((f) => f.param === param)?.now;
  const currentX = now(x.param);
  const currentY = now(y.param);
  panel.showSweep([
    heatmapChart(result, currentX === undefined || currentY === undefined ? null : { x: currentX, y: currentY }),
  ]);
  const hatched = result.cells.filter((c) => c.rules.length > 0).length;
  context.output.appendLine(
    `Sweep of ${x.param} (${x.from} to ${x.to}, ${x.steps} steps) x ${y.param} (${y.from} to ${y.to}, ${y.steps} steps): ${cells} cells, ${hatched} where a rule fires, ${workers} workers.`,
  );
  return result;
}
