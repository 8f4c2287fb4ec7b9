import { getLocation } from "jsonc-parser";
import * as vscode from "vscode";
import { parameterInsight } from "../analysis/parameterInsight";
import type { ValidationController } from "./validationController";

/** Derived numbers on hover; the JSON Schema's field descriptions come from VS Code's JSON support beside it. */
export class ParameterHovers implements vscode.HoverProvider {
  constructor(private readonly validation: ValidationController) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    let validation = this.validation.validation(document.uri);
    // Hovering right after typing: the debounced validation may not have run yet.
    if (!validation || validation.doc.text !== document.getText()) validation = this.validation.validateDocument(document);
    const resolved = validation.resolved;
    if (!resolved) return undefined;
    const location = getLocation(document.getText(), document.offsetAt(position));
    const lines = parameterInsight(resolved, location.path);
    if (lines.length === 0) return undefined;
    const markdown = new vscode.MarkdownString(lines.join("\n\n"));
    markdown.isTrusted = false;
    return new vscode.Hover(markdown);
  }
}
