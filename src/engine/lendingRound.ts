/**
 * SPEC section 4, step 1 for a lending venue. Each position is examined once, against the
 * oracle prices, with the state it had at the start of the round: a position changes only
 * through its own liquidation, so one pass in any order is that rule.
 */
import type { LiquidityCurve } from "../model/liquidity";
import type { CompiledLendingVenue } from "./compiledModel";
import type { RoundTally } from "./roundTally";
import { emptyValues, lendingPositionValues } from "./positionValues";
import { GUARD_BAND } from "./thresholdIndex";
import { ExactSum } from "./exactSum";
import { liquidatePairRound } from "./pairRound";
import { forEachChunk } from "../model/chunks";

/**
 * A round's liquidation flows of one venue, summed exactly (exactSum.ts) and added to the
 * tally and the venue's totals once the round is over: the figures then do not depend on
 * the order positions were visited in (the threshold index's, or the book's).
 */
export interface RoundFlows {
  /** Per asset index, created on first use: USD received by liquidators (sold) and repaid (bought). */
  sell: (ExactSum | undefined)[];
  buy: (ExactSum | undefined)[];
  fees: ExactSum;
}

export interface LendingVenueState {
  collateralAmount: Float64Array;
  debtAmount: Float64Array;
  feesUsd: number;
  /** Version 2: debt removed without repayment (SPEC 8.1, each style says what). */
  writtenOffUsd: number;
  /** Debt repaid by liquidators over the run (USD at the oracle price of each round). */
  repaidUsd: number;
  liquidations: number;
  /**
   * Indexed positions whose amounts changed have left their group's sorted order; each is
   * kept in its group's touched list with its current critical ratio (Infinity once its
   * debt is repaid), so it too is examined only when the price ratio passes it.
   */
  touched: Uint8Array;
  touchedByGroup: number[][];
  ratio: Float64Array;
  /**
   * Single-asset positions whose collateral was seized to exactly 0 with debt left: from
   * then on each round finds them liquidatable (HF 0) and unprofitable (nothing to seize:
   * profit = -liquidatorCostUsd <= 0), with nothing changing, so they are counted instead
   * of examined. This is most of the work deep in a cascade.
   */
  deadCount: number;
  /** Per group, the sorted index before which every position is touched. */
  firstUntouched: number[];
  /** Scratch for a one-pair book's liquidatable positions (pairRound.ts). */
  candidates?: Int32Array;
  /** This round's flows, until closeRound adds them up. */
  flows: RoundFlows;
}

export function initialLendingState(venue: CompiledLendingVenue): LendingVenueState {
  // Only the index's groups read these: a book without one (a single scenario's full scan) does not pay for them.
  const indexed = venue.index.groups.length > 0;
  const touched = new Uint8Array(indexed ? venue.positionCount : 0);
  // Positions outside the index are examined every round anyway; marking them keeps them out of the touched lists.
  if (indexed) touched.fill(1, 0, venue.index.alwaysExamined);
  return {
    collateralAmount: venue.collateralAmount.slice(),
    debtAmount: venue.debtAmount.slice(),
    feesUsd: 0,
    writtenOffUsd: 0,
    repaidUsd: 0,
    liquidations: 0,
    touched,
    touchedByGroup: venue.index.groups.map(() => []),
    ratio: new Float64Array(indexed ? venue.positionCount : 0),
    deadCount: 0,
    firstUntouched: venue.index.groups.map(() => 0),
    flows: { sell: [], buy: [], fees: new ExactSum() },
  };
}

export function liquidateLendingRound(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  oracle: Float64Array,
  liquidity: readonly LiquidityCurve[],
  tally: RoundTally,
): void {
  tally.unprofitable += state.deadCount;
  examineAlways(venue, state, oracle, liquidity, tally);
  const { groups } = venue.index;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    const k = group.collateralAsset;
    const d = group.debtAsset;
    const bound = (oracle[d] / oracle[k]) * GUARD_BAND;
    const touchedList = state.touchedByGroup[g];
    // Positions liquidated in earlier rounds (those added below during this round were just
    // examined). Repaid and dead ones (ratio Infinity) are dropped from the list as it is walked.
    const touchedBefore = touchedList.length;
    let kept = 0;
    for (let t = 0; t < touchedBefore; t++) {
      const i = touchedList[t];
      if (state.ratio[i] < bound && examineSingle(venue, state, i, k, d, oracle, liquidity, tally))
        state.ratio[i] = criticalRatio(venue, state, i, k);
      if (state.ratio[i] !== Number.POSITIVE_INFINITY) touchedList[kept++] = i;
    }
    touchedList.copyWithin(kept, touchedBefore);
    touchedList.length -= touchedBefore - kept;
    const { start, ratios } = group;
    // Skip the run of already-touched positions at the front of the sorted order.
    let first = state.firstUntouched[g];
    while (first < ratios.length && state.touched[start + first]) first++;
    state.firstUntouched[g] = first;
    for (let j = first; j < ratios.length && ratios[j] < bound; j++) {
      const i = start + j;
      if (state.touched[i] || !examineSingle(venue, state, i, k, d, oracle, liquidity, tally)) continue;
      state.touched[i] = 1;
      state.ratio[i] = criticalRatio(venue, state, i, k);
      touchedList.push(i);
    }
  }
  closeRound(state, tally);
}

/**
 * The positions outside the threshold index (all of them when there is none), each examined
 * this round. A position with one collateral and one debt entry (most positions of most
 * books) is first tested here with examineSingle's health factor, so that only the
 * liquidatable make a call; when every position is such a pair of the same two assets,
 * pairRound.ts examines the two amount columns instead.
 */
function examineAlways(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  oracle: Float64Array,
  liquidity: readonly LiquidityCurve[],
  tally: RoundTally,
): void {
  const { collateralStart, debtStart, collateralAsset, debtAsset, threshold, singlePair } = venue;
  const { collateralAmount, debtAmount } = state;
  const always = venue.index.alwaysExamined;
  if (singlePair && always === venue.positionCount) {
    liquidatePairRound(venue, state, singlePair.collateral, singlePair.debt, oracle, liquidity, tally);
    return;
  }
  for (let i = 0; i < always; i++) {
    const c = collateralStart[i];
    const b = debtStart[i];
    if (collateralStart[i + 1] - c !== 1 || debtStart[i + 1] - b !== 1) {
      examinePosition(venue, state, i, oracle, liquidity, tally);
      continue;
    }
    const k = collateralAsset[c];
    const d = debtAsset[b];
    const debtUsd = debtAmount[b] * oracle[d];
    if (debtUsd === 0) continue;
    const collateralUsd = collateralAmount[c] * oracle[k];
    // Liquidatable (HF 0) with nothing to seize: unprofitable by liquidate()'s own arithmetic (see deadCount).
    if (collateralUsd === 0) tally.unprofitable++;
    else if ((collateralUsd * threshold[k]) / debtUsd < 1)
      examineSingle(venue, state, i, k, d, oracle, liquidity, tally);
  }
}

/**
 * c*LT/b of a single-collateral, single-debt position after its liquidation; Infinity
 * (never examined again) once it has no debt, or once it is dead (no collateral, debt
 * left) and counted in deadCount instead.
 */
function criticalRatio(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  i: number,
  collateralAsset: number,
): number {
  const debt = state.debtAmount[venue.debtStart[i]];
  const collateral = state.collateralAmount[venue.collateralStart[i]];
  if (!(debt > 0)) return debt === 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  // The debt bound keeps b * price from underflowing to 0 (which would make the position "safe").
  if (collateral === 0 && debt > 1e-200) {
    state.deadCount++;
    return Number.POSITIVE_INFINITY;
  }
  return (collateral * venue.threshold[collateralAsset]) / debt;
}

/** SPEC section 4, step 1 for one position, any number of assets. Returns true if it was liquidated. */
function examinePosition(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  i: number,
  oracle: Float64Array,
  liquidity: readonly LiquidityCurve[],
  tally: RoundTally,
): boolean {
  const { collateralStart, collateralAsset, debtStart, debtAsset, threshold } = venue;
  const { collateralAmount, debtAmount } = state;
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
  return liquidate(
    venue,
    state,
    repaidEntry,
    repaidValue,
    seizedEntry,
    seizedValue,
    healthFactor,
    oracle,
    liquidity,
    tally,
  );
}

/**
 * The same for a single-collateral, single-debt position, without the loops: the sums
 * above start at 0 and 0 + x is exact, so the numbers are bit for bit the same.
 */
function examineSingle(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  i: number,
  k: number,
  d: number,
  oracle: Float64Array,
  liquidity: readonly LiquidityCurve[],
  tally: RoundTally,
): boolean {
  const repaidEntry = venue.debtStart[i];
  const debtUsd = state.debtAmount[repaidEntry] * oracle[d];
  if (debtUsd === 0) return false;
  const seizedEntry = venue.collateralStart[i];
  const collateralUsd = state.collateralAmount[seizedEntry] * oracle[k];
  const healthFactor = (collateralUsd * venue.threshold[k]) / debtUsd;
  if (!(healthFactor < 1)) return false;
  return liquidate(
    venue,
    state,
    repaidEntry,
    debtUsd,
    seizedEntry,
    collateralUsd,
    healthFactor,
    oracle,
    liquidity,
    tally,
  );
}

/** Close factor, seize cap, protocol fee, the liquidator's profit test, and the liquidation itself. */
function liquidate(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  repaidEntry: number,
  repaidValue: number,
  seizedEntry: number,
  seizedValue: number,
  healthFactor: number,
  oracle: Float64Array,
  liquidity: readonly LiquidityCurve[],
  tally: RoundTally,
): boolean {
  const { collateralAmount, debtAmount } = state;
  const k = venue.collateralAsset[seizedEntry];
  const d = venue.debtAsset[repaidEntry];
  const bonus = venue.bonus[k];
  const fullBelow = venue.fullLiquidationBelowUsd;
  const full = healthFactor < venue.fullLiquidationHealthFactor || repaidValue < fullBelow || seizedValue < fullBelow;
  const f = full ? 1 : venue.closeFactor;
  let repayUsd = f * debtAmount[repaidEntry] * oracle[d];
  let seizeUsd = repayUsd * (1 + bonus);
  // Version 2 (SPEC 8.1): seizing all of the collateral's value, an equal amount included, empties it exactly.
  const capped = venue.version2 ? seizeUsd >= seizedValue : seizeUsd > seizedValue;
  if (capped) {
    seizeUsd = seizedValue;
    repayUsd = seizeUsd / (1 + bonus);
  }
  const feeUsd = (seizeUsd - repayUsd) * venue.protocolFee[k];
  const receivedUsd = seizeUsd - feeUsd;
  const profitUsd = receivedUsd - repayUsd - venue.liquidatorCostUsd - receivedUsd * liquidity[k].cost(receivedUsd);
  if (!(profitUsd > 0)) {
    tally.unprofitable++;
    return false;
  }
  collateralAmount[seizedEntry] = capped ? 0 : collateralAmount[seizedEntry] - seizeUsd / oracle[k];
  // Version 2: repaying the whole of the debt's value clears it exactly (no ulp of debt left "liquidatable").
  if (venue.version2 && repayUsd >= debtAmount[repaidEntry] * oracle[d]) debtAmount[repaidEntry] = 0;
  else debtAmount[repaidEntry] -= repayUsd / oracle[d];
  recordLiquidation(state, tally, k, d, receivedUsd, repayUsd, feeUsd);
  return true;
}

/** A liquidator's trade and the venue's tallies after one liquidation (every per-position style). */
export function recordLiquidation(
  state: LendingVenueState,
  tally: RoundTally,
  k: number,
  d: number,
  receivedUsd: number,
  repayUsd: number,
  feeUsd: number,
): void {
  const { flows } = state;
  (flows.sell[k] ??= new ExactSum()).add(receivedUsd);
  (flows.buy[d] ??= new ExactSum()).add(repayUsd);
  flows.fees.add(feeUsd);
  state.liquidations++;
  tally.liquidations++;
}

/** The round's exact flows into the tally (sold, bought, liquidated) and the venue's fees and repaid debt. */
export function closeRound(state: LendingVenueState, tally: RoundTally): void {
  const { flows } = state;
  // Debt repaid is what liquidators bought, over all assets: their exact sums merged.
  const repaid = new ExactSum();
  flows.sell.forEach((sum, a) => (tally.sell[a] += sum!.value()));
  flows.buy.forEach((sum, a) => {
    tally.buy[a] += sum!.value();
    repaid.addSum(sum!);
  });
  const repaidUsd = repaid.value();
  tally.liquidatedUsd += repaidUsd;
  state.repaidUsd += repaidUsd;
  state.feesUsd += flows.fees.value();
  flows.sell.length = 0;
  flows.buy.length = 0;
  flows.fees.clear();
}

/**
 * Bad and stuck debt of one-pair positions [from, to), a chunk (chunks.ts). A debt is stuck when x / y < 1 for
 * y > 0, which is x < y (a quotient below 1 never rounds up to 1, and x < y never gives
 * one that does): tested without the division.
 */
function addPairOutcome(
  collateralAmount: Float64Array,
  debtAmount: Float64Array,
  collateralPrice: number,
  debtPrice: number,
  lt: number,
  from: number,
  to: number,
  badDebtUsd: ExactSum,
  stuckDebtUsd: ExactSum,
): void {
  for (let i = from; i < to; i++) {
    const debtUsd = 0 + debtAmount[i] * debtPrice;
    const value = collateralAmount[i] * collateralPrice;
    const collateralUsd = 0 + value;
    const liquidationValue = 0 + value * lt;
    if (debtUsd > collateralUsd) badDebtUsd.add(debtUsd - collateralUsd);
    if (debtUsd > 0 && liquidationValue < debtUsd) stuckDebtUsd.add(debtUsd);
  }
}

/** Section 5: bad debt and stuck debt of a lending venue at final prices. */
export function lendingOutcome(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  prices: Float64Array,
): { badDebtUsd: number; stuckDebtUsd: number } {
  // Exact sums: the outcome does not depend on the order positions are stored in.
  const badDebtUsd = new ExactSum();
  const stuckDebtUsd = new ExactSum();
  if (venue.singlePair) {
    // The loop below for a book of one pair (entry i is position i), without a call per
    // position: each of lendingPositionValues' sums is 0 + one value, written so here.
    const { collateral: k, debt: d } = venue.singlePair;
    const { collateralAmount, debtAmount } = state;
    const collateralPrice = prices[k];
    const debtPrice = prices[d];
    const lt = venue.threshold[k];
    forEachChunk(venue.positionCount, (from, to) =>
      addPairOutcome(collateralAmount, debtAmount, collateralPrice, debtPrice, lt, from, to, badDebtUsd, stuckDebtUsd),
    );
    return { badDebtUsd: badDebtUsd.value(), stuckDebtUsd: stuckDebtUsd.value() };
  }
  const values = emptyValues();
  for (let i = 0; i < venue.positionCount; i++) {
    const { debtUsd, collateralUsd, liquidationValue } = lendingPositionValues(
      venue,
      state.collateralAmount,
      state.debtAmount,
      i,
      prices,
      values,
    );
    if (debtUsd > collateralUsd) badDebtUsd.add(debtUsd - collateralUsd);
    if (debtUsd > 0 && liquidationValue / debtUsd < 1) stuckDebtUsd.add(debtUsd);
  }
  return { badDebtUsd: badDebtUsd.value(), stuckDebtUsd: stuckDebtUsd.value() };
}
