/** USD values of one compiled lending position at given prices: the sums every section of the SPEC uses. */
import type { CompiledLendingVenue } from "./compiledModel";

export interface PositionValues {
  debtUsd: number;
  collateralUsd: number;
  /** Σ c[a]·p[a]·LT[a] */
  liquidationValue: number;
}

/** Fills `out` (reused across a loop to avoid an allocation per position) and returns it. */
export function lendingPositionValues(
  venue: CompiledLendingVenue,
  collateralAmount: Float64Array,
  debtAmount: Float64Array,
  i: number,
  prices: Float64Array,
  out: PositionValues,
): PositionValues {
  out.debtUsd = 0;
  for (let j = venue.debtStart[i]; j < venue.debtStart[i + 1]; j++)
    out.debtUsd += debtAmount[j] * prices[venue.debtAsset[j]];
  out.collateralUsd = 0;
  out.liquidationValue = 0;
  for (let j = venue.collateralStart[i]; j < venue.collateralStart[i + 1]; j++) {
    const a = venue.collateralAsset[j];
    const value = collateralAmount[j] * prices[a];
    out.collateralUsd += value;
    out.liquidationValue += value * venue.threshold[a];
  }
  return out;
}

export const emptyValues = (): PositionValues => ({ debtUsd: 0, collateralUsd: 0, liquidationValue: 0 });
