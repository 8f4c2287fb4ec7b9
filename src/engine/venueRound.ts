/**
 * One venue's part of a round and of the results, whatever its kind and style: the state
 * each needs, step 1 dispatched to its rule, and its outcome at final prices (SPEC 4-5 and
 * 8.1-8.8). Section 4's aave rule keeps its indexed fast path (lendingRound.ts).
 */
import type { LiquidityCurve } from "../model/liquidity";
import { liquidateBonusStyleRound } from "./bonusStyles";
import type { CompiledLendingVenue, CompiledOptionsVenue, CompiledPerpsVenue, CompiledVenue } from "./compiledModel";
import { initialOptionsState, liquidateOptionsRound, type OptionsVenueState } from "./optionsRound";
import { initialCompoundState, liquidateCompoundRound, type CompoundState } from "./compoundRound";
import { initialLendingState, lendingOutcome, liquidateLendingRound, type LendingVenueState } from "./lendingRound";
import { initialLiquityState, liquidateLiquityRound, liquityDetails, type LiquityState } from "./liquityRound";
import { initialMakerState, liquidateMakerRound, makerOutcome, type MakerState } from "./makerRound";
import { backstopLossUsd, initialPerpsState, liquidatePerpsRound, type PerpsVenueState } from "./perpsRound";
import type { VenueResult } from "./results";
import type { RoundTally } from "./roundTally";

export type VenueState = (
  | {
      kind: "lending";
      lending: LendingVenueState;
      compound?: CompoundState;
      maker?: MakerState;
      liquity?: LiquityState;
    }
  | { kind: "perps"; perps: PerpsVenueState }
  | { kind: "options"; options: OptionsVenueState }
) & { mechanismRounds: Record<string, number>[] };

export function initialVenueState(venue: CompiledVenue, volShocks: Readonly<Record<string, number>> = {}): VenueState {
  const mechanismRounds: Record<string, number>[] = [];
  if (venue.kind === "options")
    return { kind: "options", options: initialOptionsState(venue, volShocks), mechanismRounds };
  if (venue.kind === "perps") return { kind: "perps", perps: initialPerpsState(venue), mechanismRounds };
  const lending = initialLendingState(venue);
  const style = venue.style.name;
  if (style === "compound") return { kind: "lending", lending, compound: initialCompoundState(venue), mechanismRounds };
  if (style === "maker") return { kind: "lending", lending, maker: initialMakerState(venue), mechanismRounds };
  if (style === "liquity") return { kind: "lending", lending, liquity: initialLiquityState(venue), mechanismRounds };
  return { kind: "lending", lending, mechanismRounds };
}

/** After a round: the mechanism's figures at the round's prices, for the panel (nothing for venues without one). */
export function recordMechanismRound(venue: CompiledVenue, state: VenueState, prices: Float64Array): void {
  if (state.kind === "perps") {
    if (venue.kind === "perps" && venue.backstop) state.mechanismRounds.push({ backstopUsd: state.perps.backstopUsd });
    return;
  }
  if (state.kind === "options") {
    // The round's own flows (the totals are the venue's details).
    const options = state.options;
    state.mechanismRounds.push({
      dealerHedgeUsd: options.dealerHedgeUsd - options.recorded.dealerHedgeUsd,
      liquidationHedgeUsd: options.liquidationHedgeUsd - options.recorded.liquidationHedgeUsd,
    });
    options.recorded = { dealerHedgeUsd: options.dealerHedgeUsd, liquidationHedgeUsd: options.liquidationHedgeUsd };
    return;
  }
  if (state.compound) {
    let inventoryUsd = 0;
    state.compound.inventory.forEach((amount, a) => (inventoryUsd += amount * prices[a]));
    state.mechanismRounds.push({ reservesUsd: state.compound.reservesUsd, inventoryUsd });
  } else if (state.maker) {
    const maker = state.maker;
    const hole =
      venue.kind === "lending" && venue.style.name === "maker" ? venue.style.holeUsd : Number.POSITIVE_INFINITY;
    state.mechanismRounds.push({
      auctionsRunning: maker.auctions.length,
      throttled: maker.throttled,
      ...(Number.isFinite(hole) && hole > 0 ? { holeUtilisation: maker.dirtUsd / hole } : {}),
    });
  } else if (state.liquity) {
    state.mechanismRounds.push({
      stabilityPoolLeft: state.liquity.stabilityPool,
      redistributedUsd: state.liquity.redistributedUsd,
    });
  }
}

export function liquidateVenueRound(
  venue: CompiledVenue,
  state: VenueState,
  oracle: Float64Array,
  liquidity: readonly LiquidityCurve[],
  tally: RoundTally,
  initialPrices: Float64Array = oracle,
): void {
  if (venue.kind === "perps" && state.kind === "perps") return liquidatePerpsRound(venue, state.perps, oracle, tally);
  if (venue.kind === "options" && state.kind === "options")
    return liquidateOptionsRound(venue, state.options, oracle, initialPrices, tally);
  if (venue.kind !== "lending" || state.kind !== "lending") return;
  if (state.compound) return liquidateCompoundRound(venue, state.lending, state.compound, oracle, liquidity, tally);
  if (state.maker) return liquidateMakerRound(venue, state.lending, state.maker, oracle, liquidity, tally);
  if (state.liquity) return liquidateLiquityRound(venue, state.lending, state.liquity, oracle, tally);
  if (venue.style.name === "aave") return liquidateLendingRound(venue, state.lending, oracle, liquidity, tally);
  liquidateBonusStyleRound(venue, state.lending, oracle, liquidity, tally);
}

/** Section 5's figures and 8.1's written-off debt and details, at final prices. */
export function venueOutcome(venue: CompiledVenue, state: VenueState, final: Float64Array): VenueResult {
  if (venue.kind === "options" && state.kind === "options")
    return optionsVenueOutcome(venue, state.options, state.mechanismRounds);
  return venue.kind === "lending" && state.kind === "lending"
    ? lendingVenueOutcome(venue, state, final)
    : perpsVenueOutcome(
        venue as CompiledPerpsVenue,
        (state as Extract<VenueState, { kind: "perps" }>).perps,
        final,
        state.mechanismRounds,
      );
}

function lendingVenueOutcome(
  venue: CompiledLendingVenue,
  state: Extract<VenueState, { kind: "lending" }>,
  final: Float64Array,
): VenueResult {
  const lending = state.lending;
  const { badDebtUsd: underwaterUsd, stuckDebtUsd } = lendingOutcome(venue, lending, final);
  let badDebtUsd = lending.writtenOffUsd + underwaterUsd;
  let details: Record<string, number> = {};
  let coveredUsd: number;
  if (state.maker) {
    const outcome = makerOutcome(state.maker, final);
    badDebtUsd += outcome.extraBadDebtUsd;
    details = outcome.details;
  }
  if (state.liquity) details = liquityDetails(state.liquity);
  if (state.compound) {
    // The reserves, counting unsold inventory at final prices, bear the loss (SPEC 8.5).
    let inventoryUsd = 0;
    state.compound.inventory.forEach((amount, a) => (inventoryUsd += amount * final[a]));
    const uncoveredUsd = Math.min(badDebtUsd, Math.max(0, -(state.compound.reservesUsd + inventoryUsd)));
    coveredUsd = badDebtUsd - uncoveredUsd;
    details = { reservesUsd: state.compound.reservesUsd, inventoryUsd };
  } else coveredUsd = Math.min(badDebtUsd, venue.insuranceFundUsd + lending.feesUsd);
  return {
    name: venue.name,
    badDebtUsd,
    coveredUsd,
    uncoveredUsd: badDebtUsd - coveredUsd,
    stuckDebtUsd,
    liquidations: lending.liquidations,
    repaidUsd: lending.repaidUsd,
    writtenOffUsd: lending.writtenOffUsd,
    details,
    mechanismRounds: state.mechanismRounds,
  };
}

function perpsVenueOutcome(
  venue: CompiledPerpsVenue,
  state: PerpsVenueState,
  final: Float64Array,
  mechanismRounds: Record<string, number>[],
): VenueResult {
  let badDebtUsd = state.badDebtUsd;
  let details: Record<string, number> = {};
  if (venue.backstop) {
    const lossUsd = backstopLossUsd(state, final);
    badDebtUsd += Math.max(0, lossUsd - venue.backstop.capitalUsd);
    details = { backstopUsd: state.backstopUsd, backstopLossUsd: lossUsd };
  }
  const coveredUsd = Math.min(badDebtUsd, venue.insuranceFundUsd + state.feesUsd);
  return {
    name: venue.name,
    badDebtUsd,
    coveredUsd,
    uncoveredUsd: badDebtUsd - coveredUsd,
    stuckDebtUsd: 0,
    liquidations: state.liquidations,
    repaidUsd: 0,
    writtenOffUsd: 0,
    details,
    mechanismRounds,
  };
}

/** SPEC 8.9: bad debt, fees and coverage as perps; the dealers' hedge flows as details. */
function optionsVenueOutcome(
  venue: CompiledOptionsVenue,
  state: OptionsVenueState,
  mechanismRounds: Record<string, number>[],
): VenueResult {
  const coveredUsd = Math.min(state.badDebtUsd, venue.insuranceFundUsd + state.feesUsd);
  return {
    name: venue.name,
    badDebtUsd: state.badDebtUsd,
    coveredUsd,
    uncoveredUsd: state.badDebtUsd - coveredUsd,
    stuckDebtUsd: 0,
    liquidations: state.liquidations,
    repaidUsd: 0,
    writtenOffUsd: 0,
    details: { dealerHedgeUsd: state.dealerHedgeUsd, liquidationHedgeUsd: state.liquidationHedgeUsd },
    mechanismRounds,
  };
}
