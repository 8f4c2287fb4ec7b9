/**
 * Owns the simulation worker thread. One run at a time: a newer request cancels the run
 * in flight by terminating its worker (a tight numeric loop cannot be interrupted
 * otherwise); a crashed worker is replaced on the next request.
 */
import { Worker } from "node:worker_threads";
import { workerMessageSchema, type AnalysisRequest, type AnalysisResult, type WorkerMessage } from "../shared/workerProtocol";

export class RunCancelled extends Error {
  constructor() {
    super("cancelled by a newer run");
  }
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

  constructor(private readonly workerPath: string) {}

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  run(request: Omit<AnalysisRequest, "id">, onProgress?: InFlight["onProgress"]): Promise<AnalysisResult> {
    this.cancel();
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<AnalysisResult>((resolve, reject) => {
      this.inFlight = { id, resolve, reject, onProgress };
      worker.postMessage({ ...request, id });
    });
  }

  /** Stops the run in flight, if any; its promise rejects with RunCancelled. */
  cancel(): void {
    const current = this.inFlight;
    if (!current) return;
    this.inFlight = undefined;
    this.terminate();
    current.reject(new RunCancelled());
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath);
    this.startedWorkers++;
    worker.on("message", (raw: unknown) => this.onMessage(raw));
    worker.on("error", (error) => this.onExit(worker, `the simulation worker crashed: ${error.message}`));
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
