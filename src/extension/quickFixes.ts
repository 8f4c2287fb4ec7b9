/**
 * Quick fixes: each is the minimal edit its rule computed (one number or one name), so
 * comments and formatting stay as they are and the edit is undoable like any other.
 */
import * as vscode from "vscode";
import type { Problem } from "../model/problem";
import type { AnalysisClient } from "./analysisClient";

const toRange = (range: Problem["range"]) =>
  new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);

export class RiskQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly analysis: AnalysisClient) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const problems = this.analysis.validation(document.uri)?.problems ?? [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== "Cascade Lens") continue;
      const code = typeof diagnostic.code === "object" ? String(diagnostic.code.value) : String(diagnostic.code);
      const problem = problems.find(
        (p) =>
          p.code === code && !p.file && toRange(p.range).isEqual(diagnostic.range) && p.message === diagnostic.message,
      );
      for (const fix of problem?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, toRange(fix.range), fix.newText);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred ?? false;
        actions.push(action);
      }
    }
    return actions;
  }
}
