import { liquidityCurve } from "../model/liquidity";
import { filePrices, scanLendingBook, singlePairColumns } from "../model/lendingScan";
import { median } from "../model/median";
import { WindowedMedian } from "../model/windowedMedian";
import { CHUNK, forEachChunk } from "../model/chunks";
import type { LendingVenue } from "../model/schema";
import type { Rule, RuleContext } from "./ruleContext";
import { percent, problemAt } from "./ruleContext";
import { formatUsd } from "./formatUsd";
import { fullLiquidationBelowUsdOf } from "../model/styles";
import { hasName } from "../model/names";

/**
 * CL012: if the bonus does not pay for selling what is seized, liquidators walk away and
 * the debt sits underwater (the CRV-2022 pattern). The "typical seized amount" is the
 * median, over positions whose largest collateral is this asset, of what one liquidation
 * at file prices would hand the liquidator (close factor, seize cap and protocol fee applied).
 */
export const bonusBelowExecutionCost: Rule = {
  code: "CL012",
  severity: "warning",
  title: "liquidationBonus below the execution cost of selling a typical seized amount",
  check(context) {
    return context.file.venues.flatMap((venue, v) => {
      if (venue.kind !== "lending" || !context.books[v] || context.books[v]?.kind !== "lending") return [];
      const received = medianReceivedByAsset(context, venue, v);
      return Object.entries(venue.markets).flatMap(([asset, market]) => {
        const medianUsd = received.get(asset);
        const liquidity = context.file.assets[asset]?.liquidity;
        // The bonus form of the rule (aave styles); other styles' incentives are checked in styleRules.ts.
        if (medianUsd === undefined || !liquidity || market.liquidationBonus === undefined) return [];
        const cost = liquidityCurve(liquidity).cost(medianUsd);
        if (!(market.liquidationBonus < cost)) return [];
        return [
          problemAt(
            this,
            context,
            ["venues", v, "markets", asset, "liquidationBonus"],
            `liquidationBonus ${percent(market.liquidationBonus)} for ${asset} is below the ${percent(cost)} execution cost of selling the median seized amount (${formatUsd(medianUsd)}) under its ${liquidity.model} liquidity: liquidators lose money and will leave positions underwater; raise the bonus above ${percent(cost)} or model deeper liquidity.`,
          ),
        ];
      });
    });
  },
};

/** Positions sampled to place the median's window (windowedMedian.ts). */
const MEDIAN_SAMPLE = 4096;

export function medianReceivedByAsset(
  context: RuleContext,
  venue: LendingVenue,
  venueIndex: number,
): Map<string, number> {
  const book = context.books[venueIndex];
  if (!book || book.kind !== "lending") return new Map();
  const threshold = (asset: string) => venue.markets[asset]?.liquidationThreshold ?? 0;
  const fullBelow = fullLiquidationBelowUsdOf(venue);
  const terms = (asset: string): LiquidationTerms | undefined => {
    const market = hasName(venue.markets, asset) ? venue.markets[asset] : undefined;
    return (
      market && {
        bonus: market.liquidationBonus ?? 0,
        fee: market.liquidationProtocolFee,
        closeFactor: venue.closeFactor,
        fullBelow,
      }
    );
  };
  const prices = filePrices(context.file.assets);
  const pair = singlePairColumns(book, prices, threshold);
  if (pair) {
    // The loop below for a book of one pair: the same positions in the same order, without a call each.
    const market = terms(pair.collateral.asset);
    if (!market) return new Map();
    const positions = book.ids.length;
    const into = (numbers: Float64Array, from: number, to: number, step = 1) =>
      receivedInto(numbers, market, pair.collateral, pair.debt, from, to, step);
    // First in one pass through a window that a sample of evenly spaced positions places; all the numbers if it cannot tell.
    const step = Math.max(1, Math.floor(positions / MEDIAN_SAMPLE));
    const sample = new Float64Array(Math.ceil(positions / step));
    const window = WindowedMedian.around(sample.subarray(0, into(sample, 0, positions, step)), positions);
    let found: number | undefined;
    if (window) {
      const numbers = new Float64Array(CHUNK);
      forEachChunk(positions, (from, to) => window.add(numbers, into(numbers, from, to)));
      found = window.median();
    }
    if (found === undefined) {
      const values = new Float64Array(positions);
      const count = into(values, 0, positions);
      if (count > 0) found = median(values.subarray(0, count));
    }
    return found === undefined ? new Map() : new Map([[pair.collateral.asset, found]]);
  }
  const lists = new Map<string, { values: Float64Array; count: number }>();
  // Each collateral asset's market and list, looked up once per run of positions that share it (most books have one).
  let lastAsset = "";
  let last: { market: LiquidationTerms; list: { values: Float64Array; count: number } } | undefined;
  scanLendingBook(book, prices, threshold, (_, position) => {
    const { largestCollateralAsset, largestCollateralUsd, largestDebtAsset, largestDebtUsd } = position;
    if (!largestCollateralAsset || !largestDebtAsset) return;
    if (largestCollateralAsset !== lastAsset) {
      lastAsset = largestCollateralAsset;
      const market = terms(lastAsset);
      let list = lists.get(lastAsset);
      if (market && !list) lists.set(lastAsset, (list = { values: new Float64Array(book.ids.length), count: 0 }));
      last = market && list && { market, list };
    }
    if (!last) return;
    last.list.values[last.list.count++] = received(last.market, largestCollateralUsd, largestDebtUsd);
  });
  return new Map([...lists].map(([asset, { values, count }]) => [asset, median(values.subarray(0, count))]));
}

/**
 * What one liquidation would hand the liquidator, for every `step`-th position of
 * [from, to) that has collateral and debt, written to `numbers` from its start; returns
 * how many. The sample, each chunk of the window's pass, and the fallback all read it here.
 */
function receivedInto(
  numbers: Float64Array,
  terms: LiquidationTerms,
  collateral: { amounts: Float64Array; price: number },
  debt: { amounts: Float64Array; price: number },
  from: number,
  to: number,
  step: number,
): number {
  const { amounts: collateralAmounts, price: collateralPrice } = collateral;
  const { amounts: debtAmounts, price: debtPrice } = debt;
  let count = 0;
  for (let i = from; i < to; i += step)
    if (collateralAmounts[i] > 0 && debtAmounts[i] > 0)
      numbers[count++] = received(terms, collateralAmounts[i] * collateralPrice, debtAmounts[i] * debtPrice);
  return count;
}

interface LiquidationTerms {
  bonus: number;
  fee: number;
  closeFactor: number;
  fullBelow: number;
}

/** What one liquidation at file prices hands the liquidator: close factor, seize cap and protocol fee applied. */
function received(terms: LiquidationTerms, collateralUsd: number, debtUsd: number): number {
  const full = debtUsd < terms.fullBelow || collateralUsd < terms.fullBelow;
  const repay = (full ? 1 : terms.closeFactor) * debtUsd;
  const seize = Math.min(repay * (1 + terms.bonus), collateralUsd);
  return seize - (seize - seize / (1 + terms.bonus)) * terms.fee;
}
