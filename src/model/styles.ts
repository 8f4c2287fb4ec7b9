/**
 * What version 2 adds to reading a venue: its liquidation style with the defaults that
 * depend on it, and the maintenance margin of a perps market with tiers (SPEC 8.1, 8.8).
 */
import type { LendingVenue, PerpsMarket } from "./schema";

export type StyleName = NonNullable<LendingVenue["liquidation"]>["style"];

export const styleOf = (venue: Pick<LendingVenue, "liquidation">): StyleName => venue.liquidation?.style ?? "aave";

/** The styles that pay liquidators a bonus on seized collateral (market liquidationBonus, protocol fee, close factor). */
export const isAaveStyle = (style: StyleName): boolean => style === "aave" || style === "aave-v3.3";

/** compound, maker and liquity lend one asset that needs no market of its own (SPEC 8.1). */
export const debtWithoutMarket = (venue: Pick<LendingVenue, "liquidation">): boolean =>
  ["compound", "maker", "liquity"].includes(styleOf(venue));

/** Aave v3.3 sets $2,000 where section 4 has no such rule (0). */
export const fullLiquidationBelowUsdOf = (
  venue: Pick<LendingVenue, "liquidation" | "fullLiquidationBelowUsd">,
): number => venue.fullLiquidationBelowUsd ?? (styleOf(venue) === "aave-v3.3" ? 2000 : 0);

/** The maintenance margin rate at the smallest notional: the market's own, or its first tier's. */
export const baseMaintenanceMargin = (market: Pick<PerpsMarket, "maintenanceMargin" | "maintenanceTiers">): number =>
  market.maintenanceMargin ?? market.maintenanceTiers?.[0]?.[1] ?? Number.NaN;

/**
 * Tiers compiled for MR(N) = N·rate_n - cum_n, continuous across floors:
 * cum_0 = 0, cum_n = cum_(n-1) + floor_n·(rate_n - rate_(n-1)).
 */
export interface CompiledTiers {
  floors: Float64Array;
  rates: Float64Array;
  cums: Float64Array;
}

export function compileTiers(tiers: readonly (readonly [number, number])[]): CompiledTiers {
  const floors = Float64Array.from(tiers, (tier) => tier[0]);
  const rates = Float64Array.from(tiers, (tier) => tier[1]);
  const cums = new Float64Array(tiers.length);
  for (let n = 1; n < tiers.length; n++) cums[n] = cums[n - 1] + floors[n] * (rates[n] - rates[n - 1]);
  return { floors, rates, cums };
}

/** MR(N) with tiers: the last tier whose floor is at most N. */
export function tieredRequirement(tiers: CompiledTiers, notionalUsd: number): number {
  let n = 0;
  while (n + 1 < tiers.floors.length && tiers.floors[n + 1] <= notionalUsd) n++;
  return notionalUsd * tiers.rates[n] - tiers.cums[n];
}

/** A perps market's maintenance requirement at a notional, with or without tiers. */
export function maintenanceRequirement(
  market: Pick<PerpsMarket, "maintenanceMargin" | "maintenanceTiers">,
  notionalUsd: number,
): number {
  return market.maintenanceTiers
    ? tieredRequirement(compileTiers(market.maintenanceTiers), notionalUsd)
    : notionalUsd * baseMaintenanceMargin(market);
}

/** LIF = min(maxIncentiveFactor, 1 / (1 - cursor·(1 - LLTV))). */
export function morphoIncentive(style: { maxIncentiveFactor: number; cursor: number }, lltv: number): number {
  return Math.min(style.maxIncentiveFactor, 1 / (1 - style.cursor * (1 - lltv)));
}
