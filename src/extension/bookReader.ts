import * as vscode from "vscode";
import { fileBookReader, unsavedFileBooks } from "../analysis/fileBookReader";
import type { BookReader } from "../parse/resolveBooks";
import type { BackgroundBooks } from "./backgroundBooks";

/**
 * CSV books as the user sees them: an open (maybe unsaved) editor's text first, the disk
 * otherwise (large books through the background loader, so the editor never waits on them).
 */
export function editorBookReader(riskUri: vscode.Uri, maxBytes: number, background?: BackgroundBooks): BookReader {
  const fromDisk: BookReader | undefined = riskUri.scheme !== "file" ? undefined : background ? background.reader(riskUri.fsPath, maxBytes) : fileBookReader(riskUri.fsPath, maxBytes);
  return (relativePath, shape) => {
    const uri = vscode.Uri.joinPath(riskUri, "..", relativePath);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return { text: open.getText() };
    return (fromDisk ?? unsavedFileBooks)(relativePath, shape);
  };
}
