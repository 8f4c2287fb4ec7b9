/** The cascade of SPEC section 4 for one shock vector, and its results (section 5). */
import type { CompiledModel } from "./compiledModel";
import { settlePerpsRound } from "./perpsRound";
import { settleOptionsRound } from "./optionsRound";
import { initialVenueState, liquidateVenueRound, recordMechanismRound, venueOutcome } from "./venueRound";
import { applyPriceStep } from "./priceStep";
import {
  totalBadDebt,
  totalStuck,
  totalUncovered,
  type AssetNumbers,
  type RoundResult,
  type ScenarioResult,
} from "./results";
import { newTally } from "./roundTally";
import { SimulationError } from "./simulationError";
import { hasName } from "../model/names";

export type Shocks = Readonly<Record<string, number>>;

export interface SimulationOptions {
  /** Called between rounds; throwing from it (e.g. on cancellation) ends the run. */
  onRound?: (round: number) => void;
  /**
   * false: perRound holds no prices. The curve, the sweep and the stress test read only
   * final figures, and per-round prices cost rounds x assets numbers.
   */
  roundPrices?: boolean;
  /** Per-round prices the whole run may still record, shared by its scenarios (see ROUND_PRICE_LIMIT). */
  roundPriceBudget?: { remaining: number };
  /** SPEC 8.9: the scenario's volatility shocks by options market name. */
  volShocks?: Readonly<Record<string, number>>;
}

/**
 * Most per-round prices (rounds x assets, over all scenarios) one run reports. They are
 * the bulk of a result: ten million numbers are about 250 MB of JSON, and a file of a few
 * kilobytes can ask for ten thousand assets over ten thousand rounds, a billion numbers,
 * which no process can hold or print.
 */
export const ROUND_PRICE_LIMIT = 10_000_000;

export function simulateScenario(
  model: CompiledModel,
  name: string,
  shocks: Shocks,
  options: SimulationOptions = {},
): ScenarioResult {
  const assetCount = model.assetNames.length;
  const p0 = model.initialPrices;
  const market = p0.slice();
  for (const [asset, shock] of Object.entries(shocks)) {
    const a = model.indexOf.get(asset);
    if (a === undefined) continue;
    market[a] = p0[a] * (1 + shock);
    // Validation refuses such a shock in a file; a custom or random one lands here.
    if (!(market[a] > 0 && Number.isFinite(market[a]))) {
      throw new SimulationError(
        `A shock of ${shock} takes the price of ${asset} from ${p0[a]} to ${market[a]}: prices must stay between 0 and 1.8e308 USD.`,
        ["assets", asset, "price"],
      );
    }
  }
  // Prices after each round, kept only while a round may still read them: round 0 (the
  // shock, for amplification) and the oracle's window of lagged rounds.
  const history: (Float64Array | undefined)[] = [market.slice()];
  const recordPrices = options.roundPrices ?? true;
  const states = model.venues.map((venue) => initialVenueState(venue, options.volShocks));
  const perRound: RoundResult[] = [];
  let halted = false;
  for (let round = 1; round <= model.maxRounds; round++) {
    options.onRound?.(round);
    const oracleRound = Math.max(0, round - 1 - model.oracleLagRounds);
    const oracle = history[oracleRound]!;
    if (oracleRound > 1) history[oracleRound - 1] = undefined;
    if (recordPrices && options.roundPriceBudget) spendRoundPrices(options.roundPriceBudget, assetCount, round);
    const tally = newTally(assetCount);
    model.venues.forEach((venue, v) => liquidateVenueRound(venue, states[v], oracle, model.liquidity, tally, p0));
    applyPriceStep(model, tally, market);
    history.push(market.slice());
    model.venues.forEach((venue, v) => {
      const state = states[v];
      if (venue.kind === "perps" && state.kind === "perps") settlePerpsRound(venue, state.perps, market);
      if (venue.kind === "options" && state.kind === "options") settleOptionsRound(venue, state.options, market, p0);
      recordMechanismRound(venue, state, market);
    });
    perRound.push({
      round,
      prices: recordPrices ? byName(model, market) : {},
      liquidations: tally.liquidations,
      liquidatedUsd: tally.liquidatedUsd,
      unprofitable: tally.unprofitable,
    });
    halted = isHalted(model, market);
    // Version 2: a storefront sale or an auction taken or still running keeps the whole file's cascade going.
    if ((tally.liquidations === 0 && !tally.keepGoing) || halted) break;
  }
  const rounds = perRound.length;
  const final = history[rounds]!;
  const venues = model.venues.map((venue, v) => venueOutcome(venue, states[v], final));
  // Results are plain objects (they cross to the worker's host and into JSON); an asset's
  // key is always its own property here, and lookups of keys that may be absent use hasName.
  const drawdown: AssetNumbers = {};
  const amplification: AssetNumbers = {};
  for (const a of model.fileOrder) drawdown[model.assetNames[a]] = final[a] / p0[a] - 1;
  for (const asset of Object.keys(shocks)) {
    const a = model.indexOf.get(asset);
    if (a === undefined) continue;
    const initialMove = history[0]![a] - p0[a];
    // A zero shock has no amplification (0/0); it is left out rather than reported as NaN.
    if (initialMove !== 0) amplification[asset] = (final[a] - p0[a]) / initialMove;
  }
  const result: ScenarioResult = {
    name,
    rounds,
    halted,
    finalPrices: byName(model, final),
    drawdown,
    amplification,
    liquidatedUsd: perRound.reduce((sum, r) => sum + r.liquidatedUsd, 0),
    venues,
    perRound,
  };
  assertFinite(model, result);
  return result;
}

/**
 * Amounts times prices can exceed the largest double (1.8e308): the SPEC's arithmetic then
 * yields Infinity or NaN, which no report may show as a number. It becomes an error that
 * names where the overflow is.
 */
function assertFinite(model: CompiledModel, result: ScenarioResult): void {
  for (const [v, venue] of result.venues.entries()) {
    // Version 2's written-off debt and mechanism details too: JSON would print a NaN or Infinity there as null.
    const figures = [venue.badDebtUsd, venue.coveredUsd, venue.uncoveredUsd, venue.stuckDebtUsd, venue.writtenOffUsd];
    if (![...figures, ...Object.values(venue.details)].every(Number.isFinite)) {
      throw new SimulationError(
        `The results of venue "${venue.name}" overflow (USD values beyond 1.8e308): check its position sizes, amounts and prices.`,
        ["venues", v, "positions"],
      );
    }
  }
  for (const round of result.perRound) {
    if (!Number.isFinite(round.liquidatedUsd))
      throw new SimulationError(
        `Liquidated USD in round ${round.round} overflows (beyond 1.8e308): check position sizes, amounts and prices.`,
        ["venues"],
      );
  }
  // Each venue's figures can be finite and their sums not: the curve and the sweep report the sums.
  if (
    ![result.liquidatedUsd, totalBadDebt(result), totalUncovered(result), totalStuck(result)].every(Number.isFinite)
  ) {
    throw new SimulationError(
      "The scenario's totals over all venues and rounds overflow (USD values beyond 1.8e308): check position sizes, amounts and prices.",
      ["venues"],
    );
  }
  for (const a of model.fileOrder) {
    const asset = model.assetNames[a];
    if (
      !Number.isFinite(result.drawdown[asset]) ||
      (hasName(result.amplification, asset) && !Number.isFinite(result.amplification[asset]))
    ) {
      throw new SimulationError(`The price path of ${asset} overflows: check its price and the shock.`, [
        "assets",
        asset,
        "price",
      ]);
    }
  }
}

function spendRoundPrices(budget: { remaining: number }, assetCount: number, round: number): void {
  budget.remaining -= assetCount;
  if (budget.remaining < 0) {
    throw new SimulationError(
      `This run reached round ${round} with ${assetCount.toLocaleString("en-US")} assets: its per-round prices (rounds x assets over all scenarios) pass the ${ROUND_PRICE_LIMIT.toLocaleString("en-US")} one run may report. Lower simulation.maxRounds, simulate one scenario at a time, or remove assets no position or scenario uses.`,
      ["simulation", "maxRounds"],
    );
  }
}

function isHalted(model: CompiledModel, market: Float64Array): boolean {
  const h = model.haltDrawdown;
  if (h === null) return false;
  for (let a = 0; a < market.length; a++) if (market[a] <= (1 - h) * model.initialPrices[a]) return true;
  return false;
}

function byName(model: CompiledModel, prices: Float64Array): AssetNumbers {
  const named: AssetNumbers = {};
  for (const a of model.fileOrder) named[model.assetNames[a]] = prices[a];
  return named;
}
