/**
 * What a hover shows on a parameter: the numbers a designer would otherwise work out by
 * hand, computed from the file at its own prices. Pure: the hover provider only places it.
 */
import { multiple } from "./summaries";
import type { LendingBook, OptionsBook } from "../model/book";
import { lendingAmounts, positionId } from "../model/book";
import { criticalCollateralPrice, lendingHealthFactor, perpsLiquidationPrice, perpsMargin } from "../model/health";
import { liquidityCurve } from "../model/liquidity";
import { filePrices } from "../model/lendingScan";
import type { LendingVenue, OptionsVenue, PerpsVenue, RiskFile } from "../model/schema";
import type { JsonPath } from "../parse/jsonDocument";
import { formatUsd } from "../rules/formatUsd";
import type { ResolvedRiskFile } from "../rules/validate";
import { baseMaintenanceMargin, maintenanceRequirement } from "../model/styles";
import { morphoIncentive } from "../model/styles";
import { optionsAtFilePrices } from "../engine/compiledModel";
import { optionMargin } from "../engine/optionsRound";
import { optionDelta, optionGreeks, optionValue, sigmaAt } from "../model/blackScholes";

const pct = (fraction: number, digits = 2) => `${(fraction * 100).toFixed(digits)} %`;
const usdPrice = (price: number) => `$${price.toLocaleString("en-US", { maximumSignificantDigits: 6 })}`;

export function parameterInsight(resolved: ResolvedRiskFile, path: JsonPath): string[] {
  const { file } = resolved;
  const [section, index, part, name] = path;
  if (section === "assets" && typeof index === "string" && file.assets[index]) return assetInsight(file, index);
  if (section !== "venues" || typeof index !== "number") return [];
  const venue = file.venues[index];
  if (!venue) return [];
  if (part === "markets" && typeof name === "string") {
    if (venue.kind === "options") return optionsMarketInsight(resolved, venue, index, name);
    return venue.kind === "lending"
      ? lendingMarketInsight(resolved, venue, index, name)
      : perpsMarketInsight(file, venue, name);
  }
  if (part === "positions" && typeof name === "number") return positionInsight(resolved, index, name);
  return [];
}

function assetInsight(file: RiskFile, symbol: string): string[] {
  const curve = liquidityCurve(file.assets[symbol].liquidity);
  const moves = [0.02, 0.1, 0.25].map((move) => `${pct(move, 0)}: ${formatUsd(curve.sizeForImpact(move))}`);
  return [
    `**${symbol}** at ${usdPrice(file.assets[symbol].price)}`,
    `Sold at once, this moves the price by ${moves.join(" · ")}`,
  ];
}

function lendingMarketInsight(
  resolved: ResolvedRiskFile,
  venue: LendingVenue,
  venueIndex: number,
  asset: string,
): string[] {
  const market = venue.markets[asset];
  if (!market) return [];
  const lines = [
    `**${asset}** in ${venue.name}`,
    `Max leverage 1 / (1 - ltv) = ${market.ltv < 1 ? multiple(1 / (1 - market.ltv)) : "unbounded"}`,
  ];
  // The toxic zone of a bonus on seized collateral (the aave styles; the others pay liquidators their own way).
  if (market.liquidationBonus !== undefined) {
    const toxicZone = market.liquidationThreshold * (1 + market.liquidationBonus);
    lines.push(
      toxicZone < 1
        ? `LT x (1 + LB) = ${toxicZone.toFixed(4)}: a liquidation raises the health factor above HF ${toxicZone.toFixed(4)} and lowers it below; buffer from HF 1: ${pct(1 - toxicZone)}`
        : `LT x (1 + LB) = ${toxicZone.toFixed(4)} >= 1: every liquidation lowers the health factor (toxic)`,
    );
  }
  lines.push(...styleInsight(resolved, venue, venueIndex, asset));
  const drops = liquidationDrops(resolved, venue, venueIndex, asset);
  if (drops)
    lines.push(
      `${asset} price drop that liquidates the median position: ${drops.median}; the largest (by debt): ${drops.largest}`,
    );
  const liquidity = resolved.file.assets[asset]?.liquidity;
  if (liquidity)
    lines.push(
      `USD that moves ${asset} 10 % under its ${liquidity.model} liquidity: ${formatUsd(liquidityCurve(liquidity).sizeForImpact(0.1))}`,
    );
  return lines;
}

/** For positions holding the asset: the fall of its price alone (others fixed) that brings HF to 1. */
function liquidationDrops(
  resolved: ResolvedRiskFile,
  venue: LendingVenue,
  venueIndex: number,
  asset: string,
): { median: string; largest: string } | undefined {
  const book = resolved.books[venueIndex] as LendingBook | undefined;
  const column = book?.collateralAssets.indexOf(asset) ?? -1;
  if (!book || column < 0) return undefined;
  const prices = filePrices(resolved.file.assets);
  const threshold = (a: string) => venue.markets[a]?.liquidationThreshold ?? 0;
  const drops: { drop: number; debtUsd: number }[] = [];
  for (let i = 0; i < book.ids.length; i++) {
    if (!(book.collateral[column][i] > 0)) continue;
    const { collateral, debt } = lendingAmounts(book, i);
    const critical = criticalCollateralPrice(collateral, debt, prices, threshold, asset);
    if (critical.debtUsd === 0) continue;
    drops.push({ drop: 1 - critical.price / prices[asset], debtUsd: critical.debtUsd });
  }
  if (drops.length === 0) return undefined;
  const describe = (drop: number) =>
    drop <= 0 ? "none (already liquidatable)" : drop >= 1 ? "never (other collateral covers it)" : `-${pct(drop, 1)}`;
  const sorted = [...drops].sort((a, b) => a.drop - b.drop);
  const largest = drops.reduce((best, d) => (d.debtUsd > best.debtUsd ? d : best));
  return { median: describe(sorted[(sorted.length - 1) >> 1].drop), largest: describe(largest.drop) };
}

function perpsMarketInsight(file: RiskFile, venue: PerpsVenue, name: string): string[] {
  const market = venue.markets[name];
  const price = market && file.assets[market.asset]?.price;
  if (!market || !price) return [];
  const m = baseMaintenanceMargin(market);
  // Isolated margin at 10x, one unit entered now: M = price / 10.
  const long = perpsLiquidationPrice(1, price, price / 10, m);
  const short = perpsLiquidationPrice(-1, price, price / 10, m);
  return [
    `**${name}** (${market.asset} at ${usdPrice(price)})`,
    `Max leverage 1 / initialMargin = ${multiple(1 / market.initialMargin)}`,
    `A 10x long entered now is liquidated at ${usdPrice(long)} (${pct(long / price - 1, 1)}); a 10x short at ${usdPrice(short)} (+${pct(short / price - 1, 1)})`,
  ];
}

function positionInsight(resolved: ResolvedRiskFile, venueIndex: number, positionIndex: number): string[] {
  const venue = resolved.file.venues[venueIndex];
  const book = resolved.books[venueIndex];
  const prices = filePrices(resolved.file.assets);
  if (!book || positionIndex >= book.ids.length) return [];
  if (venue.kind === "options" && book.kind === "options")
    return optionPositionInsight(resolved, venue, book, positionIndex);
  if (venue.kind === "lending" && book.kind === "lending") {
    const { collateral, debt } = lendingAmounts(book, positionIndex);
    const threshold = (a: string) => venue.markets[a]?.liquidationThreshold ?? 0;
    const healthFactor = lendingHealthFactor(collateral, debt, prices, threshold);
    const lines = [
      `Position **${positionId(book, positionIndex)}**: health factor ${Number.isFinite(healthFactor) ? healthFactor.toFixed(4) : "∞ (no debt)"}`,
    ];
    const largest = Object.entries(collateral).sort((a, b) => b[1] * prices[b[0]] - a[1] * prices[a[0]])[0];
    if (largest && Number.isFinite(healthFactor)) {
      const asset = largest[0];
      const criticalPrice = criticalCollateralPrice(collateral, debt, prices, threshold, asset).price;
      lines.push(
        criticalPrice > 0
          ? `Liquidated when ${asset} falls to ${usdPrice(criticalPrice)} (${pct(criticalPrice / prices[asset] - 1, 1)}), other prices unchanged`
          : `Not liquidatable through ${asset} alone`,
      );
    }
    return lines;
  }
  if (venue.kind === "perps" && book.kind === "perps") {
    const market = venue.markets[book.markets[book.marketOf[positionIndex]]];
    const price = market && prices[market.asset];
    if (!price) return [];
    const s = book.size[positionIndex];
    const { equity, requirement } = perpsMargin(
      s,
      book.entryPrice[positionIndex],
      book.margin[positionIndex],
      price,
      maintenanceRequirement(market, Math.abs(s) * price) / (Math.abs(s) * price),
    );
    const notional = Math.abs(s) * price;
    const m = requirement / notional;
    const entry = book.entryPrice[positionIndex];
    const margin = book.margin[positionIndex];
    // With tiers the rate changes with the notional: solve E(p) = MR(p) by bisection instead.
    const liquidationPrice = market.maintenanceTiers
      ? tieredLiquidationPrice(s, entry, margin, price, (p) => maintenanceRequirement(market, Math.abs(s) * p))
      : perpsLiquidationPrice(s, entry, margin, m);
    return [
      `Position **${positionId(book, positionIndex)}**: margin ratio ${pct(equity / notional)} (maintenance ${pct(m)}), equity ${formatUsd(equity)} against ${formatUsd(requirement)} required`,
      Number.isNaN(liquidationPrice)
        ? `Not liquidated at any price up to 10 x ${usdPrice(price)}`
        : `Liquidated at ${usdPrice(liquidationPrice)} (${pct(liquidationPrice / price - 1, 1)} from ${usdPrice(price)})`,
    ];
  }
  return [];
}

/** The numbers each style's designers compute by hand for a market (SPEC 8.2-8.7). */
function styleInsight(resolved: ResolvedRiskFile, venue: LendingVenue, venueIndex: number, asset: string): string[] {
  const liquidation = venue.liquidation;
  const market = venue.markets[asset];
  if (!liquidation || !market) return [];
  const lt = market.liquidationThreshold;
  switch (liquidation.style) {
    case "morpho": {
      const lif = morphoIncentive(liquidation, lt);
      return [
        `Morpho: LIF = min(${liquidation.maxIncentiveFactor}, 1 / (1 - ${liquidation.cursor} x (1 - LLTV))) = ${lif.toFixed(4)}; LLTV x LIF = ${(lt * lif).toFixed(4)}`,
        lt * lif < 1
          ? `From HF 1, a fall of ${pct(1 - lt * lif)} brings a position to where each liquidation makes it worse (LLTV x LIF)`
          : "Each liquidation makes the position worse (LLTV x LIF >= 1)",
      ];
    }
    case "euler":
      return [
        `Euler: discount 1 - HF up to ${pct(liquidation.maxDiscount)}: ${pct(Math.min(0.05, liquidation.maxDiscount))} at HF 0.95, ${pct(Math.min(0.1, liquidation.maxDiscount))} at HF 0.9, the maximum from HF ${(1 - liquidation.maxDiscount).toFixed(4)}`,
        `Largest discount that still raises the health score: below 1 - LT = ${pct(1 - lt)}${liquidation.maxDiscount >= 1 - lt ? " (maxDiscount is not: CL014)" : ""}`,
      ];
    case "compound": {
      if (market.liquidationFactor === undefined) return [];
      const discount = liquidation.storeFrontPriceFactor * (1 - market.liquidationFactor);
      return [
        `Compound: an absorbed account loses ${pct(1 - market.liquidationFactor)} of this collateral's value; the storefront sells it ${pct(discount)} below the oracle, so the protocol keeps ${pct(1 - market.liquidationFactor - discount)}`,
      ];
    }
    case "maker": {
      const rounds = Math.ceil(Math.log(1 / liquidation.startMultiplier) / Math.log(liquidation.decayPerRound));
      const book = resolved.books[venueIndex];
      const debtUsd = book?.kind === "lending" ? bookDebtUsd(resolved, book) : 0;
      const hole = market.holeUsd ?? null;
      return [
        `Maker: an auction starts at ${pct(liquidation.startMultiplier, 0)} of the oracle price and reaches it after ${Math.max(0, rounds)} round${rounds === 1 ? "" : "s"} (x${liquidation.decayPerRound} per round)`,
        `Hole limits: ${hole === null ? "none for this collateral" : formatUsd(hole)} for ${asset}, ${liquidation.holeUsd === null ? "none" : formatUsd(liquidation.holeUsd)} in all, against ${formatUsd(debtUsd)} of debt in the book`,
      ];
    }
    case "liquity": {
      const book = resolved.books[venueIndex];
      const debtUsd = book?.kind === "lending" ? bookDebtUsd(resolved, book) : 0;
      const debtAsset =
        book?.kind === "lending" ? book.debtAssets.find((_, c) => book.debt[c].some((x) => x > 0)) : undefined;
      const poolUsd = liquidation.stabilityPool * (debtAsset ? (resolved.file.assets[debtAsset]?.price ?? 1) : 1);
      return [
        `Liquity: the stability pool (${formatUsd(poolUsd)}) can absorb ${debtUsd > 0 ? pct(Math.min(1, poolUsd / debtUsd)) : "all"} of the branch's ${formatUsd(debtUsd)} of debt; the rest of a liquidated trove is redistributed to the others`,
      ];
    }
    default:
      return [];
  }
}

function bookDebtUsd(resolved: ResolvedRiskFile, book: LendingBook): number {
  let total = 0;
  book.debtAssets.forEach((asset, c) => {
    const price = resolved.file.assets[asset]?.price ?? 0;
    for (const amount of book.debt[c]) total += amount * price;
  });
  return total;
}

/**
 * The price at which E(p) = M + s·(p - e) meets MR(p), searched between the current price
 * and 0 (a long) or 10 times it (a short); NaN when there is none in that range.
 */
function tieredLiquidationPrice(
  size: number,
  entry: number,
  margin: number,
  price: number,
  requirement: (p: number) => number,
): number {
  const gap = (p: number) => margin + size * (p - entry) - requirement(p);
  if (gap(price) < 0) return price;
  return liquidationBoundary(gap, price, size > 0 ? 0 : 10 * price);
}

/**
 * Where `gap` (equity minus requirement) turns negative between `safe` (gap >= 0) and
 * `unsafe` (gap < 0), by bisection to 1e-9 of `safe`; NaN when the two do not bracket it.
 */
function liquidationBoundary(gap: (price: number) => number, safe: number, unsafe: number): number {
  if (gap(safe) < 0 || gap(unsafe) >= 0) return Number.NaN;
  const tolerance = 1e-9 * safe;
  for (let i = 0; i < 200 && Math.abs(safe - unsafe) > tolerance; i++) {
    const middle = (safe + unsafe) / 2;
    if (gap(middle) >= 0) safe = middle;
    else unsafe = middle;
  }
  return safe;
}

/** SPEC 8.9 for one option at file prices: value, greeks, equity against margin, and the asset price that liquidates it. */
function optionPositionInsight(
  resolved: ResolvedRiskFile,
  venue: OptionsVenue,
  book: OptionsBook,
  i: number,
): string[] {
  const atFilePrices = optionsAtFilePrices(resolved.file, venue, book);
  if (!atFilePrices) return [];
  const { compiled, p0 } = atFilePrices;
  const market = compiled.markets[compiled.marketOf[i]];
  const price = p0[market.asset];
  const terms = {
    isCall: book.isCall[i] === 1,
    strike: book.strike[i],
    years: book.expiryDays[i] / 365,
    rate: market.rate,
  };
  const sigma = sigmaAt(
    { volatility: market.volatility, volShock: 0, spotVolBeta: market.spotVolBeta, initialPrice: price },
    price,
  );
  const { gamma, vega } = optionGreeks(terms, price, sigma);
  const { equity, requirement } = optionMargin(compiled, i, price, p0, 0);
  // The asset price where E = MR, searched from the file price down to 0 and up to 10 x it (bisection on each side).
  const gap = (p: number) => {
    const margin = optionMargin(compiled, i, p, p0, 0);
    return margin.equity - margin.requirement;
  };
  const below = liquidationBoundary(gap, price, price * 1e-6);
  const above = liquidationBoundary(gap, price, price * 10);
  const where = [below, above].filter((p) => !Number.isNaN(p)).map((p) => `${usdPrice(p)} (${pct(p / price - 1, 1)})`);
  return [
    `Option **${positionId(book, i)}**: ${book.size[i] > 0 ? "long" : "short"} ${Math.abs(book.size[i])} ${terms.isCall ? "calls" : "puts"} at ${usdPrice(terms.strike)}, ${book.expiryDays[i]} days, σ ${pct(sigma)}`,
    `Model value ${usdPrice(optionValue(terms, price, sigma))} per option; delta ${optionDelta(terms, price, sigma).toFixed(4)}, gamma ${gamma.toExponential(3)}, vega ${vega.toFixed(2)} per 1.00 of volatility`,
    `Equity ${formatUsd(equity)} against a margin requirement of ${formatUsd(requirement)}${equity < requirement ? ": liquidatable now" : ""}`,
    where.length > 0
      ? `Liquidated at ${where.join(" or ")}`
      : `Not liquidated at any asset price in (0, 10 x ${usdPrice(price)})`,
  ];
}

/** An options market (SPEC 8.9): the dealers' net gamma in USD per 1 % move, and what the spot-vol beta does to σ at -20 %. */
function optionsMarketInsight(
  resolved: ResolvedRiskFile,
  venue: OptionsVenue,
  venueIndex: number,
  name: string,
): string[] {
  const market = venue.markets[name];
  const price = market && resolved.file.assets[market.asset]?.price;
  const book = resolved.books[venueIndex];
  if (!market || !price || book?.kind !== "options") return [];
  let dealerGammaUsd = 0;
  const sigma = market.volatility;
  for (let i = 0; i < book.ids.length; i++) {
    if (book.markets[book.marketOf[i]] !== name) continue;
    const terms = {
      isCall: book.isCall[i] === 1,
      strike: book.strike[i],
      years: book.expiryDays[i] / 365,
      rate: market.rate,
    };
    // Dealers hold the other side (-size): their delta changes by -size·Γ·(1 % of S) units, worth that times S.
    dealerGammaUsd += -book.size[i] * optionGreeks(terms, price, sigma).gamma * (0.01 * price) * price;
  }
  const shortGamma = dealerGammaUsd < 0;
  return [
    `**${name}** on ${market.asset} at ${usdPrice(price)}, σ ${pct(sigma)}`,
    `Dealers' gamma: ${formatUsd(Math.abs(dealerGammaUsd))} of ${market.asset} per 1 % move, ${shortGamma ? "short gamma: they sell into a fall and buy into a rise" : "long gamma: they buy into a fall, damping it"}`,
    `Spot-vol beta ${market.spotVolBeta}: σ at -20 % is ${pct(sigma + market.spotVolBeta * 0.2)}`,
  ];
}
