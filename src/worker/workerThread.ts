/**
 * Starting a worker thread for simulations, with a heap limit of its own: without one, a
 * worker that runs out of memory aborts the whole extension host process; with one, only
 * the worker ends (ERR_WORKER_OUT_OF_MEMORY) and the host reports it.
 */
import { Worker } from "node:worker_threads";

/** Enough for the largest book the size limit admits (its text alone is up to ~450 MB of heap). */
export const WORKER_HEAP_MB = 3072;

export function startWorkerThread(workerPath: string, heapMb = WORKER_HEAP_MB): Worker {
  return new Worker(workerPath, { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
}

/** What a worker's "error" event means for the user. */
export function workerFailure(error: Error & { code?: string }, heapMb: number): string {
  if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
    return `ran out of memory (its heap is limited to ${heapMb} MB); make the book or the run smaller (cascadeLens.limits.maxPositions, maxBookMb)`;
  }
  return `crashed: ${error.message}`;
}
