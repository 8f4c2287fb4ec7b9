/** SPEC section 4 for a perpetuals venue: step 1 (examine, close whole) and step 3 (settle). */
import type { CompiledPerpsVenue } from "./compiledModel";
import type { RoundTally } from "./roundTally";

export interface PerpsVenueState {
  open: Uint8Array;
  /** Indices closed in the current round, settled after the round's price step. */
  closing: number[];
  feesUsd: number;
  badDebtUsd: number;
  liquidations: number;
}

export const initialPerpsState = (venue: CompiledPerpsVenue): PerpsVenueState => ({
  open: new Uint8Array(venue.positionCount).fill(1),
  closing: [],
  feesUsd: 0,
  badDebtUsd: 0,
  liquidations: 0,
});

export function liquidatePerpsRound(
  venue: CompiledPerpsVenue,
  state: PerpsVenueState,
  oracle: Float64Array,
  tally: RoundTally,
): void {
  const { asset, size, entryPrice, margin, maintenanceMargin } = venue;
  state.closing = [];
  for (let i = 0; i < venue.positionCount; i++) {
    if (!state.open[i]) continue;
    const price = oracle[asset[i]];
    const s = size[i];
    const equity = margin[i] + s * (price - entryPrice[i]);
    const requirement = Math.abs(s) * price * maintenanceMargin[i];
    if (!(equity < requirement)) continue;
    const notionalUsd = Math.abs(s) * price;
    if (s > 0) tally.sell[asset[i]] += notionalUsd;
    else tally.buy[asset[i]] += notionalUsd;
    state.open[i] = 0;
    state.closing.push(i);
    state.liquidations++;
    tally.liquidations++;
    tally.liquidatedUsd += notionalUsd;
  }
}

/** Step 3: the venue closes at the price after this round's impact. */
export function settlePerpsRound(venue: CompiledPerpsVenue, state: PerpsVenueState, prices: Float64Array): void {
  for (const i of state.closing) {
    const executionPrice = prices[venue.asset[i]];
    const pnlEquity = venue.margin[i] + venue.size[i] * (executionPrice - venue.entryPrice[i]);
    state.feesUsd += Math.min(
      venue.liquidationFee[i] * Math.abs(venue.size[i]) * executionPrice,
      Math.max(0, pnlEquity),
    );
    if (pnlEquity < 0) state.badDebtUsd += -pnlEquity;
  }
  state.closing = [];
}
