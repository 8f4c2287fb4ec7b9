/** Problems (pure, 0-based ranges) to VS Code diagnostics, with a link to each rule's documentation. */
import * as fs from "node:fs";
import * as vscode from "vscode";
import type { Problem } from "../model/problem";

const SEVERITY: Record<Problem["severity"], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(problem: Problem, docsUri: vscode.Uri): vscode.Diagnostic {
  const { start, end } = problem.range;
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(start.line, start.character, end.line, end.character),
    problem.message,
    SEVERITY[problem.severity],
  );
  diagnostic.source = "Cascade Lens";
  diagnostic.code = { value: problem.code, target: ruleTarget(docsUri, problem.code) };
  return diagnostic;
}

/** 1-based line of each rule's anchor in the rules page, read once per page. */
const ruleLines = new Map<string, Map<string, number>>();

/**
 * The rule's place in docs/rules.md. VS Code opens a file link whose fragment is `L<line>`
 * at that line; an HTML anchor fragment would open the page at its first line.
 */
function ruleTarget(rulesUri: vscode.Uri, code: string): vscode.Uri {
  let lines = ruleLines.get(rulesUri.fsPath);
  if (!lines) {
    lines = new Map();
    try {
      fs.readFileSync(rulesUri.fsPath, "utf8")
        .split("\n")
        .forEach((line, i) => {
          const anchor = /<a id="(cl\d+)">/.exec(line);
          if (anchor) lines!.set(anchor[1], i + 1);
        });
    } catch {
      // A page that cannot be read (a virtual file system): links open it at its top.
    }
    ruleLines.set(rulesUri.fsPath, lines);
  }
  const line = lines.get(code.toLowerCase());
  return line === undefined ? rulesUri : rulesUri.with({ fragment: `L${line}` });
}

/** Groups problems by the file they are in: the risk file itself, or a CSV book next to it. */
export function diagnosticsByUri(
  riskUri: vscode.Uri,
  problems: readonly Problem[],
  docsUri: vscode.Uri,
): Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }> {
  const groups = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
  for (const problem of problems) {
    const uri = problem.file ? vscode.Uri.joinPath(riskUri, "..", problem.file) : riskUri;
    const key = uri.toString();
    if (!groups.has(key)) groups.set(key, { uri, diagnostics: [] });
    groups.get(key)!.diagnostics.push(toDiagnostic(problem, docsUri));
  }
  return groups;
}
