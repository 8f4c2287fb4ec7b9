import * as vscode from "vscode";

/** The glob of risk files (SPEC section 1). */
export const RISK_FILE_GLOB = "**/*.risk.{json,jsonc}";
const RISK_FILE_NAME = /\.risk\.jsonc?$/i;

export const isRiskFileName = (fileName: string): boolean => RISK_FILE_NAME.test(fileName);

/** A risk file by name, or an untitled JSONC buffer that declares venues (a new file from a template). */
export function isRiskDocument(document: vscode.TextDocument): boolean {
  if (isRiskFileName(document.uri.path)) return true;
  return document.isUntitled && document.languageId === "jsonc" && /"venues"\s*:/.test(document.getText());
}
