/** Results of SPEC section 5, in the shape of the CLI's JSON (section 7). */
export type AssetNumbers = Record<string, number>;

export interface RoundResult {
  round: number;
  prices: AssetNumbers;
  liquidations: number;
  liquidatedUsd: number;
  unprofitable: number;
}

export interface VenueResult {
  name: string;
  badDebtUsd: number;
  coveredUsd: number;
  uncoveredUsd: number;
  stuckDebtUsd: number;
  liquidations: number;
}

export interface ScenarioResult {
  name: string;
  rounds: number;
  halted: boolean;
  finalPrices: AssetNumbers;
  drawdown: AssetNumbers;
  amplification: AssetNumbers;
  liquidatedUsd: number;
  venues: VenueResult[];
  perRound: RoundResult[];
}

export const totalBadDebt = (result: Pick<ScenarioResult, "venues">): number => result.venues.reduce((sum, v) => sum + v.badDebtUsd, 0);
export const totalUncovered = (result: Pick<ScenarioResult, "venues">): number => result.venues.reduce((sum, v) => sum + v.uncoveredUsd, 0);
export const totalStuck = (result: Pick<ScenarioResult, "venues">): number => result.venues.reduce((sum, v) => sum + v.stuckDebtUsd, 0);
export const totalLiquidations = (result: Pick<ScenarioResult, "venues">): number => result.venues.reduce((sum, v) => sum + v.liquidations, 0);
