/**
 * Activation registers listeners, providers and commands only: the analysis worker starts
 * when a risk file is open (or a command or the workspace scan needs it), and it owns
 * validation, books and simulation workers (see docs/architecture.md).
 */
import * as vscode from "vscode";
import { AnalysisClient } from "./analysisClient";
import { BaseTracker } from "./baseTracker";
import { registerCommands } from "./commands";
import { CurvePanel, PANEL_VIEW_TYPE } from "./curvePanel";
import { ParameterHovers } from "./hovers";
import { ProblemDiagnostics } from "./problemDiagnostics";
import { RiskQuickFixes } from "./quickFixes";
import { riskSelector } from "./riskDocuments";
import { ScenarioLenses } from "./scenarioLenses";
import { SimulationController } from "./simulationController";
import { trackActiveRiskFile } from "./activeRiskContext";
import { AnalysisStatus } from "./analysisStatus";
import { runLog } from "./runLog";
import { WorkspaceScan } from "./workspaceScan";

export interface CascadeLensApi {
  analysis: AnalysisClient;
  bases: BaseTracker;
  simulation: SimulationController;
  status: AnalysisStatus;
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): CascadeLensApi {
  const started = performance.now();
  const output = runLog(vscode.window.createOutputChannel("Cascade Lens"));
  // Each diagnostic's code links to its rule in this page (diagnostics.ts).
  const docsUri = vscode.Uri.joinPath(context.extensionUri, "docs", "rules.md");
  const analysis = new AnalysisClient(
    vscode.Uri.joinPath(context.extensionUri, "dist", "analysisWorker.js").fsPath,
    (line) => output.appendLine(line),
  );
  const diagnostics = new ProblemDiagnostics(analysis, docsUri);
  const simulation = new SimulationController(analysis, output, docsUri);
  const scan = new WorkspaceScan(analysis);
  const bases = new BaseTracker(analysis, (line) => output.appendLine(line));
  context.subscriptions.push(output, analysis, diagnostics, simulation, scan, bases);
  analysis.start();
  simulation.start();
  scan.start();
  bases.start();
  const commandContext = { extensionUri: context.extensionUri, analysis, simulation, output, bases };
  registerCommands(context, commandContext);
  const status = new AnalysisStatus(analysis, simulation);
  context.subscriptions.push(trackActiveRiskFile(), status);
  const lenses = new ScenarioLenses(analysis, simulation);
  const riskFiles = riskSelector();
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(riskFiles, new RiskQuickFixes(analysis), {
      providedCodeActionKinds: RiskQuickFixes.kinds,
    }),
    vscode.languages.registerHoverProvider(riskFiles, new ParameterHovers(analysis)),
    lenses,
    vscode.languages.registerCodeLensProvider(riskFiles, lenses),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => CurvePanel.revive(panel, state, commandContext),
    }),
  );
  return { analysis, bases, simulation, status, activationMs: performance.now() - started };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
