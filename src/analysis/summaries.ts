/**
 * Results in words, the same in every front end: the CLI's text reports, the editor's
 * outcome diagnostics, CodeLens and run log, the panel and the HTML report.
 */
import {
  stillLiquidating,
  totalBadDebt,
  totalLiquidations,
  totalStuck,
  totalStuckBadDebt,
  totalUncovered,
  type ScenarioResult,
} from "../engine/results";
import { formatUsd } from "../rules/formatUsd";

export const signedPercent = (fraction: number): string => {
  const text = (fraction * 100).toFixed(1);
  // No sign on what rounds to zero ("+0.0 %" and "-0.0 %" read as moves that did not happen).
  return Number(text) === 0 ? "0.0 %" : `${fraction > 0 ? "+" : ""}${text} %`;
};
export const multiple = (value: number): string => `x${value.toFixed(2)}`;

/** One line per scenario, the same words as the editor's summary diagnostic. */
export function scenarioSummary(result: ScenarioResult): string {
  const moves = Object.entries(result.amplification)
    .map(([asset, amp]) => `${asset} ${signedPercent(result.drawdown[asset])} (${multiple(amp)})`)
    .join(", ");
  const badDebt = totalBadDebt(result);
  const uncovered = totalUncovered(result);
  const stuck = totalStuck(result);
  return [
    `${result.name}: ${moves || "no shocked asset"} after ${result.rounds} round${result.rounds === 1 ? "" : "s"}${result.halted ? ", halted" : stillLiquidating(result) ? " (maxRounds reached while still liquidating: figures are lower bounds)" : ""}`,
    `${totalLiquidations(result)} liquidations, ${formatUsd(result.liquidatedUsd)} liquidated`,
    badDebt > 0 ? `bad debt ${formatUsd(badDebt)}, ${formatUsd(uncovered)} uncovered` : "no bad debt",
    ...(stuck > 0 ? [stuckDebtPhrase(stuck, totalStuckBadDebt(result))] : []),
  ].join("; ");
}

/** Stuck debt with its overlap with bad debt said once, the same words wherever it is shown. */
export function stuckDebtPhrase(stuckUsd: number, ofWhichBadDebtUsd: number): string {
  if (!(ofWhichBadDebtUsd > 0)) return `stuck debt ${formatUsd(stuckUsd)}`;
  if (formatUsd(ofWhichBadDebtUsd) === formatUsd(stuckUsd))
    return `stuck debt ${formatUsd(stuckUsd)}, all of it already bad debt (not backed by collateral)`;
  return `stuck debt ${formatUsd(stuckUsd)}, of which ${formatUsd(ofWhichBadDebtUsd)} is already bad debt (not backed by collateral)`;
}

/** What each mechanism's details are called in words (SPEC 8.5-8.8). */
const DETAIL_WORDS: Record<string, { label: string; usd: boolean }> = {
  reservesUsd: { label: "reserves", usd: true },
  inventoryUsd: { label: "unsold collateral", usd: true },
  keeperRewardsUsd: { label: "keeper rewards", usd: true },
  inAuctionUsd: { label: "debt in auction", usd: true },
  auctionsRunning: { label: "auctions running", usd: false },
  throttled: { label: "vault-rounds throttled", usd: false },
  stabilityPoolLeft: { label: "stability pool left (units)", usd: false },
  poolGainUsd: { label: "pool gain", usd: true },
  redistributedUsd: { label: "redistributed", usd: true },
  backstopUsd: { label: "taken over by the backstop", usd: true },
  backstopLossUsd: { label: "backstop loss", usd: true },
  dealerHedgeUsd: { label: "dealer gamma hedging", usd: true },
  liquidationHedgeUsd: { label: "liquidation hedge unwinds", usd: true },
};

/** A venue's written-off debt and mechanism figures in words ("" when it has none). */
export function mechanismPhrase(venue: { writtenOffUsd: number; details: Record<string, number> }): string {
  const parts = venue.writtenOffUsd > 0 ? [`written off ${formatUsd(venue.writtenOffUsd)}`] : [];
  for (const [key, value] of Object.entries(venue.details)) {
    const words = DETAIL_WORDS[key] ?? { label: key, usd: false };
    parts.push(
      `${words.label} ${words.usd ? formatUsd(value) : value.toLocaleString("en-US", { maximumFractionDigits: 2 })}`,
    );
  }
  return parts.join(", ");
}
