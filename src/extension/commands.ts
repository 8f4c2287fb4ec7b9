/** Command handlers, built over one context object so tests can call them with arguments. */
import * as vscode from "vscode";
import { CurvePanel } from "./curvePanel";
import {
  exportReport,
  findCriticalShock,
  newFromTemplate,
  runScenario,
  stressTest,
  sweepParameter,
  type CustomShock,
  type StressArguments,
  type SweepArguments,
  type TemplateKind,
} from "./designerCommands";
import type { CommandContext } from "./commandContext";
import { sweepTwoParameters, type Sweep2Arguments } from "./sweepTwoCommand";
import { compareWithFile, compareWithHead, importProtocolConfig, stopComparing } from "./governanceCommands";
import { isRiskDocument } from "./riskDocuments";

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
  const register = (id: string, handler: (...args: never[]) => unknown) =>
    extension.subscriptions.push(vscode.commands.registerCommand(id, handler));
  register("cascadeLens.simulate", async (uri?: vscode.Uri) => {
    const document = await targetDocument(uri);
    return document ? context.simulation.simulate(document) : undefined;
  });
  register("cascadeLens.validate", async (uri?: vscode.Uri) => {
    const document = await targetDocument(uri);
    return document ? (await context.analysis.validate(document)).problems : undefined;
  });
  register("cascadeLens.showOutput", () => context.output.show(true));
  register("cascadeLens.showCurves", async (uri?: vscode.Uri, scenario?: string) => {
    const document = await targetDocument(uri);
    if (!document) return undefined;
    const panel = await CurvePanel.show(context, document);
    if (typeof scenario === "string") panel.select(scenario);
    return panel;
  });
  register("cascadeLens.runScenario", async (uri?: vscode.Uri, name?: string, custom?: CustomShock) => {
    const document = await targetDocument(uri);
    return document ? runScenario(context, document, name, custom) : undefined;
  });
  register("cascadeLens.findCriticalShock", async (uri?: vscode.Uri) => {
    const document = await targetDocument(uri);
    return document ? findCriticalShock(context, document) : undefined;
  });
  register("cascadeLens.sweepParameter", async (uri?: vscode.Uri, args?: SweepArguments) => {
    const document = await targetDocument(uri);
    return document ? sweepParameter(context, document, args) : undefined;
  });
  register("cascadeLens.sweepTwoParameters", async (uri?: vscode.Uri, args?: Sweep2Arguments) => {
    const document = await targetDocument(uri);
    return document ? sweepTwoParameters(context, document, args) : undefined;
  });
  register("cascadeLens.stressTest", async (uri?: vscode.Uri, args?: StressArguments) => {
    const document = await targetDocument(uri);
    return document ? stressTest(context, document, args) : undefined;
  });
  register("cascadeLens.exportReport", async (uri?: vscode.Uri, target?: vscode.Uri) => {
    const document = await targetDocument(uri);
    return document ? exportReport(context, document, target) : undefined;
  });
  register("cascadeLens.compareWithHead", async (uri?: vscode.Uri) => {
    const document = await targetDocument(uri);
    return document ? compareWithHead(context, document) : undefined;
  });
  register("cascadeLens.compareWithFile", async (uri?: vscode.Uri, base?: vscode.Uri) => {
    const document = await targetDocument(uri);
    return document ? compareWithFile(context, document, base) : undefined;
  });
  register("cascadeLens.stopComparing", async (uri?: vscode.Uri) => {
    const document = await targetDocument(uri);
    return document ? stopComparing(context, document) : undefined;
  });
  register("cascadeLens.importConfig", (format?: string, source?: vscode.Uri, target?: vscode.Uri) =>
    importProtocolConfig(context, format, source, target),
  );
  register("cascadeLens.newFromTemplate", (kind?: TemplateKind, target?: vscode.Uri) =>
    newFromTemplate(context, kind, target),
  );
}
