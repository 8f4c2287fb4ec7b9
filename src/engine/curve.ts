/** The liquidation curve and the critical shock of SPEC section 5. */
import type * as z from "zod";
import type { CompiledModel } from "./compiledModel";
import type { curvePointSchema, curveResultSchema } from "./resultSchemas";
import { totalBadDebt, totalUncovered } from "./results";
import { emptyValues, lendingPositionValues } from "./positionValues";
import { simulateScenario, type SimulationOptions } from "./simulate";
import { SimulationError } from "./simulationError";
import { perpsRequirement } from "./perpsRound";
import { optionMargin } from "./optionsRound";
import { ExactSum } from "./exactSum";

export type CurvePoint = z.infer<typeof curvePointSchema>;
export type CurveResult = z.infer<typeof curveResultSchema>;

export interface CurveSettings {
  maxDrawdown: number;
  steps: number;
}

/** Width to which the critical shock is bisected (SPEC: 0.001). */
const CRITICAL_SHOCK_WIDTH = 0.001;

/** The drawdown of point k: the same expression wherever a point is computed (a shard, a thread, the whole curve). */
export const curveDrawdown = (settings: CurveSettings, k: number): number =>
  (k * settings.maxDrawdown) / settings.steps;

interface PointRun {
  point: CurvePoint;
  venues: { badDebtUsd: number; uncoveredUsd: number; stuckDebtUsd: number; repaidUsd: number }[];
}

function curvePoint(
  model: CompiledModel,
  asset: string,
  settings: CurveSettings,
  k: number,
  options: SimulationOptions,
): PointRun {
  const drawdown = curveDrawdown(settings, k);
  const result = simulateScenario(model, `${asset} -${drawdown}`, { [asset]: -drawdown }, options);
  const staticUsd = staticAtRisk(model, asset, drawdown);
  if (!Number.isFinite(staticUsd)) {
    throw new SimulationError(
      `The collateral at risk at a ${(drawdown * 100).toFixed(1)} % fall of ${asset} overflows (beyond 1.8e308 USD): check position sizes, amounts and prices.`,
      ["venues"],
    );
  }
  return {
    point: {
      drawdown,
      staticUsd,
      finalDrawdown: result.drawdown[asset],
      liquidatedUsd: result.liquidatedUsd,
      badDebtUsd: totalBadDebt(result),
      uncoveredUsd: totalUncovered(result),
    },
    venues: result.venues.map(({ badDebtUsd, uncoveredUsd, stuckDebtUsd, repaidUsd }) => ({
      badDebtUsd,
      uncoveredUsd,
      stuckDebtUsd,
      repaidUsd,
    })),
  };
}

/** `onRound` runs between the cascade rounds of every point and bisection step (the CLI's time limit throws from it). */
export function liquidationCurve(
  model: CompiledModel,
  asset: string,
  settings: CurveSettings,
  onPoint?: (done: number, total: number) => void,
  onRound?: () => void,
): CurveResult {
  const options: SimulationOptions = { roundPrices: false, onRound };
  const points: CurvePoint[] = [];
  const venues = model.venues.map((venue) => ({
    name: venue.name,
    badDebtUsd: [] as number[],
    uncoveredUsd: [] as number[],
    stuckDebtUsd: [] as number[],
    repaidUsd: [] as number[],
  }));
  for (let k = 0; k <= settings.steps; k++) {
    const run = curvePoint(model, asset, settings, k, options);
    run.venues.forEach((venue, v) => {
      venues[v].badDebtUsd.push(venue.badDebtUsd);
      venues[v].uncoveredUsd.push(venue.uncoveredUsd);
      venues[v].stuckDebtUsd.push(venue.stuckDebtUsd);
      venues[v].repaidUsd.push(venue.repaidUsd);
    });
    points.push(run.point);
    onPoint?.(k + 1, settings.steps + 1);
  }
  const k = points.findIndex((point) => point.uncoveredUsd > 0);
  const critical = k < 0 ? null : criticalShockAt(model, asset, settings, k, options);
  return { asset, points, criticalShock: critical, venues };
}

/**
 * The critical shock when point k is the first with uncovered bad debt: bisected between
 * points k-1 and k to the SPEC's width. A shard computes it for its own first such point;
 * the global first is also the first of the shard that holds it, so the merge picks it.
 */
function criticalShockAt(
  model: CompiledModel,
  asset: string,
  settings: CurveSettings,
  k: number,
  options: SimulationOptions,
): number {
  if (k === 0) return curveDrawdown(settings, 0);
  let low = curveDrawdown(settings, k - 1);
  let high = curveDrawdown(settings, k);
  while (high - low > CRITICAL_SHOCK_WIDTH) {
    const middle = (low + high) / 2;
    if (totalUncovered(simulateScenario(model, "bisection", { [asset]: -middle }, options)) > 0) high = middle;
    else low = middle;
  }
  return high;
}

/** One share of a curve: the points k with k % count === index, and the critical shock at its own first uncovered point. */
export interface CurveShare {
  points: [number, CurvePoint][];
  firstUncovered: { k: number; criticalShock: number } | null;
  /** With `withVenues`: each point's venue figures, in the order of `points` (what the editor's panel charts). */
  venues?: PointRun["venues"][];
}

export function curveShare(
  model: CompiledModel,
  asset: string,
  settings: CurveSettings,
  slice: { index: number; count: number },
  onRound?: () => void,
  withVenues = false,
): CurveShare {
  const options: SimulationOptions = { roundPrices: false, onRound };
  const points: [number, CurvePoint][] = [];
  const venues: PointRun["venues"][] = [];
  for (let k = slice.index; k <= settings.steps; k += slice.count) {
    const run = curvePoint(model, asset, settings, k, options);
    points.push([k, run.point]);
    venues.push(run.venues);
  }
  const first = points.find(([, point]) => point.uncoveredUsd > 0);
  return {
    points,
    firstUncovered: first
      ? { k: first[0], criticalShock: criticalShockAt(model, asset, settings, first[0], options) }
      : null,
    ...(withVenues ? { venues } : {}),
  };
}

/** The whole curve, venue series included, from shares made `withVenues`: liquidationCurve's result, point for point. */
export function curveFromShares(
  asset: string,
  venueNames: readonly string[],
  shares: readonly CurveShare[],
): CurveResult {
  const { points, criticalShock } = mergeCurveShares(shares);
  const byPoint = shares
    .flatMap((share) => share.points.map(([k], j) => [k, share.venues![j]] as const))
    .sort((a, b) => a[0] - b[0])
    .map(([, venues]) => venues);
  const venues = venueNames.map((name, v) => ({
    name,
    badDebtUsd: byPoint.map((point) => point[v].badDebtUsd),
    uncoveredUsd: byPoint.map((point) => point[v].uncoveredUsd),
    stuckDebtUsd: byPoint.map((point) => point[v].stuckDebtUsd),
    repaidUsd: byPoint.map((point) => point[v].repaidUsd),
  }));
  return { asset, points, criticalShock, venues };
}

/** The curve's JSON fields from every share (any order): what the unsharded run computes, point for point. */
export function mergeCurveShares(shares: readonly CurveShare[]): {
  points: CurvePoint[];
  criticalShock: number | null;
} {
  const points = shares.flatMap((s) => s.points).sort((a, b) => a[0] - b[0]);
  const firsts = shares.flatMap((s) => (s.firstUncovered ? [s.firstUncovered] : [])).sort((a, b) => a.k - b.k);
  return { points: points.map(([, point]) => point), criticalShock: firsts[0]?.criticalShock ?? null };
}

/**
 * The static curve: only the asset's own price moves, no cascade. It sums, at file
 * prices, the collateral of lending positions below HF 1 and the notional of perps
 * positions below maintenance.
 */
export function staticAtRisk(model: CompiledModel, asset: string, drawdown: number): number {
  const x = model.indexOf.get(asset)!;
  const p0 = model.initialPrices;
  const prices = p0.slice();
  prices[x] = p0[x] * (1 - drawdown);
  // Exact: the figure does not depend on the order positions are stored in.
  const atRiskUsd = new ExactSum();
  const moved = emptyValues();
  const atFilePrices = emptyValues();
  for (const venue of model.venues) {
    if (venue.kind === "lending") {
      for (let i = 0; i < venue.positionCount; i++) {
        const { debtUsd, liquidationValue } = lendingPositionValues(
          venue,
          venue.collateralAmount,
          venue.debtAmount,
          i,
          prices,
          moved,
        );
        if (debtUsd === 0 || !(liquidationValue / debtUsd < 1)) continue;
        atRiskUsd.add(
          lendingPositionValues(venue, venue.collateralAmount, venue.debtAmount, i, p0, atFilePrices).collateralUsd,
        );
      }
    } else if (venue.kind === "options") {
      // SPEC 8.9: an options position counts its notional |size|·p0 where E < MR at the curve's price (no volShocks).
      for (let i = 0; i < venue.positionCount; i++) {
        const a = venue.markets[venue.marketOf[i]].asset;
        const { equity, requirement } = optionMargin(venue, i, prices[a], p0, 0);
        if (equity < requirement) atRiskUsd.add(Math.abs(venue.size[i]) * p0[a]);
      }
    } else {
      for (let i = 0; i < venue.positionCount; i++) {
        const a = venue.asset[i];
        const price = prices[a];
        const s = venue.size[i];
        if (venue.margin[i] + s * (price - venue.entryPrice[i]) < perpsRequirement(venue, i, s, price))
          atRiskUsd.add(Math.abs(s) * p0[a]);
      }
    }
  }
  return atRiskUsd.value();
}
