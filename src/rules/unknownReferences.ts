/** CL003: a name that points at nothing (asset, market, contagion target, scenario shock, curve asset). */
import type { Problem } from "../model/problem";
import type { RuleContext } from "./ruleContext";
import { closestName } from "./closestName";
import { problemAt } from "./ruleContext";
import { debtWithoutMarket } from "../model/styles";

/** The problem, with a quick fix to the closest known name when the unknown one looks like a typo. */
function withTypoFix(problem: Problem, unknown: string, known: Iterable<string>): Problem {
  const suggestion = closestName(unknown, known);
  return suggestion
    ? {
        ...problem,
        message: `${problem.message} Did you mean "${suggestion}"?`,
        fixes: [{ title: `Change to "${suggestion}"`, range: problem.range, newText: suggestion, preferred: true }],
      }
    : problem;
}

const CL003 = { code: "CL003", severity: "error" as const };

export function unknownReferenceProblems(context: RuleContext): Problem[] {
  const { file } = context;
  const problems: Problem[] = [];
  const assets = new Set(Object.keys(file.assets));
  const assetList = [...assets].join(", ");
  /** A CL003 on `path`, with a quick fix when `name` looks like a typo of one of `known`. */
  const unknown = (
    path: (string | number)[],
    message: string,
    name: string,
    known: Iterable<string>,
    preferKey = false,
  ) => problems.push(withTypoFix(problemAt(CL003, context, path, message, preferKey), name, known));
  const unknownAsset = (path: (string | number)[], asset: string, preferKey: boolean, what: string) =>
    unknown(path, `${what} names unknown asset "${asset}"; known assets: ${assetList}.`, asset, assets, preferKey);

  for (const [symbol, asset] of Object.entries(file.assets)) {
    for (const target of Object.keys(asset.contagion ?? {})) {
      if (!assets.has(target))
        unknownAsset(["assets", symbol, "contagion", target], target, true, `Contagion of ${symbol}`);
    }
  }
  file.venues.forEach((venue, v) => {
    const venuePath = ["venues", v];
    if (venue.kind === "lending") {
      for (const symbol of Object.keys(venue.markets)) {
        if (!assets.has(symbol))
          unknownAsset([...venuePath, "markets", symbol], symbol, true, `Market of venue "${venue.name}"`);
      }
      const markets = new Set(Object.keys(venue.markets));
      const noMarket = (path: (string | number)[], asset: string, preferKey = true) =>
        unknown(
          path,
          `Asset "${asset}" has no market in venue "${venue.name}"; add markets.${asset} or use one of: ${[...markets].join(", ")}.`,
          asset,
          markets,
          preferKey,
        );
      // SPEC 8.1: the debt asset of compound, maker and liquity needs no market, only to be an asset of the file.
      const debtNeedsMarket = !debtWithoutMarket(venue);
      const noDebtMarket = (path: (string | number)[], asset: string, preferKey = true) => {
        if (debtNeedsMarket) noMarket(path, asset, preferKey);
        else if (!assets.has(asset)) unknownAsset(path, asset, preferKey, `Debt of venue "${venue.name}"`);
      };
      if (Array.isArray(venue.positions)) {
        venue.positions.forEach((position, p) => {
          for (const asset of Object.keys(position.collateral))
            if (!markets.has(asset)) noMarket([...venuePath, "positions", p, "collateral", asset], asset);
          for (const asset of Object.keys(position.debt))
            if (!markets.has(asset)) noDebtMarket([...venuePath, "positions", p, "debt", asset], asset);
        });
      } else if ("synthetic" in venue.positions) {
        const { collateral, debt } = venue.positions.synthetic;
        if (!markets.has(collateral))
          noMarket([...venuePath, "positions", "synthetic", "collateral"], collateral, false);
        if (!markets.has(debt)) noDebtMarket([...venuePath, "positions", "synthetic", "debt"], debt, false);
      }
    } else {
      for (const [name, market] of Object.entries(venue.markets)) {
        if (!assets.has(market.asset))
          unknownAsset([...venuePath, "markets", name, "asset"], market.asset, false, `Market ${name}`);
      }
      const markets = new Set(Object.keys(venue.markets));
      const unknownMarket = (path: (string | number)[], market: string) =>
        unknown(
          path,
          `Unknown market "${market}" in venue "${venue.name}"; its markets: ${[...markets].join(", ")}.`,
          market,
          markets,
        );
      if (Array.isArray(venue.positions)) {
        venue.positions.forEach((position, p) => {
          if (!markets.has(position.market)) unknownMarket([...venuePath, "positions", p, "market"], position.market);
        });
      } else if ("synthetic" in venue.positions && !markets.has(venue.positions.synthetic.market)) {
        unknownMarket([...venuePath, "positions", "synthetic", "market"], venue.positions.synthetic.market);
      }
    }
  });
  // SPEC 8.9: volShocks name options markets; each shocked volatility must stay > 0.
  const optionsMarkets = new Map<string, number[]>();
  for (const venue of file.venues)
    if (venue.kind === "options")
      for (const [name, market] of Object.entries(venue.markets))
        optionsMarkets.set(name, [...(optionsMarkets.get(name) ?? []), market.volatility]);
  file.scenarios.forEach((scenario, s) => {
    for (const asset of Object.keys(scenario.shocks)) {
      if (!assets.has(asset))
        unknownAsset(["scenarios", s, "shocks", asset], asset, true, `Scenario "${scenario.name}"`);
    }
    for (const [market, shock] of Object.entries(scenario.volShocks ?? {})) {
      const volatilities = optionsMarkets.get(market);
      const path = ["scenarios", s, "volShocks", market];
      if (!volatilities)
        unknown(
          path,
          `Scenario "${scenario.name}" shocks the volatility of unknown options market "${market}"; options markets: ${[...optionsMarkets.keys()].join(", ") || "none"}.`,
          market,
          optionsMarkets.keys(),
          true,
        );
      else if (volatilities.some((volatility) => !(volatility + shock > 0)))
        problems.push({
          ...problemAt(CL003, context, path, ""),
          code: "CL002",
          message: `The volatility shock ${shock} takes ${market}'s volatility to ${Math.min(...volatilities) + shock}: it must stay above 0.`,
        });
    }
  });
  for (const [first, row] of Object.entries(file.correlations ?? {})) {
    if (!assets.has(first)) unknownAsset(["correlations", first], first, true, "correlations");
    for (const second of Object.keys(row))
      if (!assets.has(second)) unknownAsset(["correlations", first, second], second, true, `correlations of ${first}`);
  }
  const curveAsset = file.simulation.curve.asset;
  if (curveAsset !== null && !assets.has(curveAsset))
    unknownAsset(["simulation", "curve", "asset"], curveAsset, false, "The curve");
  return problems;
}
