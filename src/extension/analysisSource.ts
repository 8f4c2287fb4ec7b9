/** What a worker needs to analyse a document as the user sees it: its text, where its books live, its limits. */
import * as vscode from "vscode";
import type { AnalysisRequest } from "../shared/workerProtocol";
import { limitSettings } from "./limitSettings";

export function analysisSource(document: vscode.TextDocument): { request: Pick<AnalysisRequest, "filePath" | "fileName" | "text" | "limits">; maxRunMs: number } {
  const uri = document.uri;
  const { maxRunMs, ...limits } = limitSettings(uri);
  return {
    // Books are read relative to the file on disk; an untitled or virtual file has none.
    request: { filePath: uri.scheme === "file" ? uri.fsPath : null, fileName: vscode.workspace.asRelativePath(uri), text: document.getText(), limits },
    maxRunMs,
  };
}
