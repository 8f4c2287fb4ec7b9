/**
 * The book at file prices, aggregated for charts: lending debt by health factor, perps
 * notional by distance to the liquidation price. Bins, never positions, leave the worker.
 */
import type { CompiledModel } from "./compiledModel";
import { perpsLiquidationPrice } from "../model/health";
import { emptyValues, lendingPositionValues } from "./positionValues";
import { SimulationError } from "./simulationError";
import { ExactSum } from "./exactSum";

export interface Histogram {
  /** Lower edges; the last bin is open-ended. */
  edges: number[];
  weightsUsd: number[];
}

export interface BookDistribution {
  lendingDebtByHealth: Histogram;
  perpsNotionalByDistance: Histogram;
}

const HEALTH_EDGES = Array.from({ length: 31 }, (_, i) => Math.round(i * 0.1 * 10) / 10); // 0, 0.1, ..., 3.0 (+)
const DISTANCE_EDGES = Array.from({ length: 41 }, (_, i) => Math.round((-0.5 + i * 0.025) * 1000) / 1000); // -50 % ... +50 % (+)

function binOf(edges: readonly number[], value: number): number {
  let bin = 0;
  while (bin + 1 < edges.length && value >= edges[bin + 1]) bin++;
  return bin;
}

export function bookDistribution(model: CompiledModel): BookDistribution {
  const prices = model.initialPrices;
  // Exact sums: the bins do not depend on the order positions are stored in.
  const lendingSums = HEALTH_EDGES.map(() => new ExactSum());
  const perps = new Array<number>(DISTANCE_EDGES.length).fill(0);
  const values = emptyValues();
  for (const venue of model.venues) {
    if (venue.kind === "lending") {
      for (let i = 0; i < venue.positionCount; i++) {
        const { debtUsd, liquidationValue } = lendingPositionValues(
          venue,
          venue.collateralAmount,
          venue.debtAmount,
          i,
          prices,
          values,
        );
        if (debtUsd > 0) lendingSums[binOf(HEALTH_EDGES, liquidationValue / debtUsd)].add(debtUsd);
      }
    } else if (venue.kind === "perps") {
      for (let i = 0; i < venue.positionCount; i++) {
        const s = venue.size[i];
        if (s === 0) continue;
        const price = prices[venue.asset[i]];
        const liquidationPrice = perpsLiquidationPrice(
          s,
          venue.entryPrice[i],
          venue.margin[i],
          venue.maintenanceMargin[i],
        );
        perps[binOf(DISTANCE_EDGES, liquidationPrice / price - 1)] += Math.abs(s) * price;
      }
    }
  }
  const lending = lendingSums.map((sum) => sum.value());
  if (![...lending, ...perps].every(Number.isFinite)) {
    throw new SimulationError(
      "The book's debt or notional summed for the charts overflows (beyond 1.8e308 USD): check position sizes, amounts and prices.",
      ["venues"],
    );
  }
  return {
    lendingDebtByHealth: { edges: HEALTH_EDGES, weightsUsd: lending },
    perpsNotionalByDistance: { edges: DISTANCE_EDGES, weightsUsd: perps },
  };
}
