/**
 * Monte Carlo stress test: random correlated shock vectors, each run through the full
 * cascade, and the distribution of bad debt. Shocks are lognormal, exp(s z - s^2/2) - 1,
 * so they stay above -100 %; z is standard normal with the file's correlations (Cholesky).
 * The generator is seeded: the same seed gives the same numbers on every machine.
 */
import type * as z from "zod";
import { hasName } from "../model/names";
import type { distributionSchema, monteCarloResultSchema } from "./resultSchemas";
import { mulberry32 } from "../model/syntheticBook";
import type { CompiledModel } from "./compiledModel";
import { totalBadDebt, totalUncovered } from "./results";
import { simulateScenario } from "./simulate";
import { SimulationError } from "./simulationError";

export interface StressSettings {
  paths: number;
  seed: number;
}

export type Distribution = z.infer<typeof distributionSchema>;
export type MonteCarloResult = z.infer<typeof monteCarloResultSchema>;

/** Lower-triangular L with L L^T = matrix; throws if the matrix is not positive semi-definite. */
export function cholesky(matrix: readonly number[][]): number[][] {
  const n = matrix.length;
  const lower = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i][j];
      for (let k = 0; k < j; k++) sum -= lower[i][k] * lower[j][k];
      if (i === j) {
        if (sum < -1e-10) throw new Error("not positive semi-definite");
        lower[i][i] = Math.sqrt(Math.max(0, sum));
      } else lower[i][j] = lower[j][j] > 0 ? sum / lower[j][j] : 0;
    }
  }
  return lower;
}

/** Type-7 quantile (linear between order statistics, numpy's default) of ascending values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** The plain mean; a running mean when the sum of finite values overflows (the mean itself never does). */
function mean(values: readonly number[]): number {
  const sum = values.reduce((total, v) => total + v, 0);
  if (Number.isFinite(sum)) return sum / Math.max(1, values.length);
  return values.reduce((running, v, i) => running + (v - running) / (i + 1), 0);
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    mean: mean(values),
    q95: quantile(sorted, 0.95),
    q99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** Standard normal pairs by Box-Muller from a seeded uniform generator. */
export function normalGenerator(seed: number): () => number {
  const uniform = mulberry32(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u = 1 - uniform(); // (0, 1]: log(u) is finite
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

export function correlatedShocks(
  volatility: readonly number[],
  lower: readonly number[][],
  normal: () => number,
): number[] {
  const z = volatility.map(() => normal());
  return volatility.map((sigma, i) => {
    let correlated = 0;
    for (let k = 0; k <= i; k++) correlated += lower[i][k] * z[k];
    return Math.exp(sigma * correlated - (sigma * sigma) / 2) - 1;
  });
}

/**
 * Every path's shock vector, drawn in path order from the one seeded stream. Drawing costs
 * nothing beside a cascade, so a shard or a thread draws them all and runs only its own
 * paths: the numbers do not depend on how the paths are split.
 */
export function stressPlan(
  volatility: Readonly<Record<string, number>>,
  correlations: Readonly<Record<string, Readonly<Record<string, number>>>>,
  settings: StressSettings,
): { assets: string[]; shocks: number[][] } {
  const assets = Object.keys(volatility);
  if (assets.length === 0)
    throw new SimulationError(
      "No asset has a volatility: add assets.<ASSET>.volatility for the Monte Carlo stress test.",
      ["assets"],
    );
  const pair = (a: string, b: string) =>
    hasName(correlations, a) && hasName(correlations[a], b) ? correlations[a][b] : undefined;
  const correlation = (a: string, b: string) => (a === b ? 1 : (pair(a, b) ?? pair(b, a) ?? 0));
  const matrix = assets.map((a) => assets.map((b) => correlation(a, b)));
  let lower: number[][];
  try {
    lower = cholesky(matrix);
  } catch {
    throw new SimulationError(
      "The correlations are not a valid correlation matrix (not positive semi-definite): some pairs contradict each other.",
      ["correlations"],
    );
  }
  const normal = normalGenerator(settings.seed);
  const sigmas = assets.map((a) => volatility[a]);
  const shocks = Array.from({ length: settings.paths }, () => correlatedShocks(sigmas, lower, normal));
  return { assets, shocks };
}

/** One path through the full cascade: its bad debt and uncovered bad debt. */
export function stressPath(
  model: CompiledModel,
  assets: readonly string[],
  shocks: readonly number[],
  path: number,
): { badDebtUsd: number; uncoveredUsd: number } {
  const result = simulateScenario(model, `path ${path}`, Object.fromEntries(assets.map((a, i) => [a, shocks[i]])), {
    roundPrices: false,
  });
  return { badDebtUsd: totalBadDebt(result), uncoveredUsd: totalUncovered(result) };
}

/** The distribution of the paths' results, in path order. */
export function stressSummary(
  settings: StressSettings,
  assets: string[],
  badDebt: number[],
  uncovered: number[],
): MonteCarloResult {
  return {
    paths: settings.paths,
    seed: settings.seed,
    assets,
    badDebtUsd: distribution(badDebt),
    uncoveredUsd: distribution(uncovered),
    uncoveredProbability: uncovered.filter((u) => u > 0).length / Math.max(1, settings.paths),
    samples: badDebt,
  };
}

/** The stress test from its paths' [bad debt, uncovered] in path order (shards, threads). */
export const stressOfPaths = (
  settings: StressSettings,
  assets: string[],
  paths: readonly (readonly [number, number])[],
): MonteCarloResult =>
  stressSummary(
    settings,
    assets,
    paths.map((p) => p[0]),
    paths.map((p) => p[1]),
  );

export function monteCarlo(
  model: CompiledModel,
  volatility: Readonly<Record<string, number>>,
  correlations: Readonly<Record<string, Readonly<Record<string, number>>>>,
  settings: StressSettings,
  onProgress?: (done: number, total: number) => void,
): MonteCarloResult {
  const { assets, shocks } = stressPlan(volatility, correlations, settings);
  const badDebt: number[] = [];
  const uncovered: number[] = [];
  for (let path = 0; path < settings.paths; path++) {
    const result = stressPath(model, assets, shocks[path], path);
    badDebt.push(result.badDebtUsd);
    uncovered.push(result.uncoveredUsd);
    if (onProgress && (path + 1) % 25 === 0) onProgress(path + 1, settings.paths);
  }
  return stressSummary(settings, assets, badDebt, uncovered);
}
