/**
 * The simulation worker (a worker_threads thread): validates the saved file, runs every
 * scenario and the liquidation curve, and posts results. It runs the same code as the
 * CLI, off the extension host's thread; the host cancels a run by terminating it.
 */
import { parentPort } from "node:worker_threads";
import { compileResolved, curveAssetOf, curveOf, simulateAll, sweepOf } from "../analysis/analyses";
import { monteCarlo } from "../engine/monteCarlo";
import { simulateScenario } from "../engine/simulate";
import type { RiskFile } from "../model/schema";
import { DEFAULT_MAX_BOOK_BYTES, fileBookReader, unsavedFileBooks } from "../analysis/fileBookReader";
import { buildPanelModel } from "../analysis/panelModel";
import { bookDistribution } from "../engine/bookDistribution";
import { SimulationError } from "../engine/simulationError";
import { UNLIMITED } from "../rules/runLimits";
import { validateRiskText } from "../rules/validate";
import { analysisRequestSchema, type WorkerMessage } from "../shared/workerProtocol";

function analyze(raw: unknown): WorkerMessage {
  const request = analysisRequestSchema.parse(raw);
  const started = performance.now();
  const post = (message: WorkerMessage) => parentPort?.postMessage(message);
  const limits = request.limits ?? { ...UNLIMITED, maxBookBytes: DEFAULT_MAX_BOOK_BYTES };
  const readBook = request.filePath === null ? unsavedFileBooks : fileBookReader(request.filePath, limits.maxBookBytes);
  const validation = validateRiskText(request.text, readBook, limits);
  const errors = validation.problems.filter((p) => p.severity === "error");
  const empty = { kind: "result" as const, id: request.id, scenarios: [], curve: null, panel: null, positions: 0 };
  if (errors.length > 0 || !validation.resolved) {
    return { ...empty, blockingProblems: errors, elapsedMs: performance.now() - started };
  }
  const resolved = validation.resolved;
  const positions = resolved.books.reduce((sum, book) => sum + book.ids.length, 0);
  try {
    if (request.sweepOnly && request.sweep) {
      const sweep = sweepOf(validation, request.sweep, readBook, limits);
      return { ...empty, blockingProblems: [], positions, elapsedMs: performance.now() - started, ...("error" in sweep ? { sweepError: sweep.error } : { sweep }) };
    }
    const model = compileResolved(resolved);
    const extra = request.extraScenarios ?? [];
    const scenarioCount = resolved.file.scenarios.length + extra.length;
    let done = 0;
    const progress = (what: string) => post({ kind: "progress", id: request.id, message: what, fraction: ++done / (scenarioCount + 1) });
    const scenarios = simulateAll(resolved, undefined, undefined, model).map((result) => {
      progress(`scenario ${result.name}`);
      return result;
    });
    for (const scenario of extra) {
      scenarios.push(simulateScenario(model, scenario.name, scenario.shocks));
      progress(`scenario ${scenario.name}`);
    }
    const criticalShocks = request.criticalShockAssets?.map((asset) => {
      post({ kind: "progress", id: request.id, message: `critical shock of ${asset}`, fraction: 0.5 });
      return { asset, criticalShock: curveOf(resolved, asset, {}, model).criticalShock };
    });
    const stress = request.monteCarlo
      ? monteCarlo(model, volatilities(resolved.file), resolved.file.correlations ?? {}, request.monteCarlo, (pathsDone, total) =>
          post({ kind: "progress", id: request.id, message: `stress path ${pathsDone}/${total}`, fraction: pathsDone / total }),
        )
      : undefined;
    const curve = request.withCurve
      ? curveOf(
          resolved,
          curveAssetOf(resolved),
          {
            onPoint: (pointsDone, total) => {
              if (pointsDone % 10 === 0) post({ kind: "progress", id: request.id, message: `curve ${pointsDone}/${total}`, fraction: (scenarioCount + pointsDone / total) / (scenarioCount + 1) });
            },
          },
          model,
        )
      : null;
    const elapsedMs = performance.now() - started;
    const panel = buildPanelModel({
      fileName: request.fileName,
      scenarios,
      curve,
      distribution: bookDistribution(model),
      insuranceFunds: resolved.file.venues.map((venue) => ({ name: venue.name, insuranceFundUsd: venue.insuranceFundUsd })),
      elapsedMs,
      stress,
      criticalShocks,
      file: resolved.file,
    });
    return {
      ...empty,
      blockingProblems: [],
      scenarios,
      curve,
      panel,
      positions,
      elapsedMs,
      criticalShocks,
      monteCarlo: stress && { paths: stress.paths, seed: stress.seed, assets: stress.assets, badDebtUsd: stress.badDebtUsd, uncoveredUsd: stress.uncoveredUsd, uncoveredProbability: stress.uncoveredProbability },
    };
  } catch (error) {
    if (!(error instanceof SimulationError)) throw error;
    const problem = { code: "CL002", severity: "error" as const, message: error.message, range: validation.doc.rangeOf(error.path) };
    return { ...empty, blockingProblems: [problem], positions, elapsedMs: performance.now() - started };
  }
}

parentPort?.on("message", (raw: unknown) => {
  let reply: WorkerMessage;
  try {
    reply = analyze(raw);
  } catch (error) {
    const id = typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "number" ? (raw as { id: number }).id : -1;
    reply = { kind: "failed", id, message: (error as Error).message };
  }
  parentPort?.postMessage(reply);
});

function volatilities(file: RiskFile): Record<string, number> {
  return Object.fromEntries(Object.entries(file.assets).flatMap(([symbol, asset]) => (asset.volatility === undefined ? [] : [[symbol, asset.volatility]])));
}
