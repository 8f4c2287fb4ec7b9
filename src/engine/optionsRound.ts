/**
 * SPEC 8.9 for an options venue: positions marked to Black-Scholes with σ(S), a two-point
 * scenario margin, and dealers on the other side of every open option who re-hedge their
 * delta each round (selling into a fall when they are short gamma) and unwind the hedge of
 * each position liquidated. Settlement, fees and bad debt as perps.
 */
import { optionDelta, optionValue, sigmaAt, type OptionTerms } from "../model/blackScholes";
import type { CompiledOptionsVenue } from "./compiledModel";
import type { RoundTally } from "./roundTally";

export interface OptionsVenueState {
  open: Uint8Array;
  closing: number[];
  /** Per market, the volatility shock of the scenario (0 where it shocks none). */
  volShock: Float64Array;
  /** The oracle prices of the previous round (null before round 1: dealers then hedged at p0 before any volShock). */
  previousOracle: Float64Array | null;
  feesUsd: number;
  badDebtUsd: number;
  liquidations: number;
  dealerHedgeUsd: number;
  liquidationHedgeUsd: number;
  /** The totals when the last round's flows were recorded (for the panel's per-round chart). */
  recorded: { dealerHedgeUsd: number; liquidationHedgeUsd: number };
}

export function initialOptionsState(
  venue: CompiledOptionsVenue,
  volShocks: Readonly<Record<string, number>>,
): OptionsVenueState {
  return {
    open: new Uint8Array(venue.positionCount).fill(1),
    closing: [],
    volShock: Float64Array.from(venue.markets, (market) =>
      Object.prototype.hasOwnProperty.call(volShocks, market.name) ? volShocks[market.name] : 0,
    ),
    previousOracle: null,
    feesUsd: 0,
    badDebtUsd: 0,
    liquidations: 0,
    dealerHedgeUsd: 0,
    liquidationHedgeUsd: 0,
    recorded: { dealerHedgeUsd: 0, liquidationHedgeUsd: 0 },
  };
}

const termsOf = (venue: CompiledOptionsVenue, i: number): OptionTerms => ({
  isCall: venue.isCall[i] === 1,
  strike: venue.strike[i],
  years: venue.years[i],
  rate: venue.markets[venue.marketOf[i]].rate,
});

/** σ(S) of position i's market at `price` (volShock 0 gives the volatility before the scenario). */
function sigmaOf(venue: CompiledOptionsVenue, i: number, price: number, p0: Float64Array, volShock: number): number {
  const market = venue.markets[venue.marketOf[i]];
  return sigmaAt(
    { volatility: market.volatility, volShock, spotVolBeta: market.spotVolBeta, initialPrice: p0[market.asset] },
    price,
  );
}
const valueAt = (venue: CompiledOptionsVenue, i: number, price: number, p0: Float64Array, volShock: number): number =>
  optionValue(termsOf(venue, i), price, sigmaOf(venue, i, price, p0, volShock));
const deltaAt = (venue: CompiledOptionsVenue, i: number, price: number, p0: Float64Array, volShock: number): number =>
  optionDelta(termsOf(venue, i), price, sigmaOf(venue, i, price, p0, volShock));

/** E and MR of position i at oracle price `price`: E = margin + size·(V(o) - premium), MR = max(0, L(-u), L(+u)). */
export function optionMargin(
  venue: CompiledOptionsVenue,
  i: number,
  price: number,
  p0: Float64Array,
  volShock: number,
): { equity: number; requirement: number } {
  const size = venue.size[i];
  const u = venue.markets[venue.marketOf[i]].riskMove;
  const value = valueAt(venue, i, price, p0, volShock);
  const loss = (move: number) => size * (value - valueAt(venue, i, price * (1 + move), p0, volShock));
  return { equity: venue.margin[i] + size * (value - venue.premium[i]), requirement: Math.max(0, loss(-u), loss(u)) };
}

/** A trade of t units: t < 0 sells (-t·o), t > 0 buys (t·o). */
function trade(tally: RoundTally, asset: number, units: number, price: number): void {
  if (units < 0) tally.sell[asset] += -units * price;
  else if (units > 0) tally.buy[asset] += units * price;
}

export function liquidateOptionsRound(
  venue: CompiledOptionsVenue,
  state: OptionsVenueState,
  oracle: Float64Array,
  p0: Float64Array,
  tally: RoundTally,
): void {
  state.closing = [];
  // Dealer gamma: one net trade per asset for the move from the previous oracle price, over positions open at the start.
  const hedge = new Map<number, number>();
  for (let i = 0; i < venue.positionCount; i++) {
    if (!state.open[i]) continue;
    const m = venue.marketOf[i];
    const asset = venue.markets[m].asset;
    const shock = state.volShock[m];
    const before =
      state.previousOracle === null
        ? deltaAt(venue, i, p0[asset], p0, 0)
        : deltaAt(venue, i, state.previousOracle[asset], p0, shock);
    const now = deltaAt(venue, i, oracle[asset], p0, shock);
    hedge.set(asset, (hedge.get(asset) ?? 0) + venue.size[i] * (now - before));
  }
  for (const [asset, units] of hedge) {
    const t = venue.hedgeShare * units;
    trade(tally, asset, t, oracle[asset]);
    state.dealerHedgeUsd += Math.abs(t) * oracle[asset];
  }
  // Liquidations: closed whole; the dealer who takes the position over unwinds its hedge.
  for (let i = 0; i < venue.positionCount; i++) {
    if (!state.open[i]) continue;
    const m = venue.marketOf[i];
    const asset = venue.markets[m].asset;
    const { equity, requirement } = optionMargin(venue, i, oracle[asset], p0, state.volShock[m]);
    if (!(equity < requirement)) continue;
    const t = -venue.hedgeShare * venue.size[i] * deltaAt(venue, i, oracle[asset], p0, state.volShock[m]);
    trade(tally, asset, t, oracle[asset]);
    state.liquidationHedgeUsd += Math.abs(t) * oracle[asset];
    state.open[i] = 0;
    state.closing.push(i);
    state.liquidations++;
    tally.liquidations++;
    tally.liquidatedUsd += Math.abs(venue.size[i]) * oracle[asset];
  }
  state.previousOracle = oracle;
}

/** Step 3: P = margin + size·(V(x) - premium) at the price after this round's impact; fee and bad debt as perps. */
export function settleOptionsRound(
  venue: CompiledOptionsVenue,
  state: OptionsVenueState,
  prices: Float64Array,
  p0: Float64Array,
): void {
  for (const i of state.closing) {
    const m = venue.marketOf[i];
    const x = prices[venue.markets[m].asset];
    const pnlEquity =
      venue.margin[i] + venue.size[i] * (valueAt(venue, i, x, p0, state.volShock[m]) - venue.premium[i]);
    state.feesUsd += Math.min(venue.markets[m].liquidationFee * Math.abs(venue.size[i]) * x, Math.max(0, pnlEquity));
    if (pnlEquity < 0) state.badDebtUsd += -pnlEquity;
  }
  state.closing = [];
}
