import * as vscode from "vscode";
import { fileBookReader, unsavedFileBooks } from "../analysis/fileBookReader";
import type { BookReader } from "../parse/resolveBooks";

/** CSV books as the user sees them: an open (maybe unsaved) editor's text first, the disk otherwise. */
export function editorBookReader(riskUri: vscode.Uri, maxBytes?: number): BookReader {
  const fromDisk = riskUri.scheme === "file" ? fileBookReader(riskUri.fsPath, maxBytes) : undefined;
  return (relativePath) => {
    const uri = vscode.Uri.joinPath(riskUri, "..", relativePath);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return { text: open.getText() };
    return (fromDisk ?? unsavedFileBooks)(relativePath);
  };
}
