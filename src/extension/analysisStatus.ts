/**
 * The language status item of a risk file (the `{}` beside the language in the status
 * bar, as the ESLint and JSON extensions have): what the analysis of the active file is
 * doing and how long it took: validating (its books read), simulating, the last validation
 * and run times, with the run log one click away.
 */
import * as vscode from "vscode";
import type { FileValidation } from "../shared/analysisProtocol";
import type { AnalysisClient } from "./analysisClient";
import { riskSelector } from "./riskDocuments";
import type { SimulationController } from "./simulationController";

interface FileState {
  validating: boolean;
  validatedMs?: number;
  errors: number;
  simulating: boolean;
  simulatedMs?: number;
}

export class AnalysisStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem("cascadeLens.analysis", riskSelector());
  private readonly files = new Map<string, FileState>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(analysis: AnalysisClient, simulation: SimulationController) {
    this.item.name = "Cascade Lens analysis";
    this.item.command = { title: "Run log", command: "cascadeLens.showOutput" };
    this.subscriptions = [
      this.item,
      analysis.onDidStartValidating((uri) => this.update(vscode.Uri.parse(uri), { validating: true })),
      analysis.onDidValidate((validation) => this.validated(validation)),
      simulation.onDidStartRun((uri) => this.update(uri, { simulating: true })),
      simulation.onDidSimulate(({ uri, result }) =>
        this.update(uri, {
          simulating: false,
          simulatedMs: result.blockingProblems.length > 0 ? undefined : result.elapsedMs,
        }),
      ),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((document) => this.files.delete(document.uri.toString())),
    ];
    this.render();
  }

  /** The item's text as shown (for tests). */
  get text(): string {
    return this.item.text;
  }

  private validated(validation: FileValidation): void {
    this.update(vscode.Uri.parse(validation.uri), {
      validating: false,
      validatedMs: validation.elapsedMs,
      errors: validation.problems.filter((p) => p.severity === "error").length,
    });
  }

  private update(uri: vscode.Uri, change: Partial<FileState>): void {
    const key = uri.toString();
    this.files.set(key, { validating: false, errors: 0, simulating: false, ...this.files.get(key), ...change });
    if (vscode.window.activeTextEditor?.document.uri.toString() === key) this.render();
  }

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const state = uri && this.files.get(uri.toString());
    if (!state) {
      this.item.text = "Cascade Lens";
      this.item.detail = "not analysed yet";
      this.item.busy = false;
      return;
    }
    const parts = [
      state.validating || state.validatedMs === undefined
        ? "validating…"
        : `validated in ${state.validatedMs.toFixed(0)} ms`,
      state.simulating
        ? "simulating…"
        : state.simulatedMs !== undefined
          ? `simulated in ${state.simulatedMs.toFixed(0)} ms`
          : "not simulated",
    ];
    this.item.text = `Cascade Lens: ${parts.join(" · ")}`;
    this.item.detail =
      state.errors > 0
        ? `${state.errors} error${state.errors === 1 ? "" : "s"}: fix them to simulate`
        : "in the analysis worker, off the editor's thread";
    this.item.severity =
      state.errors > 0 ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    this.item.busy = state.simulating || state.validating;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
