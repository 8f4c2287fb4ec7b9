/**
 * Activation registers listeners and commands only; validation starts when a risk file
 * is seen, and simulations run in a worker thread (see STYLE.md: light activation).
 */
import * as vscode from "vscode";
import { BackgroundBooks } from "./backgroundBooks";
import { registerCommands } from "./commands";
import { CurvePanel, PANEL_VIEW_TYPE } from "./curvePanel";
import { ParameterHovers } from "./hovers";
import { RiskQuickFixes } from "./quickFixes";
import { riskSelector } from "./riskDocuments";
import { ScenarioLenses } from "./scenarioLenses";
import { SweepPool } from "./sweepPool";
import { SimulationController } from "./simulationController";
import { ValidationController } from "./validationController";
import { trackActiveRiskFile } from "./activeRiskContext";
import { AnalysisStatus } from "./analysisStatus";
import { runLog } from "./runLog";
import { WorkerHost } from "./workerHost";

export interface CascadeLensApi {
  books: BackgroundBooks;
  sweeps: SweepPool;
  validation: ValidationController;
  simulation: SimulationController;
  workers: WorkerHost;
  status: AnalysisStatus;
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): CascadeLensApi {
  const started = performance.now();
  const output = runLog(vscode.window.createOutputChannel("Cascade Lens"));
  // Each diagnostic's code links to its rule in this page (diagnostics.ts).
  const docsUri = vscode.Uri.joinPath(context.extensionUri, "docs", "rules.md");
  const books = new BackgroundBooks(vscode.Uri.joinPath(context.extensionUri, "dist", "bookWorker.js").fsPath);
  const validation = new ValidationController(docsUri, (line) => output.appendLine(line), books);
  const workers = new WorkerHost(vscode.Uri.joinPath(context.extensionUri, "dist", "worker.js").fsPath);
  const simulation = new SimulationController(workers, validation, output, docsUri);
  context.subscriptions.push(output, validation, simulation, { dispose: () => workers.dispose() }, { dispose: () => books.dispose() });
  validation.start();
  simulation.start();
  const sweeps = new SweepPool(vscode.Uri.joinPath(context.extensionUri, "dist", "worker.js").fsPath);
  context.subscriptions.push({ dispose: () => sweeps.cancel() });
  const commandContext = { extensionUri: context.extensionUri, sweeps, validation, simulation, output };
  registerCommands(context, commandContext);
  const status = new AnalysisStatus(validation, simulation);
  context.subscriptions.push(trackActiveRiskFile(), status);
  const lenses = new ScenarioLenses(validation, simulation);
  const riskFiles = riskSelector();
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(riskFiles, new RiskQuickFixes(validation), { providedCodeActionKinds: RiskQuickFixes.kinds }),
    vscode.languages.registerHoverProvider(riskFiles, new ParameterHovers(validation)),
    lenses,
    vscode.languages.registerCodeLensProvider(riskFiles, lenses),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => CurvePanel.revive(panel, state, commandContext),
    }),
  );
  return { books, sweeps, validation, simulation, workers, status, activationMs: performance.now() - started };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
