/** Results of SPEC section 5, in the shape of the CLI's JSON (section 7). */
import type * as z from "zod";
import type { roundResultSchema, scenarioResultSchema, venueResultSchema } from "./resultSchemas";

export type AssetNumbers = Record<string, number>;

export type RoundResult = z.infer<typeof roundResultSchema>;
export type VenueResult = z.infer<typeof venueResultSchema>;
export type ScenarioResult = z.infer<typeof scenarioResultSchema>;

export const totalBadDebt = (result: Pick<ScenarioResult, "venues">): number =>
  result.venues.reduce((sum, v) => sum + v.badDebtUsd, 0);
export const totalUncovered = (result: Pick<ScenarioResult, "venues">): number =>
  result.venues.reduce((sum, v) => sum + v.uncoveredUsd, 0);
export const totalStuck = (result: Pick<ScenarioResult, "venues">): number =>
  result.venues.reduce((sum, v) => sum + v.stuckDebtUsd, 0);
/**
 * The part of stuck debt that is also bad debt. A lending position whose debt exceeds its
 * collateral has HF < 1, so at the end of a run all lending bad debt is stuck debt too
 * (perps venues have no stuck debt): the two figures overlap, and readers must be told by
 * how much rather than see two problems where there is one.
 */
export const stuckBadDebt = (venue: Pick<VenueResult, "stuckDebtUsd" | "badDebtUsd">): number =>
  Math.min(venue.stuckDebtUsd, venue.badDebtUsd);
export const totalStuckBadDebt = (result: Pick<ScenarioResult, "venues">): number =>
  result.venues.reduce((sum, v) => sum + stuckBadDebt(v), 0);

/** `partUsd` as a share of the debt that became liquidatable (stuck plus repaid); 0 when none did. */
export const untakenFraction = (partUsd: number, stuckUsd: number, repaidUsd: number): number =>
  stuckUsd + repaidUsd > 0 ? partUsd / (stuckUsd + repaidUsd) : 0;
/**
 * Of the lending debt the cascade made liquidatable, the share no liquidator took: stuck
 * debt over stuck debt plus the debt liquidators repaid. 0 when nothing became
 * liquidatable. (A position partly liquidated and then healthy counts for what was repaid.)
 */
export function untakenShare(result: Pick<ScenarioResult, "venues">): {
  share: number;
  stuckUsd: number;
  liquidatableUsd: number;
} {
  const stuckUsd = totalStuck(result);
  const repaidUsd = result.venues.reduce((sum, v) => sum + v.repaidUsd, 0);
  return { share: untakenFraction(stuckUsd, stuckUsd, repaidUsd), stuckUsd, liquidatableUsd: stuckUsd + repaidUsd };
}

export const totalLiquidations = (result: Pick<ScenarioResult, "venues">): number =>
  result.venues.reduce((sum, v) => sum + v.liquidations, 0);

/**
 * The run stopped at maxRounds while positions were still being liquidated (SPEC: a run
 * stops after a round without liquidations, at maxRounds, or when halted): its figures
 * are lower bounds of the full cascade.
 */
export const stillLiquidating = (result: Pick<ScenarioResult, "halted" | "perRound">): boolean =>
  !result.halted && (result.perRound[result.perRound.length - 1]?.liquidations ?? 0) > 0;
