/**
 * SPEC section 4, step 1 for a book of one pair (every position one collateral entry of
 * asset k and one debt entry of asset d, entry i being position i) examined in full, as a
 * single scenario examines it: two passes over the two amount columns, without a call per
 * position, each in chunks (chunks.ts says why). What examineSingle and liquidate
 * (lendingRound.ts) do for one position is written out here in the same operations, in
 * the same order, so every number is the same bit for bit; a property test runs such
 * books both ways.
 */
import type { LiquidityCurve } from "../model/liquidity";
import { forEachChunk } from "../model/chunks";
import type { CompiledLendingVenue } from "./compiledModel";
import type { LendingVenueState } from "./lendingRound";
import type { RoundTally } from "./roundTally";
import { ExactSum } from "./exactSum";

/** The round's counts, kept apart from the tally and the state (objects whose shape the chunks' optimised code need not follow). */
class PairCounts {
  candidates = 0;
  dead = 0;
  liquidations = 0;
  unprofitable = 0;
}

export function liquidatePairRound(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  k: number,
  d: number,
  oracle: Float64Array,
  liquidity: readonly LiquidityCurve[],
  tally: RoundTally,
): void {
  const { collateralAmount, debtAmount, flows } = state;
  const candidates = (state.candidates ??= new Int32Array(venue.positionCount));
  const counts = new PairCounts();
  const terms = new PairTerms(venue, k, d, oracle, liquidity[k]);
  forEachChunk(venue.positionCount, (from, to) =>
    scanChunk(collateralAmount, debtAmount, terms, candidates, from, to, counts),
  );
  if (counts.candidates > 0) {
    const sums = new PairSums((flows.sell[k] ??= new ExactSum()), (flows.buy[d] ??= new ExactSum()), flows.fees);
    forEachChunk(counts.candidates, (from, to) =>
      liquidateChunk(collateralAmount, debtAmount, terms, sums, candidates, from, to, counts),
    );
  }
  tally.unprofitable += counts.dead + counts.unprofitable;
  state.liquidations += counts.liquidations;
  tally.liquidations += counts.liquidations;
}

/**
 * Appends the liquidatable positions of [from, to) to `candidates`; with debt, a position
 * without collateral is dead (liquidatable with nothing to seize, so unprofitable) and only
 * counted.
 */
function scanChunk(
  collateralAmount: Float64Array,
  debtAmount: Float64Array,
  terms: PairTerms,
  candidates: Int32Array,
  from: number,
  to: number,
  counts: PairCounts,
): void {
  const { collateralPrice, debtPrice, threshold: lt } = terms;
  let count = counts.candidates;
  let dead = 0;
  for (let i = from; i < to; i++) {
    const debtUsd = debtAmount[i] * debtPrice;
    const collateralUsd = collateralAmount[i] * collateralPrice;
    // A candidate is below its threshold, tested as x*LT < y, which is (x*LT)/y < 1 without
    // the division (a quotient below 1 never rounds up to 1). Without branches: whether a
    // position is a candidate is close to random, and a mispredicted branch per position
    // was more than half of this loop's time. Every index is written, a candidate's kept.
    const withDebt = +(debtUsd !== 0);
    const withCollateral = +(collateralUsd !== 0);
    candidates[count] = i;
    count += withDebt & withCollateral & +(collateralUsd * lt < debtUsd);
    dead += withDebt & (withCollateral ^ 1);
  }
  counts.candidates = count;
  counts.dead += dead;
}

/** The round's flows of the pair: USD received by liquidators, repaid, and the protocol's fees. */
class PairSums {
  constructor(
    readonly sell: ExactSum,
    readonly buy: ExactSum,
    readonly fees: ExactSum,
  ) {}
}

/** The round's prices and the venue's terms for the pair, read once. */
class PairTerms {
  readonly collateralPrice: number;
  readonly debtPrice: number;
  readonly threshold: number;
  readonly bonus: number;
  readonly protocolFee: number;
  readonly closeFactor: number;
  readonly fullLiquidationHealthFactor: number;
  readonly fullLiquidationBelowUsd: number;
  readonly liquidatorCostUsd: number;
  readonly version2: boolean;

  constructor(
    venue: CompiledLendingVenue,
    k: number,
    d: number,
    oracle: Float64Array,
    readonly curve: LiquidityCurve,
  ) {
    this.collateralPrice = oracle[k];
    this.debtPrice = oracle[d];
    this.threshold = venue.threshold[k];
    this.bonus = venue.bonus[k];
    this.protocolFee = venue.protocolFee[k];
    this.closeFactor = venue.closeFactor;
    this.fullLiquidationHealthFactor = venue.fullLiquidationHealthFactor;
    this.fullLiquidationBelowUsd = venue.fullLiquidationBelowUsd;
    this.liquidatorCostUsd = venue.liquidatorCostUsd;
    this.version2 = venue.version2;
  }
}

/** examineSingle and liquidate for candidates [from, to). */
function liquidateChunk(
  collateralAmount: Float64Array,
  debtAmount: Float64Array,
  terms: PairTerms,
  sums: PairSums,
  candidates: Int32Array,
  from: number,
  to: number,
  counts: PairCounts,
): void {
  const { collateralPrice, debtPrice, threshold, bonus, protocolFee, closeFactor, curve, version2 } = terms;
  const { fullLiquidationHealthFactor, fullLiquidationBelowUsd, liquidatorCostUsd } = terms;
  const { sell, buy, fees } = sums;
  let liquidations = 0;
  let unprofitable = 0;
  for (let j = from; j < to; j++) {
    const i = candidates[j];
    const debtUsd = debtAmount[i] * debtPrice;
    if (debtUsd === 0) continue;
    const collateralUsd = collateralAmount[i] * collateralPrice;
    const healthFactor = (collateralUsd * threshold) / debtUsd;
    if (!(healthFactor < 1)) continue;
    const full =
      healthFactor < fullLiquidationHealthFactor ||
      debtUsd < fullLiquidationBelowUsd ||
      collateralUsd < fullLiquidationBelowUsd;
    const f = full ? 1 : closeFactor;
    let repayUsd = f * debtAmount[i] * debtPrice;
    let seizeUsd = repayUsd * (1 + bonus);
    const capped = version2 ? seizeUsd >= collateralUsd : seizeUsd > collateralUsd;
    if (capped) {
      seizeUsd = collateralUsd;
      repayUsd = seizeUsd / (1 + bonus);
    }
    const feeUsd = (seizeUsd - repayUsd) * protocolFee;
    const receivedUsd = seizeUsd - feeUsd;
    const profitUsd = receivedUsd - repayUsd - liquidatorCostUsd - receivedUsd * curve.cost(receivedUsd);
    // Counted without a branch of its own: an increment that first runs in a later round has no type feedback.
    const profitable = +(profitUsd > 0);
    unprofitable += profitable ^ 1;
    if (!profitable) continue;
    collateralAmount[i] = capped ? 0 : collateralAmount[i] - seizeUsd / collateralPrice;
    if (version2 && repayUsd >= debtAmount[i] * debtPrice) debtAmount[i] = 0;
    else debtAmount[i] -= repayUsd / debtPrice;
    sell.add(receivedUsd);
    buy.add(repayUsd);
    fees.add(feeUsd);
    liquidations++;
  }
  counts.liquidations += liquidations;
  counts.unprofitable += unprofitable;
}
