/**
 * Simulation on save: runs the file's scenarios (and its curve) in the worker, reports each
 * scenario on its name, logs a summary table, and keeps the status bar and listeners
 * (the panel) up to date. Edits make the results stale, so they are cleared at once.
 */
import * as vscode from "vscode";
import { mechanismPhrase, scenarioSummary } from "../analysis/summaries";
import type { Problem } from "../model/problem";
import type { AnalysisJobs, AnalysisResult } from "../shared/resultProtocol";
import { ChannelError } from "../shared/channel";
import { scenarioHeadline, worstScenario } from "../analysis/headline";
import type { AnalysisClient } from "./analysisClient";
import { toDiagnostic } from "./diagnostics";
import { limitSettings, workerCount } from "./limitSettings";
import { isRiskDocument } from "./riskDocuments";

/** Runs shorter than this finish without a progress notification. */
const PROGRESS_AFTER_MS = 800;

export interface SimulationRun {
  uri: vscode.Uri;
  result: AnalysisResult;
}

export class SimulationController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("cascade-lens-simulation");
  private readonly statusItem = vscode.window.createStatusBarItem(
    "cascadeLens.status",
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly disposables: vscode.Disposable[] = [this.collection, this.statusItem];
  private readonly listeners = new Set<(run: SimulationRun) => void>();
  private readonly lastRuns = new Map<string, AnalysisResult>();
  /** Files whose last run was skipped because validation found errors (their outcome is that notice). */
  private readonly skippedForErrors = new Set<string>();
  private readonly runStarted = new Set<(uri: vscode.Uri) => void>();
  /** Runs this host is waiting for (the worker runs one at a time; a newer one cancels the older). */
  private running = 0;

  constructor(
    private readonly analysis: AnalysisClient,
    private readonly output: vscode.OutputChannel,
    private readonly docsUri: vscode.Uri,
  ) {
    this.statusItem.name = "Cascade Lens";
    this.statusItem.command = "cascadeLens.showOutput";
  }

  start(): void {
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (
          isRiskDocument(document) &&
          vscode.workspace.getConfiguration("cascadeLens", document.uri).get<boolean>("simulateOnSave", true)
        ) {
          void this.simulate(document);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && isRiskDocument(event.document))
          this.collection.delete(event.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.collection.delete(document.uri);
        this.simulatedOnOpen.delete(document.uri.toString());
      }),
      // Outcomes computed with a book that has since gone (or any input now in error) are stale: cleared, not left beside the error.
      this.analysis.onDidValidate((validation) => {
        const last = this.lastRuns.get(validation.uri);
        if (!last) return;
        const hasErrors = validation.problems.some((p) => p.severity === "error");
        // Results beside a new error, or a "skipped: the file has errors" notice once they are fixed, are both stale.
        // (A skipped run keeps its notice while errors remain, and an error only the simulation found stays until the next run.)
        const shownResults = last.blockingProblems.length === 0;
        if ((shownResults && hasErrors) || (this.skippedForErrors.has(validation.uri) && !hasErrors))
          this.collection.delete(vscode.Uri.parse(validation.uri));
      }),
      // Opening a file runs its scenarios once, as a save does, so outcomes appear without a save.
      vscode.window.onDidChangeVisibleTextEditors((editors) => this.simulateOnOpen(editors)),
      // The status bar speaks of the file in front of the user, not of the last file run.
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isRiskDocument(editor.document) && !this.busy) this.showStatus(editor.document.uri);
      }),
    );
    this.simulateOnOpen(vscode.window.visibleTextEditors);
  }

  private readonly simulatedOnOpen = new Set<string>();

  /** Risk files newly shown in an editor, never simulated since they were opened: one run each (off the host thread, cancellable like any run). */
  private simulateOnOpen(editors: readonly vscode.TextEditor[]): void {
    for (const { document } of editors) {
      const key = document.uri.toString();
      if (this.simulatedOnOpen.has(key) || this.lastRuns.has(key) || !isRiskDocument(document)) continue;
      if (!vscode.workspace.getConfiguration("cascadeLens", document.uri).get<boolean>("simulateOnSave", true))
        continue;
      this.simulatedOnOpen.add(key);
      void this.simulate(document);
    }
  }

  onDidSimulate(listener: (run: SimulationRun) => void): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  onDidStartRun(listener: (uri: vscode.Uri) => void): vscode.Disposable {
    this.runStarted.add(listener);
    return new vscode.Disposable(() => this.runStarted.delete(listener));
  }

  /** A run is in flight. */
  get busy(): boolean {
    return this.running > 0;
  }

  lastRun(uri: vscode.Uri): AnalysisResult | undefined {
    return this.lastRuns.get(uri.toString());
  }

  /**
   * Validates, then simulates the document's current text, with optional extra jobs (a
   * custom scenario, critical shocks, a sweep). Resolves undefined when cancelled by a newer run.
   */
  async simulate(document: vscode.TextDocument, jobs: AnalysisJobs = {}): Promise<AnalysisResult | undefined> {
    const uri = document.uri;
    const fileName = vscode.workspace.asRelativePath(uri);
    for (const listener of this.runStarted) listener(uri);
    this.statusItem.text = "$(sync~spin) Cascade Lens: simulating…";
    this.statusItem.show();
    let progressReport: ((message: string, fraction: number) => void) | undefined;
    let lastFraction = 0;
    const userCancel = new AbortController();
    const progressTimer = setTimeout(() => {
      void vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Cascade Lens: simulating ${fileName}`,
          cancellable: true,
        },
        (progress, token) => {
          token.onCancellationRequested(() => userCancel.abort());
          progressReport = (message, fraction) => {
            progress.report({ message, increment: Math.max(0, (fraction - lastFraction) * 100) });
            lastFraction = fraction;
          };
          return running.then(
            () => undefined,
            () => undefined,
          );
        },
      );
    }, PROGRESS_AFTER_MS);
    const warnAmplification = vscode.workspace
      .getConfiguration("cascadeLens", uri)
      .get<number>("warnAmplification", 1.5);
    this.running++;
    const running = this.analysis.simulate(
      document,
      {
        jobs: { ...jobs, threads: jobs.threads ?? workerCount(uri) },
        timeoutMs: limitSettings(uri).maxRunMs,
        warnAmplification,
      },
      { onProgress: (message, fraction) => progressReport?.(message, fraction), signal: userCancel.signal },
    );
    try {
      const { result, outcomes } = await running;
      this.running--;
      this.report(document, result, outcomes);
      return result;
    } catch (error) {
      this.running--;
      if (error instanceof ChannelError && error.reason === "cancelled") {
        // A newer run owns the status bar; a run the user cancelled leaves it idle.
        if (!this.busy) this.statusItem.text = "$(circle-slash) Cascade Lens: simulation cancelled";
        return undefined;
      }
      const message = `Cascade Lens: the simulation of ${fileName} failed: ${(error as Error).message}`;
      this.output.appendLine(message);
      this.statusItem.text = "$(error) Cascade Lens: simulation failed";
      // The extension host stays up; the next run starts a fresh worker.
      if (!document.isClosed)
        this.collection.set(uri, [
          toDiagnostic(
            {
              code: "CL100",
              severity: "error",
              message,
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
            },
            this.docsUri,
          ),
        ]);
      return undefined;
    } finally {
      clearTimeout(progressTimer);
    }
  }

  private report(document: vscode.TextDocument, result: AnalysisResult, outcomes: Problem[]): void {
    const uri = document.uri;
    // Closed (or renamed away) while the run was in flight: its problems must not reappear.
    if (document.isClosed) {
      this.statusItem.text = `$(pulse) Cascade Lens: ${vscode.workspace.asRelativePath(uri)} was closed during its run`;
      return;
    }
    const fileName = vscode.workspace.asRelativePath(uri);
    this.lastRuns.set(uri.toString(), result);
    if (result.blockingProblems.length > 0 && outcomes.every((problem) => problem.code === "CL100"))
      this.skippedForErrors.add(uri.toString());
    else this.skippedForErrors.delete(uri.toString());
    // Outcomes per scenario, CL012 as the cascade sees it, or why the run was skipped (the worker decided which).
    this.collection.set(
      uri,
      outcomes.map((problem) => toDiagnostic(problem, this.docsUri)),
    );
    if (result.blockingProblems.length > 0)
      this.output.appendLine(
        `[${new Date().toLocaleTimeString()}] ${fileName}: simulation skipped, ${result.blockingProblems.length} error(s).`,
      );
    else this.logRun(fileName, result);
    this.refreshStatus(uri);
    for (const listener of this.listeners) listener({ uri, result });
  }

  /** After a run of `ranUri`: the active editor's risk file, if there is one, else the file that ran. */
  private refreshStatus(ranUri: vscode.Uri): void {
    const active = vscode.window.activeTextEditor?.document;
    this.showStatus(active && isRiskDocument(active) ? active.uri : ranUri);
  }

  /** The last result of `uri` in the status bar, naming the file: its worst scenario by uncovered, then stuck, then bad debt. */
  private showStatus(uri: vscode.Uri): void {
    const result = this.lastRuns.get(uri.toString());
    const fileName = uri.path.split("/").pop() ?? uri.path;
    if (!result) {
      this.statusItem.text = `$(pulse) Cascade Lens: ${fileName} not simulated yet`;
      this.statusItem.tooltip = "Save the file (or run Cascade Lens: Simulate Cascade) to simulate its scenarios.";
    } else if (result.blockingProblems.length > 0) {
      this.statusItem.text = `$(warning) Cascade Lens: ${fileName}: fix errors to simulate`;
      this.statusItem.tooltip = "The file has errors; it was not simulated.";
    } else {
      const worst = worstScenario(result.scenarios);
      this.statusItem.text = `$(pulse) ${fileName} · ${worst ? scenarioHeadline(worst) : "no scenarios"} · ${result.elapsedMs.toFixed(0)} ms`;
      this.statusItem.tooltip = `Worst scenario of ${fileName}'s last simulation (uncovered bad debt, then stuck debt: debt no liquidator takes). Click for the run log.`;
    }
    this.statusItem.show();
  }

  /** The status text as shown (for tests). */
  get statusText(): string {
    return this.statusItem.text;
  }

  private logRun(fileName: string, result: AnalysisResult): void {
    this.output.appendLine(
      `[${new Date().toLocaleTimeString()}] ${fileName}: ${result.positions} positions, ${result.scenarios.length} scenarios in ${result.elapsedMs.toFixed(0)} ms`,
    );
    for (const scenario of result.scenarios) {
      this.output.appendLine(`  ${scenarioSummary(scenario)}`);
      // Each mechanism's own figures (version 2: written-off debt, reserves, auctions, the stability pool, a backstop).
      for (const venue of scenario.venues)
        if (mechanismPhrase(venue)) this.output.appendLine(`    ${venue.name}: ${mechanismPhrase(venue)}`);
    }
    if (result.curve) {
      const critical = result.curve.criticalShock;
      this.output.appendLine(
        `  Critical shock of ${result.curve.asset}: ${critical === null ? "none up to the curve's maximum drawdown" : `-${(critical * 100).toFixed(1)} %`}`,
      );
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
