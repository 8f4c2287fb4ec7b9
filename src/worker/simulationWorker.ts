/**
 * A simulation worker (a worker_threads thread started by the analysis worker): runs a
 * resolved file's scenarios, its liquidation curve and the palette's jobs, or one share of
 * a sweep, and answers through the channel. It reads nothing from disk and validates
 * nothing it was handed: the file and its books arrive resolved, the books in shared
 * memory. It runs the same code as the CLI; its owner cancels a run by terminating it.
 */
import { parentPort } from "node:worker_threads";
import type * as z from "zod";
import { curveOf, simulateAll, sweepOf, volatilitiesOf } from "../analysis/analyses";
import { buildPanelModel } from "../analysis/panelModel";
import { sweep2Of } from "../analysis/sweep2";
import { bookDistribution } from "../engine/bookDistribution";
import { optionsInterest } from "../engine/optionsInterest";
import { compileModel } from "../engine/compiledModel";
import { monteCarlo, type MonteCarloResult } from "../engine/monteCarlo";
import { curveFromShares, type CurveResult, type CurveShare } from "../engine/curve";
import {
  isShareThread,
  runShareThread,
  sharesInThreads,
  stressFromShares,
  type StressShareResult,
} from "./shareThreads";
import { WORKER_HEAP_MB } from "./workerThread";
import { simulateScenario } from "../engine/simulate";
import { SimulationError } from "../engine/simulationError";
import { withNameMaps } from "../model/riskFileNames";
import type { RiskFile } from "../model/schema";
import { fromSimulation } from "../model/sharedBook";
import { generateAtOnce, type BookReader } from "../parse/resolveBooks";
import type { RunLimits } from "../rules/runLimits";
import { validateRiskText, type Validation } from "../rules/validate";
import { Channel } from "../shared/channel";
import {
  analysisToSimulation,
  simulationToAnalysis,
  type PreparedBook,
  type RunOutput,
} from "../shared/simulationProtocol";

type RunParams = z.output<(typeof analysisToSimulation)["requests"]["run"]["params"]>;

/**
 * Below this many cascaded positions (positions x curve points, or x paths) a share
 * thread's start-up (its bundle, its own compiled model) costs more than the split saves.
 */
const THREADS_PAY_FROM = 5_000_000;

async function run(params: RunParams, progress: (message: string, fraction: number) => void): Promise<RunOutput> {
  const started = performance.now();
  const file = withNameMaps(params.file as RiskFile);
  const books = params.books.map(fromSimulation);
  const model = compileModel(file, books);
  const resolved = { file, books };
  const { extraScenarios = [], criticalShockAssets, monteCarlo: stressSettings } = params.jobs;
  const scenarioCount = file.scenarios.length + extraScenarios.length;
  let done = 0;
  const scenarioDone = (name: string) => progress(`scenario ${name}`, ++done / (scenarioCount + 1));
  try {
    const scenarios = simulateAll(resolved, undefined, undefined, model).map(
      (result) => (scenarioDone(result.name), result),
    );
    for (const scenario of extraScenarios) {
      scenarios.push(simulateScenario(model, scenario.name, scenario.shocks));
      scenarioDone(scenario.name);
    }
    const criticalShocks = criticalShockAssets?.map((asset) => {
      progress(`critical shock of ${asset}`, 0.5);
      return { asset, criticalShock: curveOf(resolved, asset, {}, model).criticalShock };
    });
    const positions = books.reduce((sum, book) => sum + book.ids.length, 0);
    const threads = params.jobs.threads ?? 1;
    // A large run's Monte Carlo and curve split over share threads: the same numbers, bit for bit.
    const split = (cascades: number) => threads > 1 && positions * cascades >= THREADS_PAY_FROM;
    let stress: MonteCarloResult | undefined;
    if (stressSettings && split(stressSettings.paths)) {
      progress(`stress test on ${threads} threads`, 0);
      const shares = (await sharesInThreads(
        __filename,
        resolved,
        { kind: "stress", settings: stressSettings },
        threads,
        SHARE_LIMITS,
      )) as StressShareResult[];
      stress = stressFromShares(stressSettings, shares);
    } else if (stressSettings)
      stress = monteCarlo(model, volatilitiesOf(file), file.correlations ?? {}, stressSettings, (pathsDone, total) =>
        progress(`stress path ${pathsDone}/${total}`, pathsDone / total),
      );
    let curve: CurveResult | null = null;
    const curveSteps = file.simulation.curve.steps + 1;
    if (params.curveAsset !== null && split(curveSteps)) {
      progress(`curve on ${threads} threads`, scenarioCount / (scenarioCount + 1));
      const task = { kind: "curve" as const, asset: params.curveAsset, venues: true };
      const shares = (await sharesInThreads(__filename, resolved, task, threads, SHARE_LIMITS)) as CurveShare[];
      curve = curveFromShares(
        params.curveAsset,
        model.venues.map((venue) => venue.name),
        shares,
      );
    } else if (params.curveAsset !== null)
      curve = curveOf(
        resolved,
        params.curveAsset,
        {
          onPoint: (pointsDone, total) =>
            pointsDone % 10 === 0 &&
            progress(`curve ${pointsDone}/${total}`, (scenarioCount + pointsDone / total) / (scenarioCount + 1)),
        },
        model,
      );
    const elapsedMs = performance.now() - started;
    const panel = buildPanelModel({
      fileName: params.fileName,
      scenarios,
      curve,
      distribution: bookDistribution(model),
      optionsInterest: optionsInterest(model),
      insuranceFunds: file.venues.map((venue) => ({ name: venue.name, insuranceFundUsd: venue.insuranceFundUsd })),
      elapsedMs,
      stress,
      criticalShocks,
      file,
    });
    const summary = stress && {
      paths: stress.paths,
      seed: stress.seed,
      assets: stress.assets,
      badDebtUsd: stress.badDebtUsd,
      uncoveredUsd: stress.uncoveredUsd,
      uncoveredProbability: stress.uncoveredProbability,
    };
    return {
      scenarios,
      curve,
      panel,
      positions,
      elapsedMs,
      ...(criticalShocks ? { criticalShocks } : {}),
      ...(summary ? { monteCarlo: summary } : {}),
    };
  } catch (error) {
    if (error instanceof SimulationError) return { simulationError: { message: error.message, path: error.path } };
    throw error;
  }
}

/** Books for a sweep's points: those the analysis worker read, by path and venue shape; synthetic ones by spec (a swept count generates anew). */
function preparedReader(prepared: readonly PreparedBook[]): BookReader {
  const reader: BookReader = (relativePath, shape) => {
    const found = prepared.find(
      (p) =>
        "relativePath" in p &&
        p.relativePath === relativePath &&
        p.kind === shape.kind &&
        p.markets.join("\0") === shape.markets.join("\0"),
    );
    return found
      ? { parsed: { book: fromSimulation(found.book), problems: [] } }
      : { error: "this book was not read for the sweep" };
  };
  reader.generate = (request, label) => {
    const found = prepared.find(
      (p) => "syntheticKey" in p && p.syntheticKey === `synthetic\0${JSON.stringify(request)}`,
    );
    return found ? { book: fromSimulation(found.book) } : generateAtOnce(request, label);
  };
  return reader;
}

/** A sweep point is the file with values replaced, validated again: the text is parsed once here, for all of them. */
function sweepValidation(params: {
  text: string;
  books: PreparedBook[];
  limits: RunLimits;
}): { validation: Validation; readBook: BookReader } | { error: string } {
  const readBook = preparedReader(params.books);
  const validation = validateRiskText(params.text, readBook, params.limits);
  if (!validation.resolved) {
    const first = validation.problems.find((p) => p.severity === "error");
    return { error: `the file has errors (first: ${first?.message ?? "it cannot be simulated"})` };
  }
  return { validation, readBook };
}

/** Share threads get this worker's heap limit: each compiles its own model of the book. */
const SHARE_LIMITS = { maxOldGenerationSizeMb: WORKER_HEAP_MB };

const port = parentPort;
if (isShareThread()) runShareThread();
else if (port) {
  const channel = new Channel(
    (message, transfer) => port.postMessage(message, transfer as never),
    simulationToAnalysis,
    analysisToSimulation,
  );
  port.on("message", (message: unknown) => channel.receive(message));
  channel.handle("run", (params, { progress }) => run(params, progress));
  channel.handle("sweep", (params) => {
    const input = sweepValidation(params);
    return "error" in input ? input : sweepOf(input.validation, params.sweep, input.readBook, params.limits);
  });
  channel.handle("sweep2", (params) => {
    const input = sweepValidation(params);
    return "error" in input ? input : sweep2Of(input.validation, params.sweep2, input.readBook, params.limits);
  });
}
