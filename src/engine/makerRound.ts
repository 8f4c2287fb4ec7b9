/**
 * SPEC 8.6, MakerDAO / Sky: a vault below its liquidation ratio is "barked" into a Dutch
 * auction (Clipper) whose price starts above the oracle and decays every round; keepers
 * buy when the price pays for the sale. The Dog's hole limits cap the tabs of auctions
 * running at once, over all collateral and per collateral, so a crash is liquidated in
 * instalments: vaults wait (throttled) until auctions end and make room.
 */
import type { LiquidityCurve } from "../model/liquidity";
import type { CompiledLendingVenue, CompiledStyle } from "./compiledModel";
import type { LendingVenueState } from "./lendingRound";
import type { RoundTally } from "./roundTally";

type Maker = Extract<CompiledStyle, { name: "maker" }>;

interface Auction {
  position: number;
  /** Collateral and debt asset indices, and their entries in the venue's arrays. */
  k: number;
  d: number;
  collateralEntry: number;
  lot: number;
  tab: number;
  debtUsd: number;
  top: number;
  age: number;
}

export interface MakerState {
  /** Running auctions, in the order they started. */
  auctions: Auction[];
  dirtUsd: number;
  dirtByAsset: Float64Array;
  keeperRewardsUsd: number;
  throttled: number;
}

export const initialMakerState = (venue: CompiledLendingVenue): MakerState => ({
  auctions: [],
  dirtUsd: 0,
  dirtByAsset: new Float64Array(venue.threshold.length),
  keeperRewardsUsd: 0,
  throttled: 0,
});

/** A room below this (USD) can only come from rounding the sums of tabs: it counts as none. */
const ROOM_EPSILON_USD = 1e-6;

export function liquidateMakerRound(
  venue: CompiledLendingVenue,
  state: LendingVenueState,
  maker: MakerState,
  oracle: Float64Array,
  liquidity: readonly LiquidityCurve[],
  tally: RoundTally,
): void {
  const style = venue.style as Maker;
  const { collateralAmount, debtAmount } = state;
  const reward = (tab: number) => (maker.keeperRewardsUsd += style.keeperTipUsd + style.keeperChip * tab);
  // 1. Takes, in the order the auctions started.
  const running: Auction[] = [];
  for (const auction of maker.auctions) {
    const { k, d } = auction;
    const price = auction.top * style.decayPerRound ** auction.age;
    const quantity = Math.min(auction.lot, auction.tab / price);
    const valueUsd = quantity * oracle[k];
    if (valueUsd - valueUsd * liquidity[k].cost(valueUsd) - quantity * price - venue.liquidatorCostUsd > 0) {
      const raisedUsd = quantity * price;
      tally.sell[k] += valueUsd;
      tally.buy[d] += raisedUsd;
      state.feesUsd += Math.max(0, raisedUsd - auction.debtUsd);
      state.writtenOffUsd += Math.max(0, auction.debtUsd - raisedUsd);
      // The unsold collateral goes back to the vault.
      collateralAmount[auction.collateralEntry] += auction.lot - quantity;
      tally.keepGoing = true;
      continue;
    }
    auction.age += 1;
    const tooOld = style.resetAfterRounds !== null && auction.age > style.resetAfterRounds;
    const tooLow = style.resetBelow !== null && style.decayPerRound ** auction.age < style.resetBelow;
    if (tooOld || tooLow) {
      auction.top = oracle[k] * style.startMultiplier;
      auction.age = 0;
      reward(auction.tab);
    }
    running.push(auction);
  }
  maker.auctions = running;
  maker.dirtUsd = 0;
  maker.dirtByAsset.fill(0);
  for (const auction of running) {
    maker.dirtUsd += auction.tab;
    maker.dirtByAsset[auction.k] += auction.tab;
  }
  // 2. Kicks: vaults below their ratio at the amounts after the takes, lowest health first, ties by book order.
  const candidates: { i: number; healthFactor: number }[] = [];
  for (let i = 0; i < venue.positionCount; i++) {
    const de = venue.debtStart[i];
    if (de === venue.debtStart[i + 1]) continue;
    const debtUsd = debtAmount[de] * oracle[venue.debtAsset[de]];
    if (!(debtUsd > 0)) continue;
    const ce = venue.collateralStart[i];
    const liquidationValue =
      ce === venue.collateralStart[i + 1]
        ? 0
        : collateralAmount[ce] * oracle[venue.collateralAsset[ce]] * venue.threshold[venue.collateralAsset[ce]];
    const healthFactor = liquidationValue / debtUsd;
    if (healthFactor < 1) candidates.push({ i, healthFactor });
  }
  candidates.sort((x, y) => x.healthFactor - y.healthFactor || x.i - y.i);
  for (const { i } of candidates) {
    const ce = venue.collateralStart[i];
    const de = venue.debtStart[i];
    if (ce === venue.collateralStart[i + 1] || collateralAmount[ce] === 0) {
      // No collateral to auction: never kicked; its debt is bad debt by the section 5 sum.
      tally.unprofitable++;
      continue;
    }
    const k = venue.collateralAsset[ce];
    const d = venue.debtAsset[de];
    const debtUsd = debtAmount[de] * oracle[d];
    const globalRoom = style.holeUsd - maker.dirtUsd;
    const assetRoom = venue.marketHoleUsd[k] - maker.dirtByAsset[k];
    let room = Math.min(globalRoom, assetRoom);
    if (room < ROOM_EPSILON_USD) room = 0;
    if (room <= 0) {
      maker.throttled++;
      continue;
    }
    const fullTab = debtUsd * (1 + venue.liquidationPenalty[k]);
    const share = Math.min(1, room / fullTab);
    if (share < 1 && debtUsd * share < style.dustUsd) {
      maker.throttled++;
      continue;
    }
    const tab = share === 1 ? fullTab : room;
    if (share === 1) {
      maker.dirtUsd += tab;
      maker.dirtByAsset[k] += tab;
    } else {
      // The limit that gave the room is now exactly full; the other grows by the tab.
      if (globalRoom === Math.min(globalRoom, assetRoom)) maker.dirtUsd = style.holeUsd;
      else maker.dirtUsd += tab;
      if (assetRoom === Math.min(globalRoom, assetRoom)) maker.dirtByAsset[k] = venue.marketHoleUsd[k];
      else maker.dirtByAsset[k] += tab;
    }
    const auctionDebtUsd = debtUsd * share;
    maker.auctions.push({
      position: i,
      k,
      d,
      collateralEntry: ce,
      lot: collateralAmount[ce] * share,
      tab,
      debtUsd: auctionDebtUsd,
      top: oracle[k] * style.startMultiplier,
      age: 0,
    });
    collateralAmount[ce] = share === 1 ? 0 : collateralAmount[ce] * (1 - share);
    debtAmount[de] = share === 1 ? 0 : debtAmount[de] * (1 - share);
    reward(tab);
    state.liquidations++;
    tally.liquidations++;
    tally.liquidatedUsd += auctionDebtUsd;
  }
  if (maker.auctions.length > 0) tally.keepGoing = true;
}

/** Bad debt terms of the auctions still running after the last round, and the keeper rewards (SPEC 8.6). */
export function makerOutcome(
  maker: MakerState,
  finalPrices: Float64Array,
): { extraBadDebtUsd: number; details: Record<string, number> } {
  let inAuctionUsd = 0;
  let shortfallUsd = 0;
  for (const auction of maker.auctions) {
    inAuctionUsd += auction.debtUsd;
    shortfallUsd += Math.max(0, auction.debtUsd - auction.lot * finalPrices[auction.k]);
  }
  return {
    extraBadDebtUsd: maker.keeperRewardsUsd + shortfallUsd,
    details: {
      keeperRewardsUsd: maker.keeperRewardsUsd,
      inAuctionUsd,
      auctionsRunning: maker.auctions.length,
      throttled: maker.throttled,
    },
  };
}
