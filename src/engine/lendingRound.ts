/**
 * SPEC section 4, step 1 for a lending venue. Each position is examined once, against the
 * oracle prices, with the state it had at the start of the round: a position changes only
 * through its own liquidation, so one pass in any order is that rule.
 */
import type { LiquidityCurve } from "../model/liquidity";
import type { CompiledLendingVenue } from "./compiledModel";
import type { RoundTally } from "./roundTally";
import { GUARD_BAND } from "./thresholdIndex";

export interface LendingVenueState {
  collateralAmount: Float64Array;
  debtAmount: Float64Array;
  feesUsd: number;
  liquidations: number;
  /** Indexed positions whose amounts changed: their critical ratio no longer holds, so they are examined every round. */
  touched: Uint8Array;
  touchedList: number[];
}

export function initialLendingState(venue: CompiledLendingVenue): LendingVenueState {
  const touched = new Uint8Array(venue.positionCount);
  // Positions outside the index are examined every round anyway; marking them keeps them out of the touched list.
  touched.fill(1, 0, venue.index.alwaysExamined);
  return { collateralAmount: venue.collateralAmount.slice(), debtAmount: venue.debtAmount.slice(), feesUsd: 0, liquidations: 0, touched, touchedList: [] };
}

export function liquidateLendingRound(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  oracle: Float64Array,
  liquidity: readonly LiquidityCurve[],
  tally: RoundTally,
): void {
  const examine = (i: number) => {
    if (examinePosition(venue, state, i, oracle, liquidity, tally) && !state.touched[i]) {
      state.touched[i] = 1;
      state.touchedList.push(i);
    }
  };
  // Positions liquidated in earlier rounds first (the list grows during this round; those
  // new entries were already examined below).
  const touchedBefore = state.touchedList.length;
  for (let t = 0; t < touchedBefore; t++) examine(state.touchedList[t]);
  for (let i = 0; i < venue.index.alwaysExamined; i++) examine(i);
  for (const group of venue.index.groups) {
    const bound = (oracle[group.debtAsset] / oracle[group.collateralAsset]) * GUARD_BAND;
    const { start, ratios } = group;
    for (let j = 0; j < ratios.length && ratios[j] < bound; j++) {
      if (!state.touched[start + j]) examine(start + j);
    }
  }
}

/** SPEC section 4, step 1 for one position. Returns true if it was liquidated. */
function examinePosition(venue: CompiledLendingVenue, state: LendingVenueState, i: number, oracle: Float64Array, liquidity: readonly LiquidityCurve[], tally: RoundTally): boolean {
  const { collateralStart, collateralAsset, debtStart, debtAsset, threshold, bonus, protocolFee } = venue;
  const { collateralAmount, debtAmount } = state;
  const { fullLiquidationHealthFactor, fullLiquidationBelowUsd, closeFactor, liquidatorCostUsd } = venue;
  {
    let debtUsd = 0;
    let repaidEntry = -1;
    let repaidValue = -1;
    for (let j = debtStart[i], end = debtStart[i + 1]; j < end; j++) {
      const value = debtAmount[j] * oracle[debtAsset[j]];
      debtUsd += value;
      if (value > repaidValue) {
        repaidValue = value;
        repaidEntry = j;
      }
    }
    if (debtUsd === 0) return false;
    let liquidationValue = 0;
    let seizedEntry = -1;
    let seizedValue = -1;
    for (let j = collateralStart[i], end = collateralStart[i + 1]; j < end; j++) {
      const a = collateralAsset[j];
      const value = collateralAmount[j] * oracle[a];
      liquidationValue += value * threshold[a];
      if (value > seizedValue) {
        seizedValue = value;
        seizedEntry = j;
      }
    }
    const healthFactor = liquidationValue / debtUsd;
    if (!(healthFactor < 1)) return false;
    if (seizedEntry < 0) {
      // No collateral at all: nothing to seize, so no liquidator can act.
      tally.unprofitable++;
      return false;
    }
    const k = collateralAsset[seizedEntry];
    const d = debtAsset[repaidEntry];
    const full = healthFactor < fullLiquidationHealthFactor || repaidValue < fullLiquidationBelowUsd || seizedValue < fullLiquidationBelowUsd;
    const f = full ? 1 : closeFactor;
    let repayUsd = f * debtAmount[repaidEntry] * oracle[d];
    let seizeUsd = repayUsd * (1 + bonus[k]);
    const capped = seizeUsd > seizedValue;
    if (capped) {
      seizeUsd = seizedValue;
      repayUsd = seizeUsd / (1 + bonus[k]);
    }
    const feeUsd = (seizeUsd - repayUsd) * protocolFee[k];
    const receivedUsd = seizeUsd - feeUsd;
    const profitUsd = receivedUsd - repayUsd - liquidatorCostUsd - receivedUsd * liquidity[k].cost(receivedUsd);
    if (!(profitUsd > 0)) {
      tally.unprofitable++;
      return false;
    }
    collateralAmount[seizedEntry] = capped ? 0 : collateralAmount[seizedEntry] - seizeUsd / oracle[k];
    debtAmount[repaidEntry] -= repayUsd / oracle[d];
    tally.sell[k] += receivedUsd;
    tally.buy[d] += repayUsd;
    state.feesUsd += feeUsd;
    state.liquidations++;
    tally.liquidations++;
    tally.liquidatedUsd += repayUsd;
    return true;
  }
}

/** Section 5: bad debt and stuck debt of a lending venue at final prices. */
export function lendingOutcome(venue: CompiledLendingVenue, state: LendingVenueState, prices: Float64Array): { badDebtUsd: number; stuckDebtUsd: number } {
  let badDebtUsd = 0;
  let stuckDebtUsd = 0;
  for (let i = 0; i < venue.positionCount; i++) {
    let debtUsd = 0;
    for (let j = venue.debtStart[i]; j < venue.debtStart[i + 1]; j++) debtUsd += state.debtAmount[j] * prices[venue.debtAsset[j]];
    let collateralUsd = 0;
    let liquidationValue = 0;
    for (let j = venue.collateralStart[i]; j < venue.collateralStart[i + 1]; j++) {
      const a = venue.collateralAsset[j];
      const value = state.collateralAmount[j] * prices[a];
      collateralUsd += value;
      liquidationValue += value * venue.threshold[a];
    }
    if (debtUsd > collateralUsd) badDebtUsd += debtUsd - collateralUsd;
    if (debtUsd > 0 && liquidationValue / debtUsd < 1) stuckDebtUsd += debtUsd;
  }
  return { badDebtUsd, stuckDebtUsd };
}
