/** The liquidation curve and the critical shock of SPEC section 5. */
import type { z } from "zod";
import type { CompiledModel } from "./compiledModel";
import type { curvePointSchema, curveResultSchema } from "./resultSchemas";
import { totalBadDebt, totalUncovered } from "./results";
import { emptyValues, lendingPositionValues } from "./positionValues";
import { simulateScenario, type SimulationOptions } from "./simulate";
import { SimulationError } from "./simulationError";
import { perpsRequirement } from "./perpsRound";
import { optionMargin } from "./optionsRound";

export type CurvePoint = z.infer<typeof curvePointSchema>;
export type CurveResult = z.infer<typeof curveResultSchema>;

export interface CurveSettings {
  maxDrawdown: number;
  steps: number;
}

/** Width to which the critical shock is bisected (SPEC: 0.001). */
const CRITICAL_SHOCK_WIDTH = 0.001;

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
    const drawdown = (k * settings.maxDrawdown) / settings.steps;
    const result = simulateScenario(model, `${asset} -${drawdown}`, { [asset]: -drawdown }, options);
    result.venues.forEach((venue, v) => {
      venues[v].badDebtUsd.push(venue.badDebtUsd);
      venues[v].uncoveredUsd.push(venue.uncoveredUsd);
      venues[v].stuckDebtUsd.push(venue.stuckDebtUsd);
      venues[v].repaidUsd.push(venue.repaidUsd);
    });
    const staticUsd = staticAtRisk(model, asset, drawdown);
    if (!Number.isFinite(staticUsd)) {
      throw new SimulationError(
        `The collateral at risk at a ${(drawdown * 100).toFixed(1)} % fall of ${asset} overflows (beyond 1.8e308 USD): check position sizes, amounts and prices.`,
        ["venues"],
      );
    }
    points.push({
      drawdown,
      staticUsd,
      finalDrawdown: result.drawdown[asset],
      liquidatedUsd: result.liquidatedUsd,
      badDebtUsd: totalBadDebt(result),
      uncoveredUsd: totalUncovered(result),
    });
    onPoint?.(k + 1, settings.steps + 1);
  }
  return { asset, points, criticalShock: criticalShock(model, asset, points, options), venues };
}

function criticalShock(
  model: CompiledModel,
  asset: string,
  points: readonly CurvePoint[],
  options: SimulationOptions,
): number | null {
  const k = points.findIndex((point) => point.uncoveredUsd > 0);
  if (k < 0) return null;
  if (k === 0) return points[0].drawdown;
  let low = points[k - 1].drawdown;
  let high = points[k].drawdown;
  while (high - low > CRITICAL_SHOCK_WIDTH) {
    const middle = (low + high) / 2;
    if (totalUncovered(simulateScenario(model, "bisection", { [asset]: -middle }, options)) > 0) high = middle;
    else low = middle;
  }
  return high;
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
  let atRiskUsd = 0;
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
        atRiskUsd += lendingPositionValues(
          venue,
          venue.collateralAmount,
          venue.debtAmount,
          i,
          p0,
          atFilePrices,
        ).collateralUsd;
      }
    } else if (venue.kind === "options") {
      // SPEC 8.9: an options position counts its notional |size|·p0 where E < MR at the curve's price (no volShocks).
      for (let i = 0; i < venue.positionCount; i++) {
        const a = venue.markets[venue.marketOf[i]].asset;
        const { equity, requirement } = optionMargin(venue, i, prices[a], p0, 0);
        if (equity < requirement) atRiskUsd += Math.abs(venue.size[i]) * p0[a];
      }
    } else {
      for (let i = 0; i < venue.positionCount; i++) {
        const a = venue.asset[i];
        const price = prices[a];
        const s = venue.size[i];
        if (venue.margin[i] + s * (price - venue.entryPrice[i]) < perpsRequirement(venue, i, s, price))
          atRiskUsd += Math.abs(s) * p0[a];
      }
    }
  }
  return atRiskUsd;
}
