import * as vscode from "vscode";

/** Risk files by default (SPEC section 1); `cascadeLens.files` can add patterns. */
export const DEFAULT_RISK_GLOBS = ["**/*.risk.json", "**/*.risk.jsonc"];

export function riskGlobs(): string[] {
  const configured = vscode.workspace.getConfiguration("cascadeLens").get<string[]>("files", DEFAULT_RISK_GLOBS);
  return configured.length > 0 ? configured : DEFAULT_RISK_GLOBS;
}

/** One glob for findFiles and file watchers. */
export const riskGlob = (): string => (riskGlobs().length === 1 ? riskGlobs()[0] : `{${riskGlobs().join(",")}}`);

/** The document selector of risk files, for providers. */
export const riskSelector = (): vscode.DocumentFilter[] => [
  ...riskGlobs().map((pattern) => ({ pattern })),
  { scheme: "untitled", language: "jsonc" },
];

/** A risk file by its name, or an untitled JSONC buffer that declares venues (a new file from a template). */
export function isRiskDocument(document: vscode.TextDocument): boolean {
  if (document.isUntitled) return document.languageId === "jsonc" && /"venues"\s*:/.test(document.getText());
  return (
    vscode.languages.match(
      riskGlobs().map((pattern) => ({ pattern })),
      document,
    ) > 0
  );
}
