import { liquidityCurve } from "../model/liquidity";
import type { Rule } from "./ruleContext";
import { problemAt } from "./ruleContext";
import { formatUsd } from "./formatUsd";

/** CL013: a cap the market cannot absorb: liquidating the capped amount would crash the price. */
export const supplyCapBeyondLiquidity: Rule = {
  code: "CL013",
  severity: "warning",
  title: "supply cap larger than the USD that moves the price 25 %",
  check(context) {
    return context.file.venues.flatMap((venue, v) => {
      if (venue.kind !== "lending") return [];
      return Object.entries(venue.markets).flatMap(([asset, market]) => {
        const liquidity = context.file.assets[asset]?.liquidity;
        if (market.supplyCapUsd === undefined || !liquidity) return [];
        const absorbable = liquidityCurve(liquidity).sizeForImpact(0.25);
        if (!(market.supplyCapUsd > absorbable)) return [];
        return [
          problemAt(
            this,
            context,
            ["venues", v, "markets", asset, "supplyCapUsd"],
            `supplyCapUsd ${formatUsd(market.supplyCapUsd)} for ${asset} exceeds the ${formatUsd(absorbable)} that moves its price 25 % under its ${liquidity.model} liquidity: liquidating the capped collateral would crash the market; lower the cap to at most ${formatUsd(absorbable)}.`,
          ),
        ];
      });
    });
  },
};
