/**
 * The context key `cascadeLens.riskFileActive`: true while the active editor holds a risk
 * file, saved or not. The palette and the editor's title bar show the commands by it or by
 * a `*.risk.json` name (which the workbench sees at once, before this key's round trip to
 * the extension host), so an untitled file from a template, whose name matches no
 * `*.risk.json`, gets every command a saved one has, and so do files `cascadeLens.files` adds.
 */
import * as vscode from "vscode";
import { isRiskDocument } from "./riskDocuments";

export const RISK_FILE_ACTIVE = "cascadeLens.riskFileActive";

export function trackActiveRiskFile(): vscode.Disposable {
  let last: boolean | undefined;
  const update = () => {
    const document = vscode.window.activeTextEditor?.document;
    const active = document !== undefined && isRiskDocument(document);
    if (active === last) return;
    last = active;
    void vscode.commands.executeCommand("setContext", RISK_FILE_ACTIVE, active);
  };
  update();
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(update),
    // An untitled buffer becomes a risk file when it gains "venues" (a template, a paste).
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document && event.document.isUntitled) update();
    }),
  );
}
