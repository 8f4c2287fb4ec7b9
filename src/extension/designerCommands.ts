/**
 * The designer's palette commands. Each takes its inputs as arguments (so tests and other
 * extensions can call it without prompts) and asks with quick picks for what is missing.
 */
import * as vscode from "vscode";
import { scenarioSummary, signedPercent } from "../analysis/summaries";
import type { ScenarioResult } from "../engine/results";
import type { SweepResult } from "../engine/sweep";
import { sweepCharts } from "../analysis/panelModel";
import { parseShock } from "../analysis/shockInput";
import { formatUsd } from "../rules/formatUsd";
import type { FileOutline } from "../shared/analysisProtocol";
import type { AnalysisResult } from "../shared/resultProtocol";
import { limitSettings, workerCount } from "./limitSettings";
import type { CommandContext } from "./commandContext";
import { CurvePanel } from "./curvePanel";

export const TEMPLATES = {
  "lending-pool": "Lending pool (Aave-v3-style markets)",
  "perps-venue": "Perpetuals venue (dYdX v4 margins)",
  "two-venues": "Lending pool + perps venue sharing WETH",
  "aave-v33-pool": "Aave v3.3 pool (version 2: $2,000 rule, dust, deficit)",
  "morpho-markets": "Morpho Blue markets (version 2)",
  "euler-prime": "Euler v2 vault (version 2: reverse Dutch auction)",
  "compound-usdc": "Compound v3 market (version 2: absorb and storefront)",
  "maker-eth-a": "Maker / Sky vaults (version 2: auctions and hole limits)",
  "liquity-v1": "Liquity v1 branch (version 2: stability pool, redistribution)",
  "perps-tiers": "Perps with margin tiers, partial liquidation, backstop (version 2)",
  "options-venue": "Options venue beside a lending pool (version 2: dealer gamma)",
} as const;
export type TemplateKind = keyof typeof TEMPLATES;

export interface CustomShock {
  asset: string;
  shock: number;
}

/** The file as the commands ask about it (scenarios, assets, sweepable fields), or undefined with a message when it has errors. */
export async function outlineOf(
  context: CommandContext,
  document: vscode.TextDocument,
): Promise<FileOutline | undefined> {
  const outline = await context.analysis.outline(document);
  if (!outline)
    void vscode.window.showErrorMessage("Cascade Lens: fix the file's errors first (see the Problems panel).");
  return outline ?? undefined;
}

/** Run Scenario: one of the file's scenarios, or a custom shock; the result in the panel and the run log. */
export async function runScenario(
  context: CommandContext,
  document: vscode.TextDocument,
  name?: string,
  custom?: CustomShock,
): Promise<ScenarioResult | undefined> {
  const file = await outlineOf(context, document);
  if (!file) return undefined;
  if (name === undefined && custom === undefined) {
    const picked = await vscode.window.showQuickPick(
      [
        ...file.scenarios.map((s) => ({
          label: s.name,
          description: Object.entries(s.shocks)
            .map(([a, v]) => `${a} ${signedPercent(v)}`)
            .join(", "),
        })),
        { label: "Custom shock…", description: "an asset and a size" },
      ],
      { title: "Cascade Lens: Run Scenario" },
    );
    if (!picked) return undefined;
    if (picked.label === "Custom shock…") custom = await askCustomShock(file.assets.map((asset) => asset.name));
    else name = picked.label;
    if (!custom && name === undefined) return undefined;
  }
  if (
    custom &&
    !(file.assets.some((asset) => asset.name === custom.asset) && custom.shock > -1 && Number.isFinite(custom.shock))
  ) {
    void vscode.window.showErrorMessage(`Cascade Lens: a custom shock needs a known asset and a size above -100 %.`);
    return undefined;
  }
  const scenarioName = custom ? `${custom.asset} ${signedPercent(custom.shock)} (custom)` : name!;
  if (!custom && !file.scenarios.some((s) => s.name === scenarioName)) {
    void vscode.window.showErrorMessage(`Cascade Lens: no scenario named "${scenarioName}".`);
    return undefined;
  }
  const panel = await CurvePanel.show(context, document, { runsItsOwn: true });
  const result = await context.simulation.simulate(
    document,
    custom ? { extraScenarios: [{ name: scenarioName, shocks: { [custom.asset]: custom.shock } }] } : {},
  );
  const scenario = result?.scenarios.find((s) => s.name === scenarioName);
  if (scenario) {
    panel.select(scenarioName);
    context.output.show(true);
    if (custom)
      void vscode.window.showInformationMessage(
        `Cascade Lens: ran ${custom.asset} ${signedPercent(custom.shock)} (shock ${custom.shock}): ${scenarioSummary(scenario).slice(scenarioName.length + 2)}`,
      );
  }
  return scenario;
}

async function askCustomShock(assets: string[]): Promise<CustomShock | undefined> {
  const asset = await vscode.window.showQuickPick(assets, { title: "Custom shock: asset" });
  if (!asset) return undefined;
  const size = await vscode.window.showInputBox({
    title: `Custom shock: ${asset} price change`,
    prompt: "As in the file, a fraction (-0.35), or a percentage with its sign (-35%)",
    // The reading of what is typed is echoed as it is typed, so -0.35 and -35% are never confused.
    validateInput: (text) => {
      const parsed = parseShock(text);
      return "error" in parsed
        ? parsed.error
        : { message: `${asset} ${parsed.echo}`, severity: vscode.InputBoxValidationSeverity.Info };
    },
  });
  const parsed = size === undefined ? undefined : parseShock(size);
  return parsed && "shock" in parsed ? { asset, shock: parsed.shock } : undefined;
}

/** Find Critical Shock: per shocked asset, the smallest drawdown that leaves uncovered bad debt. */
export async function findCriticalShock(
  context: CommandContext,
  document: vscode.TextDocument,
): Promise<{ asset: string; criticalShock: number | null }[] | undefined> {
  const file = await outlineOf(context, document);
  if (!file) return undefined;
  const assets = [...new Set(file.scenarios.flatMap((s) => Object.keys(s.shocks)))];
  if (assets.length === 0) assets.push(file.curve.asset);
  await CurvePanel.show(context, document, { runsItsOwn: true });
  const result = await context.simulation.simulate(document, { criticalShockAssets: assets });
  if (!result?.criticalShocks) return undefined;
  const maxDrawdown = file.curve.maxDrawdown;
  const text = result.criticalShocks
    .map(
      ({ asset, criticalShock }) =>
        `${asset} ${criticalShock === null ? `none up to ${signedPercent(-maxDrawdown)}` : signedPercent(-criticalShock)}`,
    )
    .join(", ");
  context.output.appendLine(`Critical shocks of ${vscode.workspace.asRelativePath(document.uri)}: ${text}`);
  void vscode.window.showInformationMessage(`Cascade Lens critical shock: ${text}`);
  return result.criticalShocks;
}

/**
 * A sweep's course in the editor: the panel, with the file's own analysis first (the sweep's
 * charts join its other charts), one worker per core unless the setting says otherwise, a
 * cancellable progress, and an error shown instead of a result.
 */
export async function sweepInPanel<R extends object>(
  context: CommandContext,
  document: vscode.TextDocument,
  title: (workers: number) => string,
  request: (workers: number, timeoutMs: number, signal: AbortSignal) => Promise<R | { error: string }>,
): Promise<{ panel: CurvePanel; result: R; workers: number } | undefined> {
  const panel = await CurvePanel.show(context, document);
  if (!context.simulation.lastRun(document.uri)?.panel) await context.simulation.simulate(document);
  const workers = workerCount(document.uri);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: title(workers), cancellable: true },
    (_, token) => {
      const cancel = new AbortController();
      token.onCancellationRequested(() => cancel.abort());
      return request(workers, limitSettings(document.uri).maxRunMs, cancel.signal).catch((error: Error) => ({
        error: error.message,
      }));
    },
  );
  if ("error" in result) {
    void vscode.window.showErrorMessage(`Cascade Lens: ${result.error}`);
    return undefined;
  }
  return { panel, result, workers };
}

export interface SweepArguments {
  param: string;
  from: number;
  to: number;
  steps: number;
}

/** Sweep Parameter: every scenario for each value; bad debt, uncovered and amplification charted in the panel. */
export async function sweepParameter(
  context: CommandContext,
  document: vscode.TextDocument,
  args?: SweepArguments,
): Promise<SweepResult | undefined> {
  const file = await outlineOf(context, document);
  if (!file) return undefined;
  const request = args ?? (await askSweep(file));
  if (!request) return undefined;
  const run = await sweepInPanel(
    context,
    document,
    (workers) => `Cascade Lens: sweeping ${request.param} (${request.steps + 1} values, ${workers} workers)`,
    (workers, timeoutMs, signal) =>
      context.analysis.sweep(document, { sweep: request, workers, timeoutMs }, { signal }),
  );
  if (!run) return undefined;
  const { panel, result: sweep, workers } = run;
  panel.showSweep(sweepCharts(sweep));
  context.output.appendLine(
    `Sweep of ${request.param} from ${request.from} to ${request.to} (${request.steps} steps, ${workers} workers):`,
  );
  for (const point of sweep.points) {
    context.output.appendLine(
      `  ${point.value}: ${point.error ?? point.scenarios.map((s) => `${s.name} bad debt ${formatUsd(s.badDebtUsd)} (${formatUsd(s.uncoveredUsd)} uncovered)`).join("; ")}`,
    );
  }
  return sweep;
}

export async function askSweep(file: FileOutline, title = "Sweep: parameter"): Promise<SweepArguments | undefined> {
  // Every numeric field the CLI can sweep, in words, its path and value beside it.
  const fields = file.sweepable;
  const field = await vscode.window.showQuickPick(
    fields.map((f) => ({ label: f.label, description: `now ${f.now}`, detail: f.param, field: f })),
    { title, matchOnDescription: true, matchOnDetail: true },
  );
  if (!field) return undefined;
  const now = field.field.now;
  // ±10 % around the value (fractions stay below 1); a zero is swept from 0 to 1.
  const to = now === 0 ? 1 : now <= 1 ? Math.min(now * 1.1, 0.99) : now * 1.1;
  const range = await vscode.window.showInputBox({
    title: `Sweep ${field.label}: from, to, steps`,
    value: `${Number((now * 0.9).toPrecision(6))} ${Number(to.toPrecision(6))} 10`,
    validateInput: (text) =>
      parseRange(text) ? undefined : "three numbers: from to steps (steps a whole number 1..1000)",
  });
  const parsed = range === undefined ? undefined : parseRange(range);
  return parsed && { param: field.field.param, ...parsed };
}

function parseRange(text: string): { from: number; to: number; steps: number } | undefined {
  const [from, to, steps] = text
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  return Number.isFinite(from) && Number.isFinite(to) && Number.isInteger(steps) && steps >= 1 && steps <= 1000
    ? { from, to, steps }
    : undefined;
}

/** New Risk File from Template: an example, as an untitled file or written to `target` (never over an existing file). */
export async function newFromTemplate(
  context: CommandContext,
  kind?: TemplateKind,
  target?: vscode.Uri,
): Promise<vscode.TextDocument | undefined> {
  const chosen =
    kind ??
    (
      await vscode.window.showQuickPick(
        Object.entries(TEMPLATES).map(([id, label]) => ({ id: id as TemplateKind, label })),
        { title: "New Risk File from Template" },
      )
    )?.id;
  if (!chosen || !(chosen in TEMPLATES)) return undefined;
  const source = await vscode.workspace.fs.readFile(
    vscode.Uri.joinPath(context.extensionUri, "media", "examples", `${chosen}.risk.json`),
  );
  // The example points at the repository's schema; the extension maps *.risk.json to it anyway.
  const text = new TextDecoder().decode(source).replace(/\n\s*"\$schema": "[^"]*",/, "");
  return openNewRiskFile(text, target, "a template");
}

/** A new risk file shown in an editor: written at `target` (never over an existing file), or untitled. */
export async function openNewRiskFile(
  text: string,
  target: vscode.Uri | undefined,
  what: string,
): Promise<vscode.TextDocument | undefined> {
  if (target) {
    const exists = await vscode.workspace.fs.stat(target).then(
      () => true,
      () => false,
    );
    if (exists) {
      void vscode.window.showErrorMessage(
        `Cascade Lens: ${vscode.workspace.asRelativePath(target)} exists; ${what} never overwrites a file.`,
      );
      return undefined;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  }
  const document = await (target
    ? vscode.workspace.openTextDocument(target)
    : vscode.workspace.openTextDocument({ language: "jsonc", content: text }));
  await vscode.window.showTextDocument(document);
  return document;
}

export interface StressArguments {
  paths?: number;
  seed?: number;
}

/** Stress Test (Monte Carlo): correlated random shocks; the bad-debt distribution in the panel and a notification. */
export async function stressTest(
  context: CommandContext,
  document: vscode.TextDocument,
  args: StressArguments = {},
): Promise<NonNullable<AnalysisResult["monteCarlo"]> | undefined> {
  const file = await outlineOf(context, document);
  if (!file) return undefined;
  if (!file.assets.some((asset) => asset.volatility !== undefined)) {
    void vscode.window.showErrorMessage(
      "Cascade Lens: the stress test needs assets.<ASSET>.volatility (and optionally correlations) in the file; see the README.",
    );
    return undefined;
  }
  const settings = vscode.workspace.getConfiguration("cascadeLens", document.uri);
  const paths = args.paths ?? settings.get<number>("monteCarlo.paths", 500);
  const seed = args.seed ?? settings.get<number>("monteCarlo.seed", 1);
  await CurvePanel.show(context, document, { runsItsOwn: true });
  const result = await context.simulation.simulate(document, { monteCarlo: { paths, seed } });
  const stress = result?.monteCarlo;
  if (!stress) return undefined;
  const text = `bad debt over ${paths} paths: mean ${formatUsd(stress.badDebtUsd.mean)}, 95 % ${formatUsd(stress.badDebtUsd.q95)}, 99 % ${formatUsd(stress.badDebtUsd.q99)}; uncovered in ${(stress.uncoveredProbability * 100).toFixed(1)} % of paths`;
  context.output.appendLine(`Stress test of ${vscode.workspace.asRelativePath(document.uri)} (seed ${seed}): ${text}`);
  void vscode.window.showInformationMessage(`Cascade Lens stress test: ${text}`);
  return stress;
}

/** Export Report: a standalone HTML file for a governance forum post, written where the user (or `target`) says. */
export async function exportReport(
  context: CommandContext,
  document: vscode.TextDocument,
  target?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const file = await outlineOf(context, document);
  if (!file) return undefined;
  const panel = await CurvePanel.show(context, document, { runsItsOwn: true });
  const result = await context.simulation.simulate(document);
  if (!result || result.blockingProblems.length > 0) return undefined;
  // The panel draws the result it was just sent; the images are rendered from that model.
  const images = await panel.collectImages();
  const destination =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(
        document.uri,
        "..",
        `${
          document.uri.path
            .split("/")
            .pop()
            ?.replace(/\.risk\.jsonc?$/, "") ?? "risk"
        }-report.html`,
      ),
      filters: { HTML: ["html"] },
    }));
  if (!destination) return undefined;
  // Built by the analysis worker from the run just shown (the file's parameters and results).
  const report = await context.analysis.report(document, images);
  if (!report) return undefined;
  await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(report.html));
  context.output.appendLine(
    `Report of ${vscode.workspace.asRelativePath(document.uri)} written to ${destination.fsPath}`,
  );
  // Say where it went (a save dialog's default folder is easy to lose), with a way to it.
  void vscode.window
    .showInformationMessage(`Cascade Lens: report written to ${destination.fsPath}`, "Open", "Show in Explorer")
    .then((choice) => {
      if (choice === "Open") void vscode.env.openExternal(destination);
      else if (choice === "Show in Explorer") void vscode.commands.executeCommand("revealInExplorer", destination);
    });
  return destination;
}
