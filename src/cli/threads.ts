/**
 * `--threads N` for curve and stress: the same shares `--shard` computes, on N worker
 * threads of this process, put back together exactly as `merge` does, so the output is
 * byte-identical to one thread's. The books cross to the threads in shared memory (no
 * copy); each thread compiles its own model. The threads run this same bundle.
 */
import { Worker, parentPort, workerData } from "node:worker_threads";
import { compileResolved, stressShare, type RunnableFile } from "../analysis/analyses";
import { curveShare, type CurveShare } from "../engine/curve";
import type { StressSettings } from "../engine/monteCarlo";
import type { Book } from "../model/book";
import { withNameMaps } from "../model/riskFileNames";
import type { RiskFile } from "../model/schema";
import { fileForSimulation, forSimulation, fromSimulation, type SharedBook } from "../model/sharedBook";

export type ThreadTask = { kind: "curve"; asset: string } | { kind: "stress"; settings: StressSettings };

interface ThreadInput {
  cascadeLensThread: 1;
  file: RiskFile;
  books: SharedBook[];
  task: ThreadTask;
  slice: { index: number; count: number };
}

export type StressShareResult = ReturnType<typeof stressShare>;

/** Runs `task` split over `count` threads of `script` (the CLI bundle); the shares in slice order. */
export function sharesInThreads(
  script: string,
  resolved: RunnableFile,
  task: ThreadTask,
  count: number,
): Promise<(CurveShare | StressShareResult)[]> {
  const file = fileForSimulation(resolved.file);
  const books = resolved.books.map(forSimulation);
  const workers: Worker[] = [];
  const shares = Array.from(
    { length: count },
    (_, index) =>
      new Promise<CurveShare | StressShareResult>((resolve, reject) => {
        const input: ThreadInput = { cascadeLensThread: 1, file, books, task, slice: { index, count } };
        const worker = new Worker(script, { workerData: input });
        workers.push(worker);
        worker.once("message", (share: CurveShare | StressShareResult | { error: string }) =>
          "error" in share ? reject(new Error(share.error)) : resolve(share),
        );
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`a worker thread stopped (exit code ${code})`)));
      }),
  );
  return Promise.all(shares).finally(() => workers.forEach((worker) => void worker.terminate()));
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
        ? curveShare(compileResolved(resolved), task.asset, resolved.file.simulation.curve, slice)
        : stressShare(resolved, task.settings, slice);
    parentPort!.postMessage(share);
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
}
