import * as vscode from "vscode";
import { fileBookReader, unsavedFileBooks } from "../analysis/fileBookReader";
import type { BookReader } from "../parse/resolveBooks";
import type { BackgroundBooks } from "./backgroundBooks";

/**
 * CSV books as the user sees them: an open (maybe unsaved) editor's text first, the disk
 * otherwise. Large books, open or not, and large synthetic books go through the background
 * loader, so the editor never waits on them. `onBook` hears every book URI asked for, so
 * the caller knows which editors' edits concern the risk file.
 */
export function editorBookReader(riskUri: vscode.Uri, maxBytes: number, background?: BackgroundBooks, onBook?: (bookUri: vscode.Uri) => void): BookReader {
  const openBook = (relativePath: string): vscode.TextDocument | undefined => {
    const uri = vscode.Uri.joinPath(riskUri, "..", relativePath);
    onBook?.(uri);
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  };
  // An untitled or virtual risk file has no folder on disk to read books from.
  const onDisk = riskUri.scheme === "file";
  if (background) {
    return background.reader(riskFileKey(riskUri), maxBytes, {
      onDisk,
      openBook: (relativePath) => {
        const open = openBook(relativePath);
        return open && { uri: open.uri.toString(), absolutePath: open.uri.scheme === "file" ? open.uri.fsPath : open.uri.toString(), version: open.version, getText: () => open.getText() };
      },
    });
  }
  const fromDisk = onDisk ? fileBookReader(riskUri.fsPath, maxBytes) : unsavedFileBooks;
  return (relativePath) => {
    const open = openBook(relativePath);
    return open ? { text: open.getText() } : fromDisk(relativePath);
  };
}

/** How BackgroundBooks names a risk file: its path, or the URI of an unsaved one. */
export function riskFileKey(riskUri: vscode.Uri): string {
  return riskUri.scheme === "file" ? riskUri.fsPath : riskUri.toString();
}
