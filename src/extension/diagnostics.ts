/** Problems (pure, 0-based ranges) to VS Code diagnostics, with a link to each rule's documentation. */
import * as vscode from "vscode";
import type { Problem } from "../model/problem";

const SEVERITY: Record<Problem["severity"], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(problem: Problem, docsUri: vscode.Uri): vscode.Diagnostic {
  const { start, end } = problem.range;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), problem.message, SEVERITY[problem.severity]);
  diagnostic.source = "Cascade Lens";
  diagnostic.code = { value: problem.code, target: docsUri.with({ fragment: problem.code.toLowerCase() }) };
  return diagnostic;
}

/** Groups problems by the file they are in: the risk file itself, or a CSV book next to it. */
export function diagnosticsByUri(riskUri: vscode.Uri, problems: readonly Problem[], docsUri: vscode.Uri): Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }> {
  const groups = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
  for (const problem of problems) {
    const uri = problem.file ? vscode.Uri.joinPath(riskUri, "..", problem.file) : riskUri;
    const key = uri.toString();
    if (!groups.has(key)) groups.set(key, { uri, diagnostics: [] });
    groups.get(key)!.diagnostics.push(toDiagnostic(problem, docsUri));
  }
  return groups;
}
