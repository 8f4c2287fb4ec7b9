/**
 * The extension host's side of the analysis worker: it starts the worker when a risk file
 * (or a command) first needs it, syncs the documents the worker needs (risk files, and
 * CSV files that may be books) by version with incremental changes, and hands on what the
 * worker posts. The host thread never parses, validates or reads a book. A worker that
 * dies is started again with every document re-sent.
 */
import * as path from "node:path";
import type { Worker } from "node:worker_threads";
import * as vscode from "vscode";
import type * as z from "zod";
import {
  analysisToHost,
  hostToAnalysis,
  type FileOutline,
  type FileValidation,
  type WorkerStats,
} from "../shared/analysisProtocol";
import { Channel, type RequestOptions } from "../shared/channel";
import type { AnalysisJobs } from "../shared/resultProtocol";
import { startWorkerThread, WORKER_HEAP_MB, workerFailure } from "../worker/workerThread";
import { limitSettings } from "./limitSettings";
import { isRiskDocument } from "./riskDocuments";

type HostChannel = Channel<typeof hostToAnalysis, typeof analysisToHost>;
type Requests = (typeof hostToAnalysis)["requests"];
type Answer<M extends keyof Requests> = z.output<Requests[M]["result"]>;

/** CSV files are synced as possible books: the worker reads a book from its editor when one is open. */
const isBookDocument = (document: vscode.TextDocument) =>
  document.languageId === "csv" || document.uri.path.endsWith(".csv");

export const fileNameOf = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri);

export class AnalysisClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private channel: HostChannel | undefined;
  /** Documents the worker holds, by URI: the version last sent and the role. */
  private readonly synced = new Map<string, { version: number; role: "risk" | "book" }>();
  /** Bases set per risk file (git HEAD, Compare): sent again to a restarted worker. */
  private readonly bases = new Map<string, BaseText>();
  private readonly latest = new Map<string, FileValidation>();
  private readonly validatedListeners = new Set<(validation: FileValidation) => void>();
  private readonly validatingListeners = new Set<(uri: string) => void>();
  private readonly forgottenListeners = new Set<(uri: string) => void>();
  private readonly startListeners = new Set<() => void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Workers started so far (tests check a crashed one is replaced). */
  startedWorkers = 0;
  /** Edits synced, and the longest the host's thread spent syncing one (the typing test and the bench report it). */
  readonly syncCost = { changes: 0, maxMs: 0 };

  constructor(
    private readonly workerPath: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Follows the editor's documents from now on. Nothing starts until a risk file is open or a command asks. */
  start(): void {
    const workspace = vscode.workspace;
    this.disposables.push(
      workspace.onDidOpenTextDocument((document) => this.sync(document)),
      workspace.onDidChangeTextDocument((event) => {
        const started = performance.now();
        if (this.changed(event)) this.syncCost.changes++;
        this.syncCost.maxMs = Math.max(this.syncCost.maxMs, performance.now() - started);
      }),
      workspace.onDidCloseTextDocument((document) => this.closed(document.uri)),
      workspace.onDidSaveTextDocument((document) => {
        if (this.synced.get(document.uri.toString())?.role === "risk")
          this.connection().notify("save", { uri: document.uri.toString() });
      }),
      workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration("cascadeLens.limits") || !this.channel) return;
        for (const [uri, { role }] of this.synced)
          if (role === "risk") this.channel.notify("limits", { uri, limits: limitsOf(vscode.Uri.parse(uri)) });
      }),
    );
    for (const document of workspace.textDocuments) this.sync(document);
  }

  onDidValidate(listener: (validation: FileValidation) => void): vscode.Disposable {
    this.validatedListeners.add(listener);
    return new vscode.Disposable(() => this.validatedListeners.delete(listener));
  }

  onDidStartValidating(listener: (uri: string) => void): vscode.Disposable {
    this.validatingListeners.add(listener);
    return new vscode.Disposable(() => this.validatingListeners.delete(listener));
  }

  /** The worker stopped tracking a file (closed, or deleted on disk): its problems go. */
  onDidForget(listener: (uri: string) => void): vscode.Disposable {
    this.forgottenListeners.add(listener);
    return new vscode.Disposable(() => this.forgottenListeners.delete(listener));
  }

  /** A worker (re)started: files on disk are to be sent again. */
  onDidStartWorker(listener: () => void): vscode.Disposable {
    this.startListeners.add(listener);
    return new vscode.Disposable(() => this.startListeners.delete(listener));
  }

  /** The latest validation the worker posted for a file. */
  validation(uri: vscode.Uri): FileValidation | undefined {
    return this.latest.get(uri.toString());
  }

  validate(document: vscode.TextDocument): Promise<FileValidation> {
    return this.ask(document, "validate", { uri: document.uri.toString() });
  }

  async hover(document: vscode.TextDocument, offset: number): Promise<string[]> {
    return (await this.ask(document, "hover", { uri: document.uri.toString(), version: document.version, offset }))
      .lines;
  }

  outline(document: vscode.TextDocument): Promise<FileOutline | null> {
    return this.ask(document, "outline", { uri: document.uri.toString() });
  }

  simulate(
    document: vscode.TextDocument,
    params: { jobs: AnalysisJobs; timeoutMs: number; warnAmplification: number },
    options: RequestOptions = {},
  ): Promise<Answer<"simulate">> {
    return this.ask(document, "simulate", { uri: document.uri.toString(), ...params }, options);
  }

  sweep(
    document: vscode.TextDocument,
    params: Omit<z.input<Requests["sweep"]["params"]>, "uri">,
    options: RequestOptions = {},
  ): Promise<Answer<"sweep">> {
    return this.ask(document, "sweep", { uri: document.uri.toString(), ...params }, options);
  }

  sweep2(
    document: vscode.TextDocument,
    params: Omit<z.input<Requests["sweep2"]["params"]>, "uri">,
    options: RequestOptions = {},
  ): Promise<Answer<"sweep2">> {
    return this.ask(document, "sweep2", { uri: document.uri.toString(), ...params }, options);
  }

  report(
    document: vscode.TextDocument,
    images: { chartId: string; title: string; dataUrl: string }[],
  ): Promise<Answer<"report">> {
    return this.ask(document, "report", {
      uri: document.uri.toString(),
      images,
      generatedAt: new Date().toISOString(),
    });
  }

  importConfig(params: z.input<Requests["importConfig"]["params"]>): Promise<Answer<"importConfig">> {
    return this.connection().request("importConfig", params);
  }

  stats(): Promise<WorkerStats> {
    return this.connection().request("stats", {});
  }

  /** The base a risk file is measured against (CL040) and, with `compare`, run beside it; null: none. */
  setBase(uri: vscode.Uri, base: BaseText | null): void {
    const key = uri.toString();
    if (base) this.bases.set(key, base);
    else this.bases.delete(key);
    this.connection().notify("base", { uri: key, base });
  }

  /** Risk files found on disk (not open): the worker validates them from disk. */
  diskFiles(uris: readonly vscode.Uri[]): void {
    const files = uris
      .filter((uri) => !this.synced.has(uri.toString()))
      .map((uri) => ({ ...identity(uri), limits: limitsOf(uri) }));
    if (files.length > 0) this.connection().notify("diskFiles", { files });
  }

  /** A risk file or a CSV changed, appeared or went away on disk. */
  diskChanged(uri: vscode.Uri, deleted: boolean): void {
    if (this.channel)
      this.channel.notify("diskChanged", {
        uri: uri.toString(),
        filePath: uri.scheme === "file" ? uri.fsPath : null,
        deleted,
      });
  }

  /** A request about a document: the worker is sent the document first if it does not hold this version. */
  private ask<M extends keyof Requests & string>(
    document: vscode.TextDocument,
    method: M,
    params: z.input<Requests[M]["params"]>,
    options: RequestOptions = {},
  ): Promise<Answer<M>> {
    const key = document.uri.toString();
    if (this.synced.get(key)?.version !== document.version) this.open(document, "risk");
    return this.connection().request(method, params, options);
  }

  private sync(document: vscode.TextDocument): void {
    const role = isRiskDocument(document) ? "risk" : isBookDocument(document) ? "book" : undefined;
    // Book editors matter only once the worker runs (it starts with a risk file).
    if (role === "risk" || (role === "book" && this.channel)) this.open(document, role);
  }

  private open(document: vscode.TextDocument, role: "risk" | "book"): void {
    const uri = document.uri;
    this.synced.set(uri.toString(), { version: document.version, role });
    this.connection().notify("open", {
      ...identity(uri),
      version: document.version,
      text: document.getText(),
      role,
      limits: limitsOf(uri),
    });
  }

  /** True when the edit was sent to the worker. */
  private changed(event: vscode.TextDocumentChangeEvent): boolean {
    const document = event.document;
    const key = document.uri.toString();
    const synced = this.synced.get(key);
    if (!synced) {
      this.sync(document); // an untitled file that just became a risk file
      return false;
    }
    if (event.contentChanges.length === 0) return false;
    if (synced.version + 1 !== document.version) {
      this.open(document, synced.role);
      return true;
    }
    synced.version = document.version;
    // A few characters per keystroke, whatever the file's size: the host never copies the whole text while typing.
    const changes = event.contentChanges.map((change) => ({
      offset: change.rangeOffset,
      length: change.rangeLength,
      text: change.text,
    }));
    this.channel?.notify("change", { uri: key, version: document.version, changes });
    return true;
  }

  private closed(uri: vscode.Uri): void {
    const key = uri.toString();
    this.bases.delete(key);
    if (!this.synced.delete(key)) return;
    this.channel?.notify("close", { uri: key });
  }

  private connection(): HostChannel {
    if (this.channel) return this.channel;
    const worker = startWorkerThread(this.workerPath, WORKER_HEAP_MB);
    this.startedWorkers++;
    const channel: HostChannel = new Channel(
      (message, transfer) => worker.postMessage(message, transfer as never),
      hostToAnalysis,
      analysisToHost,
      (why) => this.log(`Refused a message from the analysis worker: ${why}`),
    );
    worker.on("message", (message: unknown) => channel.receive(message));
    worker.on("error", (error) => this.ended(worker, `the analysis worker ${workerFailure(error, WORKER_HEAP_MB)}`));
    worker.on("exit", (code) => this.ended(worker, `the analysis worker stopped (exit code ${code})`));
    channel.onNotification("validated", (validation) => {
      this.latest.set(validation.uri, validation);
      for (const listener of this.validatedListeners) listener(validation);
    });
    channel.onNotification("validating", ({ uri }) => this.validatingListeners.forEach((listener) => listener(uri)));
    channel.onNotification("forgotten", ({ uri }) => {
      this.latest.delete(uri);
      for (const listener of this.forgottenListeners) listener(uri);
    });
    channel.onNotification("log", ({ line }) => this.log(line));
    channel.onNotification("resync", ({ uri }) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      if (document && this.synced.has(uri)) this.open(document, this.synced.get(uri)!.role);
    });
    this.worker = worker;
    this.channel = channel;
    // A fresh worker holds nothing: every open risk file and book editor is sent again.
    const known = [...this.synced];
    this.synced.clear();
    for (const [uri, { role }] of known) {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      if (document) this.open(document, role);
    }
    for (const document of vscode.workspace.textDocuments)
      if (!this.synced.has(document.uri.toString()) && isBookDocument(document)) this.open(document, "book");
    for (const [uri, base] of this.bases) channel.notify("base", { uri, base });
    queueMicrotask(() => this.startListeners.forEach((listener) => listener()));
    return channel;
  }

  private ended(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const channel = this.channel;
    this.channel = undefined;
    channel?.close(reason);
    this.log(`Cascade Lens: ${reason}; it starts again when next needed.`);
  }

  /** The worker thread (tests stop it to prove a crashed worker is replaced). */
  get workerThread(): Worker | undefined {
    return this.worker;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    const worker = this.worker;
    this.worker = undefined;
    this.channel?.close("the extension stopped");
    this.channel = undefined;
    void worker?.terminate();
  }
}

export interface BaseText {
  text: string;
  label: string;
  filePath: string | null;
  compare: boolean;
}

function identity(uri: vscode.Uri): { uri: string; filePath: string | null; fileName: string } {
  return {
    uri: uri.toString(),
    filePath: uri.scheme === "file" ? path.normalize(uri.fsPath) : null,
    fileName: fileNameOf(uri),
  };
}

/** The limits the worker applies (the time limit is each run's own). */
function limitsOf(uri: vscode.Uri) {
  const { maxPositions, maxRounds, maxBookBytes } = limitSettings(uri);
  return { maxPositions, maxRounds, maxBookBytes };
}
