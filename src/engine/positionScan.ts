/**
 * One lending position at oracle prices, as every version 2 style reads it (SPEC 4 and
 * 8.1): total debt, collateral and liquidation values, and the entries of the debt with
 * the largest value and the collateral with the largest value. Entries are stored by
 * ascending asset index, i.e. by asset name in code-point order, so a strict ">" keeps
 * the first name on a tie.
 */
import type { CompiledLendingVenue } from "./compiledModel";

export interface ScannedPosition {
  debtUsd: number;
  collateralUsd: number;
  liquidationValue: number;
  /** Entry (index into the debt arrays) of the largest debt, -1 if none. */
  debtEntry: number;
  debtEntryUsd: number;
  /** Entry of the largest collateral, -1 if none (zero amounts count as none). */
  collateralEntry: number;
  collateralEntryUsd: number;
}

export const emptyScan = (): ScannedPosition => ({
  debtUsd: 0,
  collateralUsd: 0,
  liquidationValue: 0,
  debtEntry: -1,
  debtEntryUsd: 0,
  collateralEntry: -1,
  collateralEntryUsd: 0,
});

export function scanPosition(
  venue: CompiledLendingVenue,
  collateralAmount: Float64Array,
  debtAmount: Float64Array,
  i: number,
  prices: Float64Array,
  out: ScannedPosition,
): ScannedPosition {
  out.debtUsd = 0;
  out.debtEntry = -1;
  out.debtEntryUsd = -1;
  for (let j = venue.debtStart[i]; j < venue.debtStart[i + 1]; j++) {
    if (debtAmount[j] === 0) continue;
    const value = debtAmount[j] * prices[venue.debtAsset[j]];
    out.debtUsd += value;
    if (value > out.debtEntryUsd) {
      out.debtEntryUsd = value;
      out.debtEntry = j;
    }
  }
  out.collateralUsd = 0;
  out.liquidationValue = 0;
  out.collateralEntry = -1;
  out.collateralEntryUsd = -1;
  for (let j = venue.collateralStart[i]; j < venue.collateralStart[i + 1]; j++) {
    if (collateralAmount[j] === 0) continue;
    const a = venue.collateralAsset[j];
    const value = collateralAmount[j] * prices[a];
    out.collateralUsd += value;
    out.liquidationValue += value * venue.threshold[a];
    if (value > out.collateralEntryUsd) {
      out.collateralEntryUsd = value;
      out.collateralEntry = j;
    }
  }
  return out;
}

/** Whether every collateral amount of position i is 0 (the deficit and write-off rules). */
export function collateralEmpty(venue: CompiledLendingVenue, collateralAmount: Float64Array, i: number): boolean {
  for (let j = venue.collateralStart[i]; j < venue.collateralStart[i + 1]; j++)
    if (collateralAmount[j] !== 0) return false;
  return true;
}

/** Writes off the rest of position i's debt at `prices`: each amount becomes 0, the USD is returned. */
export function writeOffDebt(
  venue: CompiledLendingVenue,
  debtAmount: Float64Array,
  i: number,
  prices: Float64Array,
): number {
  let usd = 0;
  for (let j = venue.debtStart[i]; j < venue.debtStart[i + 1]; j++) {
    usd += debtAmount[j] * prices[venue.debtAsset[j]];
    debtAmount[j] = 0;
  }
  return usd;
}
