import * as vscode from "vscode";
import { fileBookReader, unsavedFileBooks } from "../analysis/fileBookReader";
import type { BookReader } from "../parse/resolveBooks";
import type { BackgroundBooks } from "./backgroundBooks";

/**
 * CSV books as the user sees them: an open (maybe unsaved) editor's text first, the disk
 * otherwise. Large books, open or not, and large synthetic books go through the background
 * loader, so the editor never waits on them. `onBook` hears every book URI asked for, so the caller knows which
 * editors' edits concern the risk file.
 */
export function editorBookReader(riskUri: vscode.Uri, maxBytes: number, background?: BackgroundBooks, onBook?: (bookUri: vscode.Uri) => void): BookReader {
  const fromDisk: BookReader | undefined = riskUri.scheme !== "file" ? undefined : background ? background.reader(riskUri.fsPath, maxBytes) : fileBookReader(riskUri.fsPath, maxBytes);
  const read: BookReader = (relativePath, shape) => {
    const uri = vscode.Uri.joinPath(riskUri, "..", relativePath);
    onBook?.(uri);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open && background) {
      return background.editorBook({ uri: uri.toString(), absolutePath: uri.scheme === "file" ? uri.fsPath : uri.toString(), version: open.version, getText: () => open.getText() }, relativePath, shape);
    }
    if (open) return { text: open.getText() };
    return (fromDisk ?? unsavedFileBooks)(relativePath, shape);
  };
  // Large synthetic books are generated off this thread too.
  read.generate = background?.generate;
  return read;
}
