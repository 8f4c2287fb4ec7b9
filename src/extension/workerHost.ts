/**
 * Owns the simulation worker thread. One run at a time: a newer request cancels the run
 * in flight by terminating its worker (a tight numeric loop cannot be interrupted
 * otherwise); so does the watchdog when a run outlasts its time limit, and a crashed
 * worker is replaced on the next request.
 */
import type { Worker } from "node:worker_threads";
import { startWorkerThread, WORKER_HEAP_MB, workerFailure } from "./workerThread";
import { workerMessageSchema, type AnalysisRequest, type AnalysisResult, type WorkerMessage } from "../shared/workerProtocol";

export class RunCancelled extends Error {
  constructor(why = "cancelled by a newer run") {
    super(why);
  }
}

export class RunTimedOut extends Error {
  constructor(readonly limitMs: number) {
    super(`stopped after ${limitMs / 1000} s, the time limit per run (setting cascadeLens.limits.maxRunSeconds); lower maxRounds, the curve's steps or the book, or raise the limit`);
  }
}

export interface RunOptions {
  onProgress?(message: string, fraction: number): void;
  /** Cancels this run only: a late signal (a notification closed after its run ended) must not stop a newer run. */
  signal?: AbortSignal;
  /** The watchdog: the run is stopped (its worker terminated) after this long. */
  timeoutMs?: number;
}

interface InFlight {
  id: number;
  resolve(result: AnalysisResult): void;
  reject(error: Error): void;
  onProgress?(message: string, fraction: number): void;
}

export class WorkerHost {
  private worker: Worker | undefined;
  private inFlight: InFlight | undefined;
  private nextId = 1;
  /** Workers started and exited so far (tests count them to prove none leak). */
  startedWorkers = 0;
  exitedWorkers = 0;

  get liveWorkers(): number {
    return this.startedWorkers - this.exitedWorkers;
  }

  constructor(
    private readonly workerPath: string,
    private readonly heapMb = WORKER_HEAP_MB,
  ) {}

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  run(request: Omit<AnalysisRequest, "id">, options: RunOptions = {}): Promise<AnalysisResult> {
    this.cancel();
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<AnalysisResult>((resolve, reject) => {
      const onAbort = () => this.stop(id, new RunCancelled("cancelled"));
      const watchdog = options.timeoutMs === undefined ? undefined : setTimeout(() => this.stop(id, new RunTimedOut(options.timeoutMs!)), options.timeoutMs);
      const settled = () => {
        clearTimeout(watchdog);
        options.signal?.removeEventListener("abort", onAbort);
      };
      this.inFlight = {
        id,
        resolve: (result) => (settled(), resolve(result)),
        reject: (error) => (settled(), reject(error)),
        onProgress: options.onProgress,
      };
      options.signal?.addEventListener("abort", onAbort);
      worker.postMessage({ ...request, id });
      if (options.signal?.aborted) onAbort();
    });
  }

  /** Stops the run in flight, if any; its promise rejects with RunCancelled. */
  cancel(): void {
    if (this.inFlight) this.stop(this.inFlight.id, new RunCancelled());
  }

  /** Stops run `id` if it is still the one in flight. */
  private stop(id: number, why: Error): void {
    const current = this.inFlight;
    if (current?.id !== id) return;
    this.inFlight = undefined;
    this.terminate();
    current.reject(why);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorkerThread(this.workerPath, this.heapMb);
    this.startedWorkers++;
    worker.on("message", (raw: unknown) => this.onMessage(raw));
    worker.on("error", (error) => this.onExit(worker, `the simulation worker ${workerFailure(error, this.heapMb)}`));
    worker.on("exit", (code) => {
      this.exitedWorkers++;
      this.onExit(worker, `the simulation worker stopped (exit code ${code})`);
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(raw: unknown): void {
    const parsed = workerMessageSchema.safeParse(raw);
    const current = this.inFlight;
    if (!current) return;
    if (!parsed.success) {
      this.inFlight = undefined;
      current.reject(new Error(`the simulation worker sent an invalid message: ${parsed.error.issues[0]?.message}`));
      return;
    }
    const message: WorkerMessage = parsed.data;
    if (message.id !== current.id) return;
    if (message.kind === "progress") current.onProgress?.(message.message, message.fraction);
    else {
      this.inFlight = undefined;
      if (message.kind === "result") current.resolve(message);
      else current.reject(new Error(message.message));
    }
  }

  private onExit(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const current = this.inFlight;
    this.inFlight = undefined;
    current?.reject(new Error(reason));
  }

  private terminate(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  dispose(): void {
    this.cancel();
    this.terminate();
  }
}
