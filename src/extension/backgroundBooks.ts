/**
 * CSV books for live validation, loaded off the extension host's thread. A small book is
 * read at once (cheaper than a round trip to a worker); a large one is read and parsed by
 * a worker while validation reports it as pending, and listeners (the validation
 * controller) validate again when it arrives. Parsed books are kept while the file's size
 * and modification time hold, so typing in the risk file reuses them.
 */
import * as path from "node:path";
import type { Worker } from "node:worker_threads";
import { fileBookReader, statBook } from "../analysis/fileBookReader";
import type { Book } from "../model/book";
import type { CsvResult } from "../parse/csvBook";
import type { BookReader, BookShape } from "../parse/resolveBooks";
import type { BookReply, BookRequest } from "../shared/bookProtocol";
import { startWorkerThread, WORKER_HEAP_MB, workerFailure } from "./workerThread";

/** Books from this size on are loaded in the background (1 MiB is ~40,000 rows, ~40 ms to parse). */
export const BACKGROUND_FROM_BYTES = 1024 * 1024;
/** Parsed books kept (a million-row book holds ~60 MB). */
const KEPT_BOOKS = 4;

type Loaded = { size: number; mtimeMs: number; result: { parsed: CsvResult<Book> } | { error: string } };
type Job = { key: string; absolute: string; size: number; mtimeMs: number };

export class BackgroundBooks {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly loaded = new Map<string, Loaded>();
  private readonly inFlight = new Map<number, Job>();
  private readonly requested = new Set<string>();
  private readonly listeners = new Set<(absolutePath: string) => void>();
  private idleWaiters: (() => void)[] = [];
  /** Books loaded so far (tests check a large book went through here). */
  loads = 0;

  constructor(
    private readonly workerPath: string,
    private readonly fromBytes = BACKGROUND_FROM_BYTES,
  ) {}

  /** Called with the book's absolute path each time a background load ends (parsed or failed). */
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

  reader(riskFilePath: string, maxBytes: number): BookReader {
    const directory = path.dirname(riskFilePath);
    const atOnce = fileBookReader(riskFilePath, maxBytes);
    return (relativePath, shape) => {
      const absolute = path.resolve(directory, relativePath);
      const stat = statBook(absolute);
      if ("error" in stat) return stat;
      // Small books are read here; books over the limit are refused here, unread.
      if (stat.size < this.fromBytes || stat.size > maxBytes) return atOnce(relativePath);
      // Problems name the book as the risk file writes it, so that is part of the key too.
      const key = [absolute, relativePath, shape.kind, maxBytes, ...shape.markets].join("\0");
      const done = this.loaded.get(key);
      if (done && done.size === stat.size && done.mtimeMs === stat.mtimeMs) return done.result;
      if (!this.requested.has(key)) this.request({ key, absolute, size: stat.size, mtimeMs: stat.mtimeMs }, relativePath, shape, maxBytes);
      return { pending: true };
    };
  }

  private request(job: Job, relativePath: string, shape: BookShape, maxBytes: number): void {
    this.requested.add(job.key);
    const id = this.nextId++;
    this.inFlight.set(id, job);
    const request: BookRequest = { id, path: job.absolute, relativePath, shape, maxBytes };
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
    this.finish(reply.id, job, { size: reply.size, mtimeMs: reply.mtimeMs, result: "parsed" in reply ? { parsed: reply.parsed } : { error: reply.error } });
  }

  /** A worker that died fails its loads for the file versions asked for (no retry loop); a changed file is tried again. */
  private onWorkerEnd(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const [id, job] of [...this.inFlight]) this.finish(id, job, { size: job.size, mtimeMs: job.mtimeMs, result: { error: reason } });
  }

  private finish(id: number, job: Job, loaded: Loaded): void {
    this.inFlight.delete(id);
    this.requested.delete(job.key);
    this.loaded.delete(job.key);
    this.loaded.set(job.key, loaded);
    if (this.loaded.size > KEPT_BOOKS) this.loaded.delete(this.loaded.keys().next().value!);
    this.loads++;
    for (const listener of this.listeners) listener(job.absolute);
    if (!this.busy) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  dispose(): void {
    // Nobody is told: the extension is going away, its validation with it.
    this.listeners.clear();
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const [id, job] of [...this.inFlight]) this.finish(id, job, { size: -1, mtimeMs: -1, result: { error: "the extension stopped" } });
  }
}
