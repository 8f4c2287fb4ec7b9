/**
 * The texts of the documents the editor has open, as the analysis worker holds them:
 * synced by version, with each change applied where it happened (as a language server's
 * text documents are), so typing in a 20 MB file sends a few characters, not the file.
 */
import type { TextChange } from "../shared/analysisProtocol";
import type { Limits } from "../shared/resultProtocol";

export interface SyncedDocument {
  uri: string;
  filePath: string | null;
  fileName: string;
  version: number;
  text: string;
  role: "risk" | "book";
  limits: Limits;
}

export class DocumentStore {
  private readonly documents = new Map<string, SyncedDocument>();

  open(document: SyncedDocument): void {
    this.documents.set(document.uri, document);
  }

  /**
   * Applies the editor's changes in order, each against the text the previous one left
   * (offsets are UTF-16 code units, as the editor counts them). False when the versions
   * do not follow on (a change was missed): the caller asks for the whole text again.
   */
  change(uri: string, version: number, changes: readonly TextChange[]): boolean {
    const document = this.documents.get(uri);
    if (!document || version !== document.version + 1) return false;
    let text = document.text;
    for (const change of changes) {
      if (change.offset + change.length > text.length) return false;
      text = text.slice(0, change.offset) + change.text + text.slice(change.offset + change.length);
    }
    document.text = text;
    document.version = version;
    return true;
  }

  close(uri: string): SyncedDocument | undefined {
    const document = this.documents.get(uri);
    this.documents.delete(uri);
    return document;
  }

  get(uri: string): SyncedDocument | undefined {
    return this.documents.get(uri);
  }

  get size(): number {
    return this.documents.size;
  }

  /** The open document at a location (an absolute path, or a URI for a virtual file), whatever its role. */
  at(location: string): SyncedDocument | undefined {
    for (const document of this.documents.values()) {
      if (document.filePath === location || document.uri === location) return document;
    }
    return undefined;
  }

  risks(): SyncedDocument[] {
    return [...this.documents.values()].filter((document) => document.role === "risk");
  }
}
