/**
 * The economic rules of SPEC 8.10 for the version 2 styles: Morpho's toxic incentive
 * (CL011), each style's incentive below the cost of selling what it seizes (CL012),
 * Euler's largest discount lowering the health score (CL014), and Maker auctions that
 * restart before their price ever falls below the oracle's (CL015).
 */
import { morphoIncentive } from "../model/styles";
import { liquidityCurve } from "../model/liquidity";
import type { LendingVenue } from "../model/schema";
import { formatUsd } from "./formatUsd";
import type { Rule, RuleContext } from "./ruleContext";
import { percent, plain, problemAt, roundDown } from "./ruleContext";
import { median } from "../model/median";

type Style<S extends string> = Extract<NonNullable<LendingVenue["liquidation"]>, { style: S }>;

function lendingVenues<S extends string>(
  context: RuleContext,
  style: S,
): { venue: LendingVenue; v: number; liquidation: Style<S> }[] {
  return context.file.venues.flatMap((venue, v) =>
    venue.kind === "lending" && venue.liquidation?.style === style
      ? [{ venue, v, liquidation: venue.liquidation as Style<S> }]
      : [],
  );
}

/** CL011 for morpho: LT x LIF >= 1, so a liquidation lowers the health factor. */
export const morphoToxicIncentive: Rule = {
  code: "CL011",
  severity: "error",
  title: "morpho: liquidationThreshold x incentive factor must be below 1",
  check(context) {
    return lendingVenues(context, "morpho").flatMap(({ venue, v, liquidation }) =>
      Object.entries(venue.markets).flatMap(([asset, market]) => {
        const incentive = morphoIncentive(liquidation, market.liquidationThreshold);
        const product = market.liquidationThreshold * incentive;
        if (!(product >= 1) || market.liquidationThreshold === 0) return [];
        return [
          problemAt(
            this,
            context,
            ["venues", v, "markets", asset, "liquidationThreshold"],
            `LLTV ${plain(market.liquidationThreshold)} x incentive factor ${plain(incentive)} = ${plain(product)} >= 1 for ${asset} in "${venue.name}": each liquidation lowers the health factor; lower the LLTV or the incentive cap.`,
          ),
        ];
      }),
    );
  },
};

/** The median collateral value (USD at file prices) of the venue's positions, per collateral asset. */
function medianCollateralByAsset(context: RuleContext, v: number): Map<string, number> {
  const book = context.books[v];
  const result = new Map<string, number>();
  if (!book || book.kind !== "lending") return result;
  book.collateralAssets.forEach((asset, c) => {
    const price = context.file.assets[asset]?.price;
    if (price === undefined) return;
    const values = Float64Array.from(
      book.collateral[c].filter((amount) => amount > 0),
      (amount) => amount * price,
    );
    if (values.length > 0) result.set(asset, median(values));
  });
  return result;
}

/** CL012 for morpho, euler and compound: the incentive below the cost of selling the median position's collateral. */
export const styleIncentiveBelowCost: Rule = {
  code: "CL012",
  severity: "warning",
  title: "the style's liquidation incentive is below the execution cost of selling a typical seized amount",
  check(context) {
    const problems = [];
    for (const [v, venue] of context.file.venues.entries()) {
      if (venue.kind !== "lending" || !venue.liquidation) continue;
      const liquidation = venue.liquidation;
      const medians = medianCollateralByAsset(context, v);
      for (const [asset, market] of Object.entries(venue.markets)) {
        const medianUsd = medians.get(asset);
        const liquidity = context.file.assets[asset]?.liquidity;
        if (medianUsd === undefined || !liquidity) continue;
        const cost = liquidityCurve(liquidity).cost(medianUsd);
        let incentive: number;
        let path: (string | number)[];
        let name: string;
        if (liquidation.style === "morpho") {
          incentive = morphoIncentive(liquidation, market.liquidationThreshold) - 1;
          path = ["venues", v, "markets", asset, "liquidationThreshold"];
          name = "the incentive factor's premium (LIF - 1)";
        } else if (liquidation.style === "euler") {
          incentive = liquidation.maxDiscount;
          path = ["venues", v, "liquidation", "maxDiscount"];
          name = "maxDiscount";
        } else if (liquidation.style === "compound" && market.liquidationFactor !== undefined) {
          incentive = liquidation.storeFrontPriceFactor * (1 - market.liquidationFactor);
          path = ["venues", v, "markets", asset, "liquidationFactor"];
          name = "the storefront discount storeFrontPriceFactor x (1 - liquidationFactor)";
        } else continue;
        if (!(incentive < cost)) continue;
        problems.push(
          problemAt(
            this,
            context,
            path,
            `${name} ${percent(incentive)} for ${asset} in "${venue.name}" is below the ${percent(cost)} execution cost of selling the median position's collateral (${formatUsd(medianUsd)}) under its ${liquidity.model} liquidity: liquidators (or storefront buyers) lose money and leave it.`,
          ),
        );
      }
    }
    return problems;
  },
};

/** CL014: at the largest discount, an Euler liquidation lowers the health score. */
export const eulerDiscountTooLarge: Rule = {
  code: "CL014",
  severity: "warning",
  title: "euler: maxDiscount >= 1 - liquidation LTV",
  check(context) {
    return lendingVenues(context, "euler").flatMap(({ venue, v, liquidation }) =>
      Object.entries(venue.markets)
        .filter(
          ([, market]) => market.liquidationThreshold > 0 && liquidation.maxDiscount >= 1 - market.liquidationThreshold,
        )
        .map(([asset, market]) => {
          const path = ["venues", v, "liquidation", "maxDiscount"];
          const bound = roundDown(1 - market.liquidationThreshold, 4);
          return {
            ...problemAt(
              this,
              context,
              path,
              `maxDiscount ${percent(liquidation.maxDiscount)} >= 1 - liquidation LTV of ${asset} (${percent(1 - market.liquidationThreshold)}) in "${venue.name}": at the largest discount a liquidation lowers the account's health score; keep it below ${percent(bound)}.`,
            ),
            fixes: [
              {
                title: `Set maxDiscount to ${bound}`,
                range: context.doc.rangeOf(path),
                newText: String(bound),
                preferred: true,
              },
            ],
          };
        }),
    );
  },
};

/** CL015: a Maker auction that restarts before its price falls below the oracle price never sells. */
export const makerResetTooEarly: Rule = {
  code: "CL015",
  severity: "warning",
  title: "maker: the auction price never falls below the oracle price before a reset",
  check(context) {
    return lendingVenues(context, "maker").flatMap(({ venue, v, liquidation }) => {
      const { startMultiplier, decayPerRound, resetAfterRounds, resetBelow } = liquidation;
      const problems = [];
      if (resetAfterRounds !== null && startMultiplier * decayPerRound ** resetAfterRounds >= 1)
        problems.push(
          problemAt(
            this,
            context,
            ["venues", v, "liquidation", "resetAfterRounds"],
            `In "${venue.name}" the auction price is still ${plain(startMultiplier * decayPerRound ** resetAfterRounds)} x the oracle after ${resetAfterRounds} rounds, when it restarts: no keeper buys above the oracle price, so auctions never end. Raise resetAfterRounds above ${Math.ceil(Math.log(1 / startMultiplier) / Math.log(decayPerRound))} or decay faster.`,
          ),
        );
      if (resetBelow !== null && startMultiplier * resetBelow >= 1)
        problems.push(
          problemAt(
            this,
            context,
            ["venues", v, "liquidation", "resetBelow"],
            `In "${venue.name}" startMultiplier ${plain(startMultiplier)} x resetBelow ${plain(resetBelow)} >= 1: the auction restarts before its price falls below the oracle's, so no keeper ever buys. Lower resetBelow below ${plain(1 / startMultiplier)}.`,
          ),
        );
      return problems;
    });
  },
};
