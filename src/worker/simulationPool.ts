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
import type * as z from "zod";
import type { SweepAnswer } from "../shared/analysisProtocol";
import type { Sweep2ResultMessage } from "../shared/resultProtocol";
import { startWorkerThread, WORKER_HEAP_MB, workerFailure } from "./workerThread";

type RunParams = z.input<(typeof analysisToSimulation)["requests"]["run"]["params"]>;
type SweepParams = z.input<(typeof analysisToSimulation)["requests"]["sweep"]["params"]>;
type Sweep2Params = z.input<(typeof analysisToSimulation)["requests"]["sweep2"]["params"]>;
type Sweep2Answer = Sweep2ResultMessage | { error: string };
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
  sweep(
    params: Omit<SweepParams, "sweep"> & { sweep: Omit<SweepParams["sweep"], "slice"> },
    count: number,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<SweepAnswer> {
    const books: PreparedBook[] = params.books;
    return this.shared(
      Math.max(1, Math.min(count, params.sweep.steps + 1)),
      "the sweep",
      (channel, slice) => channel.request("sweep", { ...params, books, sweep: { ...params.sweep, slice } }),
      (results) => {
        const points = results.flatMap((r) => ("points" in r ? r.points : [])).sort((a, b) => a.value - b.value);
        return { param: params.sweep.param, points };
      },
      options,
    );
  }

  /** Sweep Two Parameters: the grid's cells interleaved over `count` workers, put back in grid order. */
  sweep2(
    params: Omit<Sweep2Params, "sweep2"> & { sweep2: Omit<Sweep2Params["sweep2"], "slice"> },
    count: number,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<Sweep2Answer> {
    const cells = (params.sweep2.x.steps + 1) * (params.sweep2.y.steps + 1);
    return this.shared(
      Math.max(1, Math.min(count, cells)),
      "the two-parameter sweep",
      (channel, slice) => channel.request("sweep2", { ...params, sweep2: { ...params.sweep2, slice } }),
      (shares): Sweep2Answer => {
        const grid = new Array<Sweep2ResultMessage["cells"][number]>(cells);
        let first: Sweep2ResultMessage | undefined;
        for (const share of shares) {
          if (!("result" in share)) continue;
          first ??= share.result;
          share.indices.forEach((index, k) => (grid[index] = share.result.cells[k]));
        }
        if (!first) return { error: "no share of the sweep answered" };
        return { x: first.x, y: first.y, metric: first.metric, cells: grid };
      },
      options,
    );
  }

  /** Work split over `shares` fresh workers; the first error, the time limit or Cancel ends it, and every worker goes. */
  private async shared<Share extends object, Answer>(
    shares: number,
    what: string,
    request: (channel: SimulationChannel, slice: { index: number; count: number }) => Promise<Share>,
    combine: (results: Share[]) => Answer | { error: string },
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<Answer | { error: string }> {
    this.cancelSweep();
    const workers = Array.from({ length: shares }, () => this.connect("a sweep worker"));
    this.sweepStarted += shares;
    this.sweepers = workers;
    let timer: NodeJS.Timeout | undefined;
    const stopped = new Promise<{ error: string }>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            error: `${what} was stopped after ${options.timeoutMs / 1000} s, the time limit per run (setting cascadeLens.limits.maxRunSeconds)`,
          }),
        options.timeoutMs,
      );
      options.signal?.addEventListener("abort", () => resolve({ error: `${what} was cancelled` }));
    });
    const answers = Promise.all(
      workers.map(({ channel }, index) =>
        request(channel, { index, count: shares }).catch((error: Error) => ({ error: error.message })),
      ),
    );
    try {
      const results = await Promise.race([answers, stopped]);
      if (!Array.isArray(results)) return results;
      const failed = results.find((r): r is { error: string } => "error" in r);
      if (failed) return { error: failed.error };
      return combine(results as Share[]);
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
