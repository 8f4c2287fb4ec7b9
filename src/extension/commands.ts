/** Command handlers, built over one context object so tests can call them with arguments. */
import * as vscode from "vscode";
import { CurvePanel } from "./curvePanel";
import type { SimulationController } from "./simulationController";
import type { ValidationController } from "./validationController";
import { isRiskDocument } from "./riskDocuments";

export interface CommandContext {
  extensionUri: vscode.Uri;
  validation: ValidationController;
  simulation: SimulationController;
  output: vscode.OutputChannel;
}

/** The risk document a command acts on: the given URI, else the active editor's. */
async function targetDocument(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || !isRiskDocument(document)) {
    void vscode.window.showWarningMessage("Cascade Lens: open a *.risk.json file first.");
    return undefined;
  }
  return document;
}

export function registerCommands(extension: vscode.ExtensionContext, context: CommandContext): void {
  const register = (id: string, handler: (...args: never[]) => unknown) => extension.subscriptions.push(vscode.commands.registerCommand(id, handler));
  register("cascadeLens.simulate", async (uri?: vscode.Uri) => {
    const document = await targetDocument(uri);
    return document ? context.simulation.simulate(document) : undefined;
  });
  register("cascadeLens.validate", async (uri?: vscode.Uri) => {
    const document = await targetDocument(uri);
    return document ? context.validation.validateDocument(document).problems : undefined;
  });
  register("cascadeLens.showOutput", () => context.output.show(true));
  register("cascadeLens.showCurves", async (uri?: vscode.Uri) => {
    const document = await targetDocument(uri);
    return document ? CurvePanel.show(context, document) : undefined;
  });
}
