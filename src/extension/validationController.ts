/**
 * Live validation: a debounced queue of changed risk documents (as VS Code's own JSON
 * linters do), diagnostics on the exact nodes, CSV book problems on the CSV files too,
 * and a workspace scan for risk files that are not open.
 */
import * as vscode from "vscode";
import type { Problem } from "../model/problem";
import { validateRiskText, type Validation } from "../rules/validate";
import type { BackgroundBooks } from "./backgroundBooks";
import { editorBookReader, riskFileKey } from "./bookReader";
import { limitSettings } from "./limitSettings";
import { diagnosticsByUri } from "./diagnostics";
import { isRiskDocument, riskGlob } from "./riskDocuments";

/** Documents larger than this are validated on open and save, not on every keystroke (nor by the scan). */
const LIVE_VALIDATION_MAX_CHARS = 20 * 1024 * 1024;
const WORKSPACE_SCAN_LIMIT = 500;

export class ValidationController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("cascade-lens");
  private readonly pending = new Map<string, vscode.TextDocument>();
  /** Per risk file, the other URIs (CSV books) it put diagnostics on, to clear them later. */
  private readonly bookUris = new Map<string, string[]>();
  /** Per risk file, the CSV books it reads: edits to them in an editor revalidate it. */
  private readonly booksRead = new Map<string, Set<string>>();
  private readonly latest = new Map<string, Validation>();
  private readonly listeners = new Set<(uri: vscode.Uri, validation: Validation, elapsedMs: number) => void>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly docsUri: vscode.Uri,
    private readonly log: (line: string) => void,
    /** Loads large CSV books off this thread; without it they are read here. */
    private readonly books?: BackgroundBooks,
    private readonly delayMs = 300,
  ) {}

  start(): void {
    const workspace = vscode.workspace;
    this.disposables.push(
      workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.revalidateReaders(event.document.uri);
        this.onChange(event.document);
      }),
      workspace.onDidCloseTextDocument((document) => {
        // A closed CSV book keeps the problems its risk files put on it; they read it from disk again.
        if (this.isReadAsBook(document.uri)) this.revalidateReaders(document.uri);
        else this.forget(document.uri);
      }),
      workspace.onDidSaveTextDocument((document) => this.schedule(document, 0)),
    );
    const watcher = workspace.createFileSystemWatcher(riskGlob());
    const bookFiles = workspace.createFileSystemWatcher("**/*.csv");
    this.disposables.push(
      watcher,
      bookFiles,
      watcher.onDidCreate((uri) => this.validateOnDisk(uri)),
      watcher.onDidChange((uri) => this.validateOnDisk(uri)),
      // A file deleted on disk while open stays in its editor, problems included, until closed.
      watcher.onDidDelete((uri) => {
        if (!this.isOpen(uri)) this.forget(uri);
      }),
      bookFiles.onDidChange(() => this.revalidateAll()),
      bookFiles.onDidCreate(() => this.revalidateAll()),
      bookFiles.onDidDelete(() => this.revalidateAll()),
      workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration("cascadeLens.limits")) this.revalidateAll();
      }),
    );
    // A book that arrives concerns the files waiting for one (a changed book is first seen by the CSV watcher).
    if (this.books) this.disposables.push(this.books.onDidLoad(() => this.revalidateAll((validation) => validation.pendingBooks !== undefined)));
    for (const document of workspace.textDocuments) this.schedule(document, 0);
    void this.scanWorkspace();
  }

  /** Called with every fresh validation (the panel, hovers and the simulator listen). */
  onDidValidate(listener: (uri: vscode.Uri, validation: Validation, elapsedMs: number) => void): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  validation(uri: vscode.Uri): Validation | undefined {
    return this.latest.get(uri.toString());
  }

  /** The CSV books (URIs) the risk file read at its last validation. */
  booksReadBy(riskUri: vscode.Uri): string[] {
    return [...(this.booksRead.get(riskUri.toString()) ?? [])];
  }

  /** Validates at once (commands and tests use it instead of waiting for the debounce). */
  validateDocument(document: vscode.TextDocument): Validation {
    this.pending.delete(document.uri.toString());
    return this.publish(document.uri, document.getText());
  }

  /** Validates at once, after any of its CSV books still loading in the background have arrived (commands need the whole file). */
  async validateWithBooks(document: vscode.TextDocument): Promise<Validation> {
    let validation = this.validateDocument(document);
    // Bounded: a book rewritten again and again must not keep a command waiting forever.
    for (let attempt = 0; attempt < 5 && validation.pendingBooks && this.books; attempt++) {
      await this.books.whenIdle();
      validation = this.validateDocument(document);
    }
    return validation;
  }

  private onChange(document: vscode.TextDocument): void {
    if (!isRiskDocument(document)) return;
    if (document.getText().length > LIVE_VALIDATION_MAX_CHARS) return;
    this.schedule(document, this.delayMs);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isRiskDocument(document)) return;
    this.pending.set(document.uri.toString(), document);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), delayMs);
  }

  private flush(): void {
    this.timer = undefined;
    const documents = [...this.pending.values()];
    this.pending.clear();
    for (const document of documents) {
      if (!document.isClosed) this.validateDocument(document);
    }
  }

  private publish(uri: vscode.Uri, text: string): Validation {
    const started = performance.now();
    const limits = limitSettings(uri);
    const read = new Set<string>();
    const validation = validateRiskText(text, editorBookReader(uri, limits.maxBookBytes, this.books, (book) => read.add(book.toString())), limits);
    this.booksRead.set(uri.toString(), read);
    if (validation.pendingBooks) this.log(`${vscode.workspace.asRelativePath(uri)}: loading ${validation.pendingBooks.join(", ")} in the background; validated again when it arrives.`);
    const elapsedMs = performance.now() - started;
    // Like vscode-eslint: tell the user when validation itself becomes the slow part.
    if (elapsedMs > 1000) this.log(`Validation of ${vscode.workspace.asRelativePath(uri)} took ${elapsedMs.toFixed(0)} ms.`);
    this.setProblems(uri, validation.problems);
    this.latest.set(uri.toString(), validation);
    for (const listener of this.listeners) listener(uri, validation, elapsedMs);
    return validation;
  }

  private setProblems(uri: vscode.Uri, problems: readonly Problem[]): void {
    const key = uri.toString();
    for (const old of this.bookUris.get(key) ?? []) this.collection.delete(vscode.Uri.parse(old));
    const groups = diagnosticsByUri(uri, problems, this.docsUri);
    if (!groups.has(key)) this.collection.set(uri, []);
    const others: string[] = [];
    for (const [groupKey, group] of groups) {
      this.collection.set(group.uri, group.diagnostics);
      if (groupKey !== key) others.push(groupKey);
    }
    this.bookUris.set(key, others);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.pending.delete(key);
    this.latest.delete(key);
    this.collection.delete(uri);
    for (const old of this.bookUris.get(key) ?? []) this.collection.delete(vscode.Uri.parse(old));
    this.bookUris.delete(key);
    this.booksRead.delete(key);
    this.books?.forget(riskFileKey(uri));
  }

  private isOpen(uri: vscode.Uri): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  }

  private async validateOnDisk(uri: vscode.Uri): Promise<void> {
    // Only the risk-file watcher and scan call this: the URI matches the configured globs.
    if (this.isOpen(uri)) return;
    try {
      // A pipe named *.risk.json would hold a read open forever (and a file thread with
      // it). A file too large to validate as it is typed is validated when it is opened,
      // like the files past the scan's count.
      const stat = await vscode.workspace.fs.stat(uri);
      const name = vscode.workspace.asRelativePath(uri);
      if (!(stat.type & vscode.FileType.File)) return this.log(`${name} is not a regular file; it was not read.`);
      if (stat.size > LIVE_VALIDATION_MAX_CHARS) return this.log(`${name} is ${Math.round(stat.size / 1048576)} MiB; it is validated when it is opened.`);
      const bytes = await vscode.workspace.fs.readFile(uri);
      this.publish(uri, new TextDecoder().decode(bytes));
    } catch (error) {
      this.log(`Cannot read ${uri.toString()}: ${(error as Error).message}`);
    }
  }

  private async scanWorkspace(): Promise<void> {
    const uris = await vscode.workspace.findFiles(riskGlob(), "**/node_modules/**", WORKSPACE_SCAN_LIMIT);
    for (const uri of uris) await this.validateOnDisk(uri);
  }

  /** Validates again every known risk file, or only those `which` picks. */
  private revalidateAll(which: (validation: Validation, key: string) => boolean = () => true): void {
    for (const [key, validation] of [...this.latest]) {
      if (!which(validation, key)) continue;
      const uri = vscode.Uri.parse(key);
      const open = this.isOpen(uri);
      if (open) this.schedule(open, this.delayMs);
      else void this.validateOnDisk(uri);
    }
  }

  /** Validates again the risk files that read `book` (a CSV edited or closed in an editor). */
  private revalidateReaders(book: vscode.Uri): void {
    const changed = book.toString();
    if (this.isReadAsBook(book)) this.revalidateAll((_, key) => this.booksRead.get(key)?.has(changed) === true);
  }

  private isReadAsBook(book: vscode.Uri): boolean {
    const key = book.toString();
    return [...this.booksRead.values()].some((books) => books.has(key));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
