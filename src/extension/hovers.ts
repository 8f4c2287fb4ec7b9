import * as vscode from "vscode";
import type { AnalysisClient } from "./analysisClient";

/** Derived numbers on hover, computed by the analysis worker; the JSON Schema's field descriptions come from VS Code's JSON support beside it. */
export class ParameterHovers implements vscode.HoverProvider {
  constructor(private readonly analysis: AnalysisClient) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const lines = await this.analysis.hover(document, document.offsetAt(position));
    if (lines.length === 0) return undefined;
    const markdown = new vscode.MarkdownString(lines.join("\n\n"));
    markdown.isTrusted = false;
    return new vscode.Hover(markdown);
  }
}
