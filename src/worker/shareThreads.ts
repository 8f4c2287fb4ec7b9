/**
 * A curve or a stress test split over threads: the same shares `--shard` computes, on N
 * worker threads of this process, put back together exactly as `merge` does, so the
 * result is byte-identical to one thread's. The CLI's `--threads N` and the editor's
 * simulation worker (its curve and Monte Carlo, over `cascadeLens.workerCount` threads)
 * use it. The books cross to the threads in shared memory (no copy); each thread compiles
 * its own model. The threads run the bundle that started them.
 */
import { Worker, parentPort, workerData, type ResourceLimits } from "node:worker_threads";
import { compileResolved, stressShare, type RunnableFile } from "../analysis/analyses";
import { curveShare, type CurveShare } from "../engine/curve";
import { stressOfPaths, type MonteCarloResult, type StressSettings } from "../engine/monteCarlo";
import { SimulationError } from "../engine/simulationError";
import type { Book } from "../model/book";
import { withNameMaps } from "../model/riskFileNames";
import type { RiskFile } from "../model/schema";
import { fileForSimulation, forSimulation, fromSimulation, type SharedBook } from "../model/sharedBook";

/** `venues`: each point's venue figures too (the editor's panel charts them). */
export type ThreadTask =
  { kind: "curve"; asset: string; venues?: boolean } | { kind: "stress"; settings: StressSettings };

interface ThreadInput {
  cascadeLensThread: 1;
  file: RiskFile;
  books: SharedBook[];
  task: ThreadTask;
  slice: { index: number; count: number };
}

export type StressShareResult = ReturnType<typeof stressShare>;
type ThreadFailure = { error: string; path?: SimulationError["path"] };

/** Runs `task` split over `count` threads of `script` (the CLI bundle); the shares in slice order. */
export function sharesInThreads(
  script: string,
  resolved: RunnableFile,
  task: ThreadTask,
  count: number,
  resourceLimits?: ResourceLimits,
): Promise<(CurveShare | StressShareResult)[]> {
  const file = fileForSimulation(resolved.file);
  const books = resolved.books.map(forSimulation);
  const workers: Worker[] = [];
  const shares = Array.from(
    { length: count },
    (_, index) =>
      new Promise<CurveShare | StressShareResult>((resolve, reject) => {
        const input: ThreadInput = { cascadeLensThread: 1, file, books, task, slice: { index, count } };
        const worker = new Worker(script, { workerData: input, resourceLimits });
        workers.push(worker);
        worker.once("message", (share: CurveShare | StressShareResult | ThreadFailure) =>
          "error" in share
            ? reject(share.path ? new SimulationError(share.error, share.path) : new Error(share.error))
            : resolve(share),
        );
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`a worker thread stopped (exit code ${code})`)));
      }),
  );
  return Promise.all(shares).finally(() => workers.forEach((worker) => void worker.terminate()));
}

/** The stress test from its threads' shares (any order): what one thread computes, path for path. */
export function stressFromShares(settings: StressSettings, shares: readonly StressShareResult[]): MonteCarloResult {
  const items = shares.flatMap((share) => share.items).sort((a, b) => a[0] - b[0]);
  return stressOfPaths(
    settings,
    shares[0].assets,
    items.map((item) => item[1]),
  );
}

/** True when this thread was started by sharesInThreads. */
export const isShareThread = (): boolean =>
  parentPort !== null && (workerData as Partial<ThreadInput> | undefined)?.cascadeLensThread === 1;

/** A share thread's work: compute, post, end. */
export function runShareThread(): void {
  const { file, books, task, slice } = workerData as ThreadInput;
  try {
    const resolved = { file: withNameMaps(file), books: books.map(fromSimulation) as Book[] };
    const share =
      task.kind === "curve"
        ? curveShare(
            compileResolved(resolved),
            task.asset,
            resolved.file.simulation.curve,
            slice,
            undefined,
            task.venues,
          )
        : stressShare(resolved, task.settings, slice);
    parentPort!.postMessage(share);
  } catch (error) {
    // A located simulation error (a price out of range, an overflow) stays one across the thread.
    const failure: ThreadFailure =
      error instanceof SimulationError
        ? { error: error.message, path: error.path }
        : { error: (error as Error).message };
    parentPort!.postMessage(failure);
  }
}
