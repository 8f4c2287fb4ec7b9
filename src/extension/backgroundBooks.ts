/**
 * Position books for live validation (CSV and synthetic), loaded off the extension host's
 * thread. A small book is read at once (cheaper than a round trip to a worker); a large
 * one is read and parsed by a worker while validation reports it as pending, and
 * listeners (the validation controller) validate again when it arrives. The same holds
 * for a large book open in an editor (its text goes to the worker) and for a large
 * synthetic book (generated there). Parsed books are kept while the file's size and
 * modification time (or the editor's version) hold, so typing in the risk file reuses them.
 */
import * as path from "node:path";
import type { Worker } from "node:worker_threads";
import { fileBookReader, statBook, unsavedFileBooks } from "../analysis/fileBookReader";
import type { Book } from "../model/book";
import type { CsvResult } from "../parse/csvBook";
import type { SyntheticRequest } from "../model/syntheticBook";
import { generateAtOnce, type BookReader, type BookReadResult, type BookShape, type SyntheticResult } from "../parse/resolveBooks";
import type { BookReply, BookRequest, CsvBookRequest } from "../shared/bookProtocol";
import { startWorkerThread, WORKER_HEAP_MB, workerFailure } from "./workerThread";

/** Books from this size on are loaded in the background (1 MiB is ~40,000 rows, ~40 ms to parse). */
export const BACKGROUND_FROM_BYTES = 1024 * 1024;
/** Synthetic books from this count on are generated in the background (~45 ms below it). */
export const BACKGROUND_FROM_POSITIONS = 100_000;
/** Parsed books kept beyond those the latest validations use (a million-row book holds ~60 MB). */
const KEPT_BOOKS = 4;

/** A book's version: the file's size and modification time, or the editor's version number. */
type Version = string;
type Loaded = { version: Version; result: { parsed: CsvResult<Book> } | { error: string } };
/**
 * `absolute`: the book's path (a synthetic book's label), told to listeners when it arrives.
 * `version` is known when asked for an editor's text or a generated book; a file's is the one the worker read.
 */
type Job = { key: string; absolute: string; version: Version; versionKnown: boolean };

const fileVersion = (stat: { size: number; mtimeMs: number }): Version => `file:${stat.size}:${stat.mtimeMs}`;

/** A CSV book open in an editor, as the reader needs it. */
export interface EditorBook {
  uri: string;
  /** Where listeners are told the book arrived (the file's path). */
  absolutePath: string;
  version: number;
  getText(): string;
}

export class BackgroundBooks {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly loaded = new Map<string, Loaded>();
  private readonly inFlight = new Map<number, Job>();
  private readonly requested = new Set<string>();
  /** Per risk file, the books its latest validation read (kept, whatever KEPT_BOOKS says). */
  private readonly inUse = new Map<string, Set<string>>();
  private readonly listeners = new Set<(absolutePath: string) => void>();
  private idleWaiters: (() => void)[] = [];
  /** Books loaded so far (tests check a large book went through here). */
  loads = 0;

  constructor(
    private readonly workerPath: string,
    private readonly fromBytes = BACKGROUND_FROM_BYTES,
    private readonly fromPositions = BACKGROUND_FROM_POSITIONS,
  ) {}

  /** Called with the book's absolute path (a synthetic book's label) each time a background load ends (parsed or failed). */
  onDidLoad(listener: (absolutePath: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  /** Resolves once no load is in flight. */
  whenIdle(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  /**
   * A reader for one validation of one risk file (`riskFile`: its path, or the URI of an
   * unsaved file, which reads no book from disk). Books open in an editor come from
   * `openBook`. What this validation reads is never evicted while it is the file's latest
   * (it holds those books anyway): evicting one book of a file for another of the same
   * file would load them in turn forever.
   */
  reader(riskFile: string, maxBytes: number, options: { onDisk?: boolean; openBook?: (relativePath: string) => EditorBook | undefined } = {}): BookReader {
    const used = new Set<string>();
    this.inUse.set(riskFile, used);
    const directory = path.dirname(riskFile);
    const atOnce = fileBookReader(riskFile, maxBytes);
    const read: BookReader = (relativePath, shape) => {
      const open = options.openBook?.(relativePath);
      if (open) return this.editorBook(open, relativePath, shape, used);
      if (options.onDisk === false) return unsavedFileBooks(relativePath);
      const absolute = path.resolve(directory, relativePath);
      const stat = statBook(absolute);
      if ("error" in stat) return stat;
      // Small books are read here; books over the limit are refused here, unread.
      if (stat.size < this.fromBytes || stat.size > maxBytes) return atOnce(relativePath);
      // Problems name the book as the risk file writes it, so that is part of the key too.
      const key = [absolute, relativePath, shape.kind, maxBytes, ...shape.markets].join("\0");
      used.add(key);
      const done = this.loaded.get(key);
      if (done && done.version === fileVersion(stat)) return done.result;
      if (!this.requested.has(key)) this.request({ key, absolute, version: fileVersion(stat), versionKnown: false }, { source: { path: absolute }, relativePath, shape, maxBytes });
      return { pending: true };
    };
    read.generate = (synthetic, label) => this.generate(synthetic, label, used);
    return read;
  }

  /** The risk file is closed or gone: its books may be evicted. */
  forget(riskFile: string): void {
    this.inUse.delete(riskFile);
  }

  /** Synthetic books: a small one is generated at once, a large one by the worker (kept while its spec and prices hold). */
  private generate(synthetic: SyntheticRequest, label: string, used: Set<string>): SyntheticResult {
    if (synthetic.spec.count < this.fromPositions) return generateAtOnce(synthetic, label);
    const key = `synthetic\0${JSON.stringify(synthetic)}`;
    used.add(key);
    const done = this.loaded.get(key);
    if (done) return "parsed" in done.result ? (done.result.parsed.book ? { book: done.result.parsed.book } : { error: "the generator returned no book" }) : done.result;
    if (!this.requested.has(key)) this.request({ key, absolute: label, version: "synthetic", versionKnown: true }, { synthetic });
    return { pending: true };
  }

  /**
   * A book open in an editor (its unsaved edits included): a small text is answered at
   * once, a large one is parsed by the worker. The text is only fetched when the editor's
   * version has no parse yet, since copying a large document out of the editor costs too.
   */
  private editorBook(book: EditorBook, relativePath: string, shape: BookShape, used: Set<string>): BookReadResult {
    const key = ["editor", book.uri, relativePath, shape.kind, ...shape.markets].join("\0");
    used.add(key);
    const version = `editor:${book.version}`;
    const done = this.loaded.get(key);
    if (done && done.version === version) return done.result;
    if (this.requested.has(key)) return { pending: true };
    const text = book.getText();
    if (text.length < this.fromBytes) return { text };
    this.request({ key, absolute: book.absolutePath, version, versionKnown: true }, { source: { text }, relativePath, shape, maxBytes: Number.POSITIVE_INFINITY });
    return { pending: true };
  }

  private request(job: Job, what: CsvBookRequest | { synthetic: SyntheticRequest }): void {
    this.requested.add(job.key);
    const id = this.nextId++;
    this.inFlight.set(id, job);
    const request: BookRequest = { id, ...what };
    this.ensureWorker().postMessage(request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorkerThread(this.workerPath);
    worker.on("message", (reply: BookReply) => this.onReply(reply));
    worker.on("error", (error) => this.onWorkerEnd(worker, `the background book reader ${workerFailure(error, WORKER_HEAP_MB)}`));
    worker.on("exit", (code) => this.onWorkerEnd(worker, `the background book reader stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  private onReply(reply: BookReply): void {
    const job = this.inFlight.get(reply.id);
    if (!job) return;
    // A file may have changed between the host's look and the worker's read: keep the version read.
    const version = job.versionKnown ? job.version : fileVersion(reply);
    this.finish(reply.id, job, { version, result: "parsed" in reply ? { parsed: reply.parsed } : { error: reply.error } });
  }

  /** A worker that died fails its loads for the file versions asked for (no retry loop); a changed file is tried again. */
  private onWorkerEnd(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const [id, job] of [...this.inFlight]) this.finish(id, job, { version: job.version, result: { error: reason } });
  }

  private finish(id: number, job: Job, loaded: Loaded): void {
    this.inFlight.delete(id);
    this.requested.delete(job.key);
    this.loaded.delete(job.key);
    this.loaded.set(job.key, loaded);
    this.evictUnused();
    this.loads++;
    for (const listener of this.listeners) listener(job.absolute);
    if (!this.busy) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Down to KEPT_BOOKS, oldest first, sparing the books of each risk file's latest validation. */
  private evictUnused(): void {
    if (this.loaded.size <= KEPT_BOOKS) return;
    const used = new Set([...this.inUse.values()].flatMap((keys) => [...keys]));
    for (const key of [...this.loaded.keys()]) {
      if (this.loaded.size <= KEPT_BOOKS) return;
      if (!used.has(key)) this.loaded.delete(key);
    }
  }

  dispose(): void {
    // Nobody is told: the extension is going away, its validation with it.
    this.listeners.clear();
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const [id, job] of [...this.inFlight]) this.finish(id, job, { version: "none", result: { error: "the extension stopped" } });
  }
}
