/**
 * The simulation workers, as the analysis worker runs them. One run at a time: a newer
 * run cancels the one in flight by terminating its worker (a tight numeric loop cannot be
 * interrupted otherwise), as does the time limit and a cancellation from the editor; a
 * crashed worker is replaced on the next run. A sweep is split over workers of its own,
 * so a save never cancels a sweep.
 */
import type { Worker } from "node:worker_threads";
import { Channel, ChannelError, type RequestOptions } from "../shared/channel";
import {
  analysisToSimulation,
  simulationToAnalysis,
  type PreparedBook,
  type RunOutput,
} from "../shared/simulationProtocol";
import type { z } from "zod";
import type { SweepAnswer } from "../shared/analysisProtocol";
import { startWorkerThread, WORKER_HEAP_MB, workerFailure } from "./workerThread";

type RunParams = z.input<(typeof analysisToSimulation)["requests"]["run"]["params"]>;
type SweepParams = z.input<(typeof analysisToSimulation)["requests"]["sweep"]["params"]>;
type SimulationChannel = Channel<typeof analysisToSimulation, typeof simulationToAnalysis>;

interface Connected {
  worker: Worker;
  channel: SimulationChannel;
}

export class RunStopped extends Error {}

export class SimulationPool {
  private idle: Connected | undefined;
  private current: { connected: Connected; stop(why: Error): void } | undefined;
  private sweepers: Connected[] = [];
  started = 0;
  exited = 0;
  sweepStarted = 0;

  constructor(
    private readonly workerPath: string,
    private readonly log: (line: string) => void,
    private readonly heapMb = WORKER_HEAP_MB,
  ) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Runs `params` on a worker; rejects with RunStopped when cancelled, stopped by the time limit or the worker ended. */
  async run(
    params: RunParams,
    options: { timeoutMs: number; signal?: AbortSignal; onProgress?: RequestOptions["onProgress"] },
  ): Promise<RunOutput> {
    this.current?.stop(new RunStopped("cancelled by a newer run"));
    const connected = this.idle ?? this.connect("the simulation worker");
    this.idle = undefined;
    let stopped: Error | undefined;
    const stop = (why: Error) => {
      stopped ??= why;
      void connected.worker.terminate();
    };
    this.current = { connected, stop };
    const onAbort = () => stop(new RunStopped("cancelled"));
    options.signal?.addEventListener("abort", onAbort);
    if (options.signal?.aborted) onAbort();
    const watchdog = setTimeout(
      () =>
        stop(
          new RunStopped(
            `stopped after ${options.timeoutMs / 1000} s, the time limit per run (setting cascadeLens.limits.maxRunSeconds); lower maxRounds, the curve's steps or the book, or raise the limit`,
          ),
        ),
      options.timeoutMs,
    );
    try {
      const output = await connected.channel.request("run", params, { onProgress: options.onProgress });
      this.idle = connected;
      return output;
    } catch (error) {
      throw stopped ?? (error instanceof ChannelError ? new RunStopped(error.message) : error);
    } finally {
      clearTimeout(watchdog);
      options.signal?.removeEventListener("abort", onAbort);
      if (this.current?.connected === connected) this.current = undefined;
    }
  }

  /** A sweep split over `count` workers, each taking an interleaved share of the values (the slow end of a range is shared too). */
  async sweep(
    params: Omit<SweepParams, "sweep"> & { sweep: Omit<SweepParams["sweep"], "slice"> },
    count: number,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<SweepAnswer> {
    this.cancelSweep();
    const shares = Math.max(1, Math.min(count, params.sweep.steps + 1));
    const workers = Array.from({ length: shares }, () => this.connect("a sweep worker"));
    this.sweepStarted += shares;
    this.sweepers = workers;
    let timer: NodeJS.Timeout | undefined;
    const stopped = new Promise<SweepAnswer>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            error: `the sweep was stopped after ${options.timeoutMs / 1000} s, the time limit per run (setting cascadeLens.limits.maxRunSeconds)`,
          }),
        options.timeoutMs,
      );
      options.signal?.addEventListener("abort", () => resolve({ error: "the sweep was cancelled" }));
    });
    const books: PreparedBook[] = params.books;
    const answers = Promise.all(
      workers.map(({ channel }, index) =>
        channel
          .request("sweep", { ...params, books, sweep: { ...params.sweep, slice: { index, count: shares } } })
          .catch((error: Error): SweepAnswer => ({ error: error.message })),
      ),
    );
    try {
      const results = await Promise.race([answers, stopped]);
      if (!Array.isArray(results)) return results;
      const failed = results.find((r) => "error" in r);
      if (failed) return failed;
      const points = results.flatMap((r) => ("points" in r ? r.points : [])).sort((a, b) => a.value - b.value);
      return { param: params.sweep.param, points };
    } finally {
      clearTimeout(timer);
      this.cancelSweep();
    }
  }

  private cancelSweep(): void {
    for (const { worker } of this.sweepers) void worker.terminate();
    this.sweepers = [];
  }

  private connect(what: string): Connected {
    const worker = startWorkerThread(this.workerPath, this.heapMb);
    this.started++;
    const channel: SimulationChannel = new Channel(
      (message, transfer) => worker.postMessage(message, transfer as never),
      analysisToSimulation,
      simulationToAnalysis,
      (why) => this.log(`${what}: ${why}`),
    );
    worker.on("message", (message: unknown) => channel.receive(message));
    worker.on("error", (error) => channel.close(`${what} ${workerFailure(error, this.heapMb)}`));
    worker.on("exit", (code) => {
      this.exited++;
      channel.close(`${what} stopped (exit code ${code})`);
      if (this.idle?.worker === worker) this.idle = undefined;
    });
    return { worker, channel };
  }

  dispose(): void {
    this.current?.stop(new RunStopped("the extension stopped"));
    void this.idle?.worker.terminate();
    this.cancelSweep();
  }
}
