/**
 * A parameter sweep split over worker threads (one per core by default): each worker
 * takes an interleaved share of the values, so the slow end of a range is shared too.
 * The pool is separate from the on-save worker: a save never cancels a sweep.
 */
import type { Worker } from "node:worker_threads";
import type { SweepResult } from "../engine/sweep";
import { startWorkerThread, WORKER_HEAP_MB, workerFailure } from "./workerThread";
import { workerMessageSchema, type AnalysisRequest } from "../shared/workerProtocol";

export class SweepPool {
  private running: Worker[] = [];
  /** Threads started so far (tests check the sweep used several). */
  startedWorkers = 0;

  constructor(private readonly workerPath: string) {}

  async sweep(request: Omit<AnalysisRequest, "id" | "sweep" | "sweepOnly" | "withCurve"> & { sweep: NonNullable<AnalysisRequest["sweep"]> }, workerCount: number, timeoutMs?: number): Promise<SweepResult | { error: string }> {
    this.cancel();
    let timer: NodeJS.Timeout | undefined;
    const watchdog =
      timeoutMs === undefined
        ? undefined
        : new Promise<{ error: string }>((resolve) => {
            timer = setTimeout(() => resolve({ error: `the sweep was stopped after ${timeoutMs / 1000} s, the time limit per run (setting cascadeLens.limits.maxRunSeconds)` }), timeoutMs);
          });
    const count = Math.max(1, Math.min(workerCount, request.sweep.steps + 1));
    const shares = Array.from({ length: count }, (_, index) => this.runShare({ ...request, id: index, withCurve: false, sweepOnly: true, sweep: { ...request.sweep, slice: { index, count } } }));
    try {
      const all = Promise.all(shares);
      const results = await (watchdog ? Promise.race([all, watchdog]) : all);
      if (!Array.isArray(results)) return results;
      const failed = results.find((r) => "error" in r);
      if (failed) return failed;
      const points = results.flatMap((r) => ("points" in r ? r.points : [])).sort((a, b) => a.value - b.value);
      return { param: request.sweep.param, points };
    } finally {
      clearTimeout(timer);
      this.cancel();
    }
  }

  private runShare(request: AnalysisRequest): Promise<SweepResult | { error: string }> {
    const worker = startWorkerThread(this.workerPath);
    this.startedWorkers++;
    this.running.push(worker);
    return new Promise((resolve) => {
      worker.on("message", (raw: unknown) => {
        const parsed = workerMessageSchema.safeParse(raw);
        if (!parsed.success) return resolve({ error: "a sweep worker sent an invalid message" });
        const message = parsed.data;
        if (message.kind === "failed") resolve({ error: message.message });
        else if (message.kind === "result") {
          if (message.blockingProblems.length > 0) resolve({ error: `the file has errors (first: ${message.blockingProblems[0].message})` });
          else resolve(message.sweep ?? { error: message.sweepError ?? "the sweep did not run" });
        }
      });
      worker.on("error", (error) => resolve({ error: `a sweep worker ${workerFailure(error, WORKER_HEAP_MB)}` }));
      worker.on("exit", (code) => resolve({ error: `a sweep worker stopped (exit code ${code})` }));
      worker.postMessage(request);
    });
  }

  cancel(): void {
    for (const worker of this.running) void worker.terminate();
    this.running = [];
  }
}
