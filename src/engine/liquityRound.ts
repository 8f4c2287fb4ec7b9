/**
 * SPEC 8.7, Liquity v1 (one branch, normal mode): troves below the minimum collateral
 * ratio are closed whole with no profit test; the stability pool absorbs their debt for
 * their collateral as far as it holds, and the rest (debt and collateral) is
 * redistributed to the remaining troves in proportion to their collateral, which may make
 * them liquidatable next round. Nothing is written off; little is sold.
 */
import type { CompiledLendingVenue, CompiledStyle } from "./compiledModel";
import type { LendingVenueState } from "./lendingRound";
import type { RoundTally } from "./roundTally";

type Liquity = Extract<CompiledStyle, { name: "liquity" }>;

export interface LiquityState {
  /** Stability pool deposits left, in units of the debt asset. */
  stabilityPool: number;
  poolGainUsd: number;
  redistributedUsd: number;
}

export const initialLiquityState = (venue: CompiledLendingVenue): LiquityState => ({
  stabilityPool: (venue.style as Liquity).stabilityPool,
  poolGainUsd: 0,
  redistributedUsd: 0,
});

/** A trove's one collateral and one debt entry (-1 when it has none). */
const entryOf = (start: Int32Array, i: number) => (start[i] < start[i + 1] ? start[i] : -1);

export function liquidateLiquityRound(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  liquity: LiquityState,
  oracle: Float64Array,
  tally: RoundTally,
): void {
  const style = venue.style as Liquity;
  const { collateralAmount, debtAmount } = state;
  const amountAt = (array: Float64Array, entry: number) => (entry < 0 ? 0 : array[entry]);
  // The liquidatable set at the start of the round.
  const liquidatable: { i: number; healthFactor: number }[] = [];
  let holdersOutside = 0;
  for (let i = 0; i < venue.positionCount; i++) {
    const ce = entryOf(venue.collateralStart, i);
    const de = entryOf(venue.debtStart, i);
    const collateral = amountAt(collateralAmount, ce);
    const debtUsd = de < 0 ? 0 : debtAmount[de] * oracle[venue.debtAsset[de]];
    const healthFactor =
      ce < 0
        ? 0
        : (collateral * oracle[venue.collateralAsset[ce]] * venue.threshold[venue.collateralAsset[ce]]) / debtUsd;
    if (debtUsd > 0 && healthFactor < 1) liquidatable.push({ i, healthFactor });
    else if (collateral > 0) holdersOutside++;
  }
  if (liquidatable.length === 0) return;
  // Liquity never closes the last trove: if none holding collateral would remain, the healthiest is left (ties: last in book order).
  if (holdersOutside === 0) {
    let spared = 0;
    for (let m = 1; m < liquidatable.length; m++)
      if (liquidatable[m].healthFactor >= liquidatable[spared].healthFactor) spared = m;
    liquidatable.splice(spared, 1);
  }
  liquidatable.sort((x, y) => x.healthFactor - y.healthFactor || x.i - y.i);
  const liquidated = new Set<number>();
  let restDebt = 0;
  let restCollateral = 0;
  let k = -1;
  let d = -1;
  for (const { i } of liquidatable) {
    const ce = entryOf(venue.collateralStart, i);
    const de = entryOf(venue.debtStart, i);
    d = venue.debtAsset[de];
    const collateral = amountAt(collateralAmount, ce);
    if (ce >= 0) k = venue.collateralAsset[ce];
    const debt = debtAmount[de];
    const gas = collateral * style.gasCompensation;
    if (ce >= 0) tally.sell[k] += gas * oracle[k];
    const left = collateral - gas;
    const offset = Math.min(debt, liquity.stabilityPool);
    liquity.stabilityPool -= offset;
    const toPool = left * (offset / debt);
    if (ce >= 0) {
      tally.sell[k] += toPool * style.stabilityPoolSellShare * oracle[k];
      liquity.poolGainUsd += toPool * oracle[k] - offset * oracle[d];
    } else liquity.poolGainUsd -= offset * oracle[d];
    restDebt += debt - offset;
    restCollateral += left * (1 - offset / debt);
    liquity.redistributedUsd += (debt - offset) * oracle[d];
    if (ce >= 0) collateralAmount[ce] = 0;
    debtAmount[de] = 0;
    liquidated.add(i);
    state.liquidations++;
    tally.liquidations++;
    tally.liquidatedUsd += debt * oracle[d];
  }
  // Redistribution to the troves that hold collateral and were not liquidated this round, by collateral amount.
  let totalCollateral = 0;
  for (let i = 0; i < venue.positionCount; i++)
    if (!liquidated.has(i)) totalCollateral += amountAt(collateralAmount, entryOf(venue.collateralStart, i));
  if (!(restDebt > 0 || restCollateral > 0)) return;
  if (!(totalCollateral > 0)) {
    // No trove left to take it (only troves without collateral remain): the debt has no one to carry it.
    state.writtenOffUsd += restDebt * oracle[d];
    return;
  }
  for (let i = 0; i < venue.positionCount; i++) {
    if (liquidated.has(i)) continue;
    const ce = entryOf(venue.collateralStart, i);
    const de = entryOf(venue.debtStart, i);
    const collateral = amountAt(collateralAmount, ce);
    if (!(collateral > 0) || de < 0) continue;
    const share = collateral / totalCollateral;
    debtAmount[de] += restDebt * share;
    collateralAmount[ce] += restCollateral * share;
  }
}

export const liquityDetails = (liquity: LiquityState): Record<string, number> => ({
  stabilityPoolLeft: liquity.stabilityPool,
  poolGainUsd: liquity.poolGainUsd,
  redistributedUsd: liquity.redistributedUsd,
});
