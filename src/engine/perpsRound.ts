/**
 * SPEC section 4 for a perpetuals venue: step 1 (examine, close) and step 3 (settle),
 * with version 2's tiered maintenance margin, partial liquidation and backstop (8.8).
 */
import { tieredRequirement } from "../model/styles";
import type { CompiledPerpsVenue } from "./compiledModel";
import type { RoundTally } from "./roundTally";

export interface PerpsVenueState {
  open: Uint8Array;
  /** Size and margin now: a partial liquidation changes both (the entry price stays). */
  size: Float64Array;
  margin: Float64Array;
  /** Closed in the current round (units closed; the whole size when closed whole), settled after the round's price step. */
  closing: { i: number; quantity: number; whole: boolean }[];
  feesUsd: number;
  badDebtUsd: number;
  liquidations: number;
  /** Positions the backstop took over: their size, entry and margin at the takeover. */
  backstopTaken: { asset: number; size: number; entryPrice: number; margin: number }[];
  backstopUsd: number;
}

export const initialPerpsState = (venue: CompiledPerpsVenue): PerpsVenueState => ({
  open: new Uint8Array(venue.positionCount).fill(1),
  size: venue.size.slice(),
  margin: venue.margin.slice(),
  closing: [],
  feesUsd: 0,
  badDebtUsd: 0,
  liquidations: 0,
  backstopTaken: [],
  backstopUsd: 0,
});

/** MR at oracle price `price` for a position of `size` units: a flat rate, or the market's tiers. */
export function perpsRequirement(venue: CompiledPerpsVenue, i: number, size: number, price: number): number {
  const tiers = venue.tiers[i];
  return tiers ? tieredRequirement(tiers, Math.abs(size) * price) : Math.abs(size) * price * venue.maintenanceMargin[i];
}

export function liquidatePerpsRound(
  venue: CompiledPerpsVenue,
  state: PerpsVenueState,
  oracle: Float64Array,
  tally: RoundTally,
): void {
  const { asset, entryPrice } = venue;
  const { size, margin } = state;
  const { partialLiquidation: partial, backstop } = venue;
  state.closing = [];
  for (let i = 0; i < venue.positionCount; i++) {
    if (!state.open[i]) continue;
    const price = oracle[asset[i]];
    const s = size[i];
    const equity = margin[i] + s * (price - entryPrice[i]);
    const required = perpsRequirement(venue, i, s, price);
    const notionalUsd = Math.abs(s) * price;
    if (backstop && equity < backstop.triggerShare * required) {
      // Taken over whole at oracle prices, margin included, with no market order.
      state.open[i] = 0;
      state.backstopTaken.push({ asset: asset[i], size: s, entryPrice: entryPrice[i], margin: margin[i] });
      state.backstopUsd += notionalUsd;
      state.liquidations++;
      tally.liquidations++;
      tally.liquidatedUsd += notionalUsd;
      continue;
    }
    if (!(equity < required)) continue;
    let quantity = Math.abs(s);
    if (partial && !(margin[i] < 0) && !(notionalUsd <= partial.fullBelowNotionalUsd)) {
      quantity = Math.min(Math.abs(s), Math.max(partial.fraction * Math.abs(s), partial.minNotionalUsd / price));
    }
    const whole = quantity === Math.abs(s);
    const closedUsd = whole ? notionalUsd : quantity * price;
    if (s > 0) tally.sell[asset[i]] += closedUsd;
    else tally.buy[asset[i]] += closedUsd;
    if (whole) state.open[i] = 0;
    state.closing.push({ i, quantity, whole });
    state.liquidations++;
    tally.liquidations++;
    tally.liquidatedUsd += closedUsd;
  }
}

/** Step 3: the venue closes at the price after this round's impact. */
export function settlePerpsRound(venue: CompiledPerpsVenue, state: PerpsVenueState, prices: Float64Array): void {
  const { size, margin } = state;
  for (const { i, quantity, whole } of state.closing) {
    const executionPrice = prices[venue.asset[i]];
    const s = size[i];
    const pnlEquity = margin[i] + s * (executionPrice - venue.entryPrice[i]);
    if (whole) {
      state.feesUsd += Math.min(venue.liquidationFee[i] * Math.abs(s) * executionPrice, Math.max(0, pnlEquity));
      if (pnlEquity < 0) state.badDebtUsd += -pnlEquity;
      continue;
    }
    // A part closed: its profit or loss is realised, the fee is capped by the account's equity, the margin stays with the account.
    const share = quantity / Math.abs(s);
    const realisedUsd = share * s * (executionPrice - venue.entryPrice[i]);
    const feeUsd = Math.min(venue.liquidationFee[i] * quantity * executionPrice, Math.max(0, pnlEquity));
    state.feesUsd += feeUsd;
    size[i] = (1 - share) * s;
    margin[i] = margin[i] + realisedUsd - feeUsd;
  }
  state.closing = [];
}

/** The backstop vault's loss at final prices, gains and losses netted over what it took (SPEC 8.8). */
export function backstopLossUsd(state: PerpsVenueState, finalPrices: Float64Array): number {
  let equity = 0;
  for (const taken of state.backstopTaken)
    equity += taken.margin + taken.size * (finalPrices[taken.asset] - taken.entryPrice);
  return Math.max(0, -equity);
}
