/**
 * Step 1 for the styles that liquidate position by position with a profit test: Aave
 * v3.3 (SPEC 8.2), Morpho Blue (8.3) and Euler v2 (8.4). Each position is examined once,
 * in book order, against the oracle prices and the amounts it had at the start of the
 * round (a position changes only through its own liquidation).
 */
import type { LiquidityCurve } from "../model/liquidity";
import type { CompiledLendingVenue, CompiledStyle } from "./compiledModel";
import { closeRound, recordLiquidation, type LendingVenueState } from "./lendingRound";
import { collateralEmpty, emptyScan, scanPosition, writeOffDebt, type ScannedPosition } from "./positionScan";
import type { RoundTally } from "./roundTally";
import { morphoIncentive } from "../model/styles";

/** What a style decides for a liquidatable position: the USD repaid and seized, the fee, whether it empties the collateral or the debt entry. */
interface Decision {
  repayUsd: number;
  seizeUsd: number;
  feeUsd: number;
  emptiesCollateral: boolean;
  emptiesDebt: boolean;
}

type Decide = (venue: CompiledLendingVenue, position: ScannedPosition, k: number) => Decision | undefined;

export function liquidateBonusStyleRound(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  oracle: Float64Array,
  liquidity: readonly LiquidityCurve[],
  tally: RoundTally,
): void {
  const decide = deciders[venue.style.name];
  if (!decide) throw new Error(`no per-position rule for style ${venue.style.name}`);
  const scan = emptyScan();
  const { collateralAmount, debtAmount } = state;
  for (let i = 0; i < venue.positionCount; i++) {
    const position = scanPosition(venue, collateralAmount, debtAmount, i, oracle, scan);
    if (!(position.debtUsd > 0) || !(position.liquidationValue / position.debtUsd < 1)) continue;
    if (position.collateralEntry < 0) {
      // Liquidatable with nothing to seize (SPEC 8.1: unprofitable).
      tally.unprofitable++;
      continue;
    }
    const k = venue.collateralAsset[position.collateralEntry];
    const d = venue.debtAsset[position.debtEntry];
    const decision = decide(venue, position, k);
    if (!decision) {
      tally.unprofitable++;
      continue;
    }
    const { repayUsd, seizeUsd, feeUsd } = decision;
    const receivedUsd = seizeUsd - feeUsd;
    const profitUsd = receivedUsd - repayUsd - venue.liquidatorCostUsd - receivedUsd * liquidity[k].cost(receivedUsd);
    if (!(profitUsd > 0)) {
      tally.unprofitable++;
      continue;
    }
    const ce = position.collateralEntry;
    const de = position.debtEntry;
    collateralAmount[ce] = decision.emptiesCollateral ? 0 : collateralAmount[ce] - seizeUsd / oracle[k];
    debtAmount[de] = decision.emptiesDebt ? 0 : debtAmount[de] - repayUsd / oracle[d];
    recordLiquidation(state, tally, k, d, receivedUsd, repayUsd, feeUsd);
    // What each style writes off once the position has no collateral left.
    if (writesOffEmpty(venue.style) && collateralEmpty(venue, collateralAmount, i))
      state.writtenOffUsd += writeOffDebt(venue, debtAmount, i, oracle);
  }
  closeRound(state, tally);
}

function writesOffEmpty(style: CompiledStyle): boolean {
  return style.name === "aave-v3.3" || style.name === "morpho" || (style.name === "euler" && style.socializeDebt);
}

/** SPEC 8.2: Aave v3.3's close factor on total debt, $2,000 rule, dust rule. */
const aaveV33: Decide = (venue, position, k) => {
  const style = venue.style as Extract<CompiledStyle, { name: "aave-v3.3" }>;
  const bonus = venue.bonus[k];
  const debtUsd = position.debtEntryUsd;
  const collateralUsd = position.collateralEntryUsd;
  const healthFactor = position.liquidationValue / position.debtUsd;
  const fullBelow = venue.fullLiquidationBelowUsd;
  const full = healthFactor <= venue.fullLiquidationHealthFactor || debtUsd < fullBelow || collateralUsd < fullBelow;
  let repayUsd = full ? debtUsd : Math.min(debtUsd, venue.closeFactor * position.debtUsd);
  let seizeUsd = repayUsd * (1 + bonus);
  let emptiesCollateral = false;
  if (seizeUsd >= collateralUsd) {
    seizeUsd = collateralUsd;
    repayUsd = seizeUsd / (1 + bonus);
    emptiesCollateral = true;
  }
  const leftDebt = debtUsd - repayUsd;
  const leftCollateral = collateralUsd - seizeUsd;
  const dust = style.minLeftoverUsd;
  if (leftDebt > 0 && leftCollateral > 0 && (leftDebt < dust || leftCollateral < dust)) {
    // Aave reverts a call that leaves dust; the liquidator takes less.
    repayUsd = Math.min(repayUsd, debtUsd - dust, (collateralUsd - dust) / (1 + bonus));
    if (!(repayUsd > 0)) return undefined;
    seizeUsd = repayUsd * (1 + bonus);
    emptiesCollateral = false;
  }
  const feeUsd = (seizeUsd - repayUsd) * venue.protocolFee[k];
  return { repayUsd, seizeUsd, feeUsd, emptiesCollateral, emptiesDebt: repayUsd >= debtUsd };
};

/** SPEC 8.3: Morpho Blue's incentive factor from the LLTV, no close factor, no fee. */
const morpho: Decide = (venue, position, k) => {
  const style = venue.style as Extract<CompiledStyle, { name: "morpho" }>;
  const incentive = morphoIncentive(style, venue.threshold[k]);
  const maxRepayUsd = position.collateralUsd / incentive;
  if (maxRepayUsd <= position.debtUsd) {
    return {
      repayUsd: maxRepayUsd,
      seizeUsd: position.collateralUsd,
      feeUsd: 0,
      emptiesCollateral: true,
      emptiesDebt: maxRepayUsd >= position.debtUsd,
    };
  }
  return {
    repayUsd: position.debtUsd,
    seizeUsd: position.debtUsd * incentive,
    feeUsd: 0,
    emptiesCollateral: false,
    emptiesDebt: true,
  };
};

/** SPEC 8.4: Euler v2's reverse Dutch auction: the discount grows as the health score falls. */
const euler: Decide = (venue, position) => {
  const style = venue.style as Extract<CompiledStyle, { name: "euler" }>;
  const healthFactor = position.liquidationValue / position.debtUsd;
  const discount = Math.min(1 - healthFactor, style.maxDiscount);
  const debtUsd = position.debtEntryUsd;
  const collateralUsd = position.collateralEntryUsd;
  const yieldUsd = debtUsd / (1 - discount);
  if (collateralUsd < yieldUsd) {
    const repayUsd = collateralUsd * (1 - discount);
    return { repayUsd, seizeUsd: collateralUsd, feeUsd: 0, emptiesCollateral: true, emptiesDebt: repayUsd >= debtUsd };
  }
  return { repayUsd: debtUsd, seizeUsd: yieldUsd, feeUsd: 0, emptiesCollateral: false, emptiesDebt: true };
};

const deciders: Partial<Record<CompiledStyle["name"], Decide>> = { "aave-v3.3": aaveV33, morpho, euler };
