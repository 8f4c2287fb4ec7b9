import { liquidityCurve } from "../model/liquidity";
import { filePrices, median, scanLendingBook } from "../model/lendingScan";
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

function medianReceivedByAsset(context: RuleContext, venue: LendingVenue, venueIndex: number): Map<string, number> {
  const book = context.books[venueIndex];
  const received = new Map<string, { values: Float64Array; count: number }>();
  if (!book || book.kind !== "lending") return new Map();
  const threshold = (asset: string) => venue.markets[asset]?.liquidationThreshold ?? 0;
  const fullBelow = fullLiquidationBelowUsdOf(venue);
  // Each collateral asset's market and list, looked up once per run of positions that share it (most books have one).
  let lastAsset = "";
  let last: { bonus: number; fee: number; list: { values: Float64Array; count: number } } | undefined;
  scanLendingBook(book, filePrices(context.file.assets), threshold, (_, position) => {
    const { largestCollateralAsset, largestCollateralUsd, largestDebtAsset, largestDebtUsd } = position;
    if (!largestCollateralAsset || !largestDebtAsset) return;
    if (largestCollateralAsset !== lastAsset) {
      lastAsset = largestCollateralAsset;
      const market = hasName(venue.markets, lastAsset) ? venue.markets[lastAsset] : undefined;
      let list = received.get(lastAsset);
      if (market && !list) received.set(lastAsset, (list = { values: new Float64Array(book.ids.length), count: 0 }));
      last = market && list && { bonus: market.liquidationBonus ?? 0, fee: market.liquidationProtocolFee, list };
    }
    if (!last) return;
    const full = largestDebtUsd < fullBelow || largestCollateralUsd < fullBelow;
    const repay = (full ? 1 : venue.closeFactor) * largestDebtUsd;
    const bonus = last.bonus;
    const seize = Math.min(repay * (1 + bonus), largestCollateralUsd);
    const got = seize - (seize - seize / (1 + bonus)) * last.fee;
    last.list.values[last.list.count++] = got;
  });
  return new Map([...received].map(([asset, { values, count }]) => [asset, median(values.subarray(0, count))]));
}
