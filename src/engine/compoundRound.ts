/**
 * SPEC 8.5, Compound v3 (Comet): every underwater account is absorbed whole into the
 * protocol's reserves, with no liquidator and no profit test; the protocol then sells the
 * seized collateral from a storefront at a discount, asset by asset, while reserves are
 * below their target and a buyer finds the sale worth its cost.
 */
import type { LiquidityCurve } from "../model/liquidity";
import type { CompiledLendingVenue, CompiledStyle } from "./compiledModel";
import type { LendingVenueState } from "./lendingRound";
import type { RoundTally } from "./roundTally";

type Compound = Extract<CompiledStyle, { name: "compound" }>;

export interface CompoundState {
  /** R: the protocol's reserves (the venue's insuranceFundUsd at the start); may go negative. */
  reservesUsd: number;
  /** Absorbed collateral not sold yet, by asset index (amounts). */
  inventory: Float64Array;
}

export const initialCompoundState = (venue: CompiledLendingVenue): CompoundState => ({
  reservesUsd: venue.insuranceFundUsd,
  inventory: new Float64Array(venue.threshold.length),
});

/** Halvings a storefront buyer may try: V, V/2, ..., V/2^20. */
const STOREFRONT_HALVINGS = 20;

export function liquidateCompoundRound(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  compound: CompoundState,
  oracle: Float64Array,
  liquidity: readonly LiquidityCurve[],
  tally: RoundTally,
): void {
  const style = venue.style as Compound;
  const { collateralAmount, debtAmount } = state;
  // Absorb: every account with LV < DV, at the amounts of the round's start (an absorb changes only its own account).
  for (let i = 0; i < venue.positionCount; i++) {
    let debtUsd = 0;
    for (let j = venue.debtStart[i]; j < venue.debtStart[i + 1]; j++)
      debtUsd += debtAmount[j] * oracle[venue.debtAsset[j]];
    if (!(debtUsd > 0)) continue;
    let liquidationValue = 0;
    let creditUsd = 0;
    for (let j = venue.collateralStart[i]; j < venue.collateralStart[i + 1]; j++) {
      const a = venue.collateralAsset[j];
      const value = collateralAmount[j] * oracle[a];
      liquidationValue += value * venue.threshold[a];
      creditUsd += value * venue.liquidationFactor[a];
    }
    if (!(liquidationValue < debtUsd)) continue;
    state.writtenOffUsd += Math.max(0, debtUsd - creditUsd);
    compound.reservesUsd -= Math.max(debtUsd, creditUsd);
    for (let j = venue.collateralStart[i]; j < venue.collateralStart[i + 1]; j++) {
      compound.inventory[venue.collateralAsset[j]] += collateralAmount[j];
      collateralAmount[j] = 0;
    }
    for (let j = venue.debtStart[i]; j < venue.debtStart[i + 1]; j++) debtAmount[j] = 0;
    state.liquidations++;
    tally.liquidations++;
    tally.liquidatedUsd += debtUsd;
  }
  // Storefront: assets in ascending name order (= index order), while reserves are below target.
  for (let a = 0; a < compound.inventory.length; a++) {
    if (style.targetReservesUsd !== null && compound.reservesUsd >= style.targetReservesUsd) return;
    const amount = compound.inventory[a];
    if (!(amount > 0)) continue;
    const valueUsd = amount * oracle[a];
    const discount = style.storeFrontPriceFactor * (1 - venue.liquidationFactor[a]);
    for (let j = 0; j <= STOREFRONT_HALVINGS; j++) {
      const soldUsd = valueUsd / 2 ** j;
      if (!(soldUsd * discount - soldUsd * liquidity[a].cost(soldUsd) - venue.liquidatorCostUsd > 0)) continue;
      const paidUsd = soldUsd * (1 - discount);
      tally.sell[a] += soldUsd;
      tally.buy[style.baseAsset] += paidUsd;
      compound.reservesUsd += paidUsd;
      compound.inventory[a] = j === 0 ? 0 : amount - amount / 2 ** j;
      tally.keepGoing = true;
      break;
    }
  }
}
