/**
 * A resolved risk file compiled for the cascade loop: assets become indices, parameters
 * become per-asset typed arrays, books become compressed sparse rows. Asset indices
 * follow the assets' names in ascending order, so "ties: asset name, ascending" is
 * "first index wins" and a strict ">" implements it.
 */
import { liquidityCurve, type LiquidityCurve } from "../model/liquidity";
import type { Book, LendingBook, OptionsBook, PerpsBook } from "../model/book";
import { compareNames } from "../model/names";
import type { LendingVenue, OptionsVenue, PerpsVenue, RiskFile } from "../model/schema";
import { compileTiers, fullLiquidationBelowUsdOf, type CompiledTiers } from "../model/styles";
import {
  countingFrom0,
  permuteRows,
  planThresholdIndex,
  type LendingThresholdIndex,
  type SparseRows,
} from "./thresholdIndex";

/** A lending venue's liquidation style with its parameters (SPEC 8.1-8.7); version 1 files are "aave". */
export type CompiledStyle =
  | { name: "aave" }
  | { name: "aave-v3.3"; minLeftoverUsd: number }
  | { name: "morpho"; maxIncentiveFactor: number; cursor: number }
  | { name: "euler"; maxDiscount: number; socializeDebt: boolean }
  | { name: "compound"; baseAsset: number; storeFrontPriceFactor: number; targetReservesUsd: number | null }
  | {
      name: "maker";
      holeUsd: number;
      startMultiplier: number;
      decayPerRound: number;
      resetAfterRounds: number | null;
      resetBelow: number | null;
      keeperTipUsd: number;
      keeperChip: number;
      dustUsd: number;
    }
  | { name: "liquity"; stabilityPool: number; gasCompensation: number; stabilityPoolSellShare: number };

export interface CompiledLendingVenue {
  kind: "lending";
  name: string;
  /** Version 2: the common rules of SPEC 8.1 (exact zeros) and the venue's style. */
  version2: boolean;
  style: CompiledStyle;
  /** Per asset index; NaN where unused: compound's liquidationFactor, maker's liquidationPenalty, maker's per-collateral hole (Infinity = none). */
  liquidationFactor: Float64Array;
  liquidationPenalty: Float64Array;
  marketHoleUsd: Float64Array;
  /** Per asset index; NaN where the venue has no market. */
  threshold: Float64Array;
  bonus: Float64Array;
  protocolFee: Float64Array;
  closeFactor: number;
  /** -Infinity when the file says null (never). */
  fullLiquidationHealthFactor: number;
  fullLiquidationBelowUsd: number;
  liquidatorCostUsd: number;
  insuranceFundUsd: number;
  positionCount: number;
  collateralStart: Int32Array;
  collateralAsset: Int32Array;
  collateralAmount: Float64Array;
  debtStart: Int32Array;
  debtAsset: Int32Array;
  debtAmount: Float64Array;
  /** Where to look each round: see thresholdIndex.ts. */
  index: LendingThresholdIndex;
  /**
   * Set when every position holds exactly one collateral entry of asset `collateral` and
   * one debt entry of asset `debt` (entry i is position i): a scan of the whole book then
   * reads two amounts per position and nothing else.
   */
  singlePair: { collateral: number; debt: number } | null;
}

export interface CompiledPerpsVenue {
  kind: "perps";
  name: string;
  version2: boolean;
  /** Per position: its market's maintenance tiers (SPEC 8.8), or null for a flat rate. */
  tiers: (CompiledTiers | null)[];
  partialLiquidation: { fraction: number; fullBelowNotionalUsd: number; minNotionalUsd: number } | null;
  backstop: { triggerShare: number; capitalUsd: number } | null;
  insuranceFundUsd: number;
  positionCount: number;
  asset: Int32Array;
  size: Float64Array;
  entryPrice: Float64Array;
  margin: Float64Array;
  maintenanceMargin: Float64Array;
  liquidationFee: Float64Array;
}

/** An options venue (SPEC 8.9): per market its model, per position its contract. */
export interface CompiledOptionsVenue {
  kind: "options";
  name: string;
  insuranceFundUsd: number;
  hedgeShare: number;
  markets: {
    name: string;
    asset: number;
    volatility: number;
    rate: number;
    spotVolBeta: number;
    riskMove: number;
    liquidationFee: number;
  }[];
  positionCount: number;
  marketOf: Int32Array;
  isCall: Uint8Array;
  strike: Float64Array;
  /** Years to expiry: expiryDays / 365. */
  years: Float64Array;
  size: Float64Array;
  premium: Float64Array;
  margin: Float64Array;
}

export type CompiledVenue = CompiledLendingVenue | CompiledPerpsVenue | CompiledOptionsVenue;

export interface CompiledModel {
  /** Sorted ascending; the index order of every per-asset array. */
  assetNames: string[];
  /** Asset indices in the order the file lists them, for reports. */
  fileOrder: number[];
  indexOf: Map<string, number>;
  initialPrices: Float64Array;
  liquidity: LiquidityCurve[];
  /** One-hop contagion edges in file order. */
  contagion: { from: number; to: number; weight: number }[];
  venues: CompiledVenue[];
  maxRounds: number;
  oracleLagRounds: number;
  maxRoundMove: number | null;
  haltDrawdown: number | null;
}

export interface CompileOptions {
  /** false examines every position every round (the reference the index is tested against). */
  thresholdIndex?: boolean;
  /**
   * How many cascades the model will run, when the caller knows: the threshold index is
   * built only from INDEX_PAYS_FROM on. Results are the same bits either way (exact sums).
   */
  cascades?: number;
}

/**
 * Building the threshold index costs about two full-scan cascades (sorting a million
 * positions by critical ratio); each indexed cascade then saves about a third of one
 * (`npm run bench` prints both). So one scenario, or a few, scan the whole book; a curve,
 * a sweep point with many scenarios, or a Monte Carlo run builds the index.
 */
export const INDEX_PAYS_FROM = 6;

export function compileModel(file: RiskFile, books: readonly Book[], options: CompileOptions = {}): CompiledModel {
  const fileNames = Object.keys(file.assets);
  const assetNames = [...fileNames].sort(compareNames);
  const indexOf = new Map(assetNames.map((name, i) => [name, i]));
  const initialPrices = Float64Array.from(assetNames, (name) => file.assets[name].price);
  const contagion = fileNames.flatMap((from) =>
    Object.entries(file.assets[from].contagion ?? {}).map(([to, weight]) => ({
      from: indexOf.get(from)!,
      to: indexOf.get(to)!,
      weight,
    })),
  );
  const version2 = file.version === 2;
  const useIndex = options.thresholdIndex ?? (options.cascades ?? Number.POSITIVE_INFINITY) >= INDEX_PAYS_FROM;
  const venues = file.venues.map((venue, v): CompiledVenue => {
    const book = books[v];
    if (venue.kind === "options") return compileOptions(venue, book as OptionsBook, indexOf);
    return venue.kind === "lending"
      ? compileLending(venue, book as LendingBook, indexOf, useIndex, version2)
      : compilePerps(venue, book as PerpsBook, indexOf, version2);
  });
  const { simulation } = file;
  return {
    assetNames,
    fileOrder: fileNames.map((name) => indexOf.get(name)!),
    indexOf,
    initialPrices,
    liquidity: assetNames.map((name) => liquidityCurve(file.assets[name].liquidity)),
    contagion,
    venues,
    maxRounds: simulation.maxRounds,
    oracleLagRounds: simulation.oracleLagRounds,
    maxRoundMove: simulation.circuitBreaker.maxRoundMove,
    haltDrawdown: simulation.circuitBreaker.haltDrawdown,
  };
}

function compileLending(
  venue: LendingVenue,
  book: LendingBook,
  indexOf: Map<string, number>,
  useIndex: boolean,
  version2: boolean,
): CompiledLendingVenue {
  const assetCount = indexOf.size;
  const threshold = new Float64Array(assetCount).fill(Number.NaN);
  const bonus = new Float64Array(assetCount).fill(Number.NaN);
  const protocolFee = new Float64Array(assetCount).fill(Number.NaN);
  const liquidationFactor = new Float64Array(assetCount).fill(Number.NaN);
  const liquidationPenalty = new Float64Array(assetCount).fill(Number.NaN);
  const marketHoleUsd = new Float64Array(assetCount).fill(Number.POSITIVE_INFINITY);
  for (const [symbol, market] of Object.entries(venue.markets)) {
    const a = indexOf.get(symbol)!;
    threshold[a] = market.liquidationThreshold;
    bonus[a] = market.liquidationBonus ?? Number.NaN;
    protocolFee[a] = market.liquidationProtocolFee;
    liquidationFactor[a] = market.liquidationFactor ?? Number.NaN;
    liquidationPenalty[a] = market.liquidationPenalty ?? Number.NaN;
    marketHoleUsd[a] = market.holeUsd ?? Number.POSITIVE_INFINITY;
  }
  const style = compileStyle(venue, indexOf);
  // Only section 4's rule may visit positions in any order; the other styles follow book order (ties, kicks, redistribution).
  useIndex &&= style.name === "aave";
  // Liquity redistributes debt and collateral to every trove, so each keeps its one entry of each, zero or not.
  const keepZeros = style.name === "liquity";
  // Rows of one entry each share one start array: 0, 1, 2, ...
  let oneEach: Int32Array | undefined;
  const oneEntryEach = () => (oneEach ??= countingFrom0(book.ids.length + 1));
  const fileCollateral = toSparseRows(
    book.collateralAssets,
    book.collateral,
    book.ids.length,
    indexOf,
    keepZeros,
    oneEntryEach,
  );
  const fileDebt = toSparseRows(book.debtAssets, book.debt, book.ids.length, indexOf, keepZeros, oneEntryEach);
  // Positions are stored in the index's order; results are sums, so the order is not observable.
  const { order, index } = planThresholdIndex(book.ids.length, fileCollateral, fileDebt, threshold, useIndex);
  const collateral = permuteRows(fileCollateral, order);
  const debt = permuteRows(fileDebt, order);
  // Two columns of one asset each with an amount in every row, in the file's order: one pair, without a look at every row.
  const pairOfColumns =
    book.ids.length > 0 &&
    collateral === fileCollateral &&
    debt === fileDebt &&
    fileCollateral.onlyAsset >= 0 &&
    fileDebt.onlyAsset >= 0;
  return {
    index,
    singlePair: pairOfColumns
      ? { collateral: fileCollateral.onlyAsset, debt: fileDebt.onlyAsset }
      : singlePairOf(collateral, debt, book.ids.length),
    kind: "lending",
    name: venue.name,
    version2,
    style,
    liquidationFactor,
    liquidationPenalty,
    marketHoleUsd,
    threshold,
    bonus,
    protocolFee,
    closeFactor: venue.closeFactor,
    fullLiquidationHealthFactor: venue.fullLiquidationHealthFactor ?? Number.NEGATIVE_INFINITY,
    fullLiquidationBelowUsd: fullLiquidationBelowUsdOf(venue),
    liquidatorCostUsd: venue.liquidatorCostUsd,
    insuranceFundUsd: venue.insuranceFundUsd,
    positionCount: book.ids.length,
    collateralStart: collateral.start,
    collateralAsset: collateral.asset,
    collateralAmount: collateral.amount,
    debtStart: debt.start,
    debtAsset: debt.asset,
    debtAmount: debt.amount,
  };
}

function singlePairOf(collateral: SparseRows, debt: SparseRows, rowCount: number): CompiledLendingVenue["singlePair"] {
  if (rowCount === 0 || collateral.asset.length !== rowCount || debt.asset.length !== rowCount) return null;
  const k = collateral.asset[0];
  const d = debt.asset[0];
  for (let i = 0; i < rowCount; i++)
    if (collateral.start[i] !== i || debt.start[i] !== i || collateral.asset[i] !== k || debt.asset[i] !== d)
      return null;
  return { collateral: k, debt: d };
}

/**
 * Columns to compressed sparse rows, entries of a row by ascending asset index. Zero
 * amounts are dropped: they add nothing to a value and can only win a "largest value"
 * choice when every entry is zero, where nothing can be seized anyway. `onlyAsset` is the
 * asset of every entry when the rows are one column with an amount in every row (-1 when not).
 */
function toSparseRows(
  assets: string[],
  columns: Float64Array[],
  rowCount: number,
  indexOf: Map<string, number>,
  keepZeros: boolean,
  oneEntryEach: () => Int32Array,
): SparseRows & { onlyAsset: number } {
  // keepZeros: the columns that hold any amount keep an entry in every row (a book whose rows all use the same assets).
  const used = (c: number) => columns[c].some((amount) => amount !== 0);
  const order = assets
    .map((name, c) => ({ c, a: indexOf.get(name)! }))
    .filter(({ c }) => !keepZeros || used(c))
    .sort((x, y) => x.a - y.a);
  const kept = (value: number) => keepZeros || value !== 0;
  if (order.length === 1 && (keepZeros || !columns[order[0].c].includes(0))) {
    // One column with an amount in every row (a single-asset book): one entry per row, the column itself.
    const asset = order[0].a;
    return {
      start: oneEntryEach(),
      asset: new Int32Array(rowCount).fill(asset),
      amount: columns[order[0].c],
      onlyAsset: asset,
    };
  }
  const start = new Int32Array(rowCount + 1);
  for (let i = 0; i < rowCount; i++) {
    let nonZero = 0;
    for (const { c } of order) if (kept(columns[c][i])) nonZero++;
    start[i + 1] = start[i] + nonZero;
  }
  const asset = new Int32Array(start[rowCount]);
  const amount = new Float64Array(start[rowCount]);
  for (let i = 0, j = 0; i < rowCount; i++) {
    for (const { c, a } of order) {
      const value = columns[c][i];
      if (kept(value)) {
        asset[j] = a;
        amount[j++] = value;
      }
    }
  }
  return { start, asset, amount, onlyAsset: -1 };
}

function compilePerps(
  venue: PerpsVenue,
  book: PerpsBook,
  indexOf: Map<string, number>,
  version2: boolean,
): CompiledPerpsVenue {
  const n = book.ids.length;
  const asset = new Int32Array(n);
  const maintenanceMargin = new Float64Array(n);
  const liquidationFee = new Float64Array(n);
  const markets = book.markets.map((name) => venue.markets[name]);
  const marketTiers = markets.map((market) => (market.maintenanceTiers ? compileTiers(market.maintenanceTiers) : null));
  const tiers: (CompiledTiers | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const market = markets[book.marketOf[i]];
    asset[i] = indexOf.get(market.asset)!;
    maintenanceMargin[i] = market.maintenanceMargin ?? market.maintenanceTiers?.[0]?.[1] ?? Number.NaN;
    liquidationFee[i] = market.liquidationFee;
    tiers[i] = marketTiers[book.marketOf[i]];
  }
  return {
    kind: "perps",
    name: venue.name,
    version2,
    tiers,
    partialLiquidation: venue.partialLiquidation ?? null,
    backstop: venue.backstop ?? null,
    insuranceFundUsd: venue.insuranceFundUsd,
    positionCount: n,
    asset,
    size: book.size,
    entryPrice: book.entryPrice,
    margin: book.margin,
    maintenanceMargin,
    liquidationFee,
  };
}

function compileStyle(venue: LendingVenue, indexOf: Map<string, number>): CompiledStyle {
  const liquidation = venue.liquidation ?? { style: "aave" as const };
  switch (liquidation.style) {
    case "aave":
      return { name: "aave" };
    case "aave-v3.3":
      return { name: "aave-v3.3", minLeftoverUsd: liquidation.minLeftoverUsd ?? fullLiquidationBelowUsdOf(venue) / 2 };
    case "morpho":
      return { name: "morpho", maxIncentiveFactor: liquidation.maxIncentiveFactor, cursor: liquidation.cursor };
    case "euler":
      return { name: "euler", maxDiscount: liquidation.maxDiscount, socializeDebt: liquidation.socializeDebt };
    case "compound":
      return {
        name: "compound",
        baseAsset: indexOf.get(liquidation.baseAsset)!,
        storeFrontPriceFactor: liquidation.storeFrontPriceFactor,
        targetReservesUsd: liquidation.targetReservesUsd,
      };
    case "maker":
      return {
        name: "maker",
        holeUsd: liquidation.holeUsd ?? Number.POSITIVE_INFINITY,
        startMultiplier: liquidation.startMultiplier,
        decayPerRound: liquidation.decayPerRound,
        resetAfterRounds: liquidation.resetAfterRounds,
        resetBelow: liquidation.resetBelow,
        keeperTipUsd: liquidation.keeperTipUsd,
        keeperChip: liquidation.keeperChip,
        dustUsd: liquidation.dustUsd,
      };
    case "liquity":
      return {
        name: "liquity",
        stabilityPool: liquidation.stabilityPool,
        gasCompensation: liquidation.gasCompensation,
        stabilityPoolSellShare: liquidation.stabilityPoolSellShare,
      };
  }
}

/** An options venue compiled on its own against the file's prices (rules and hovers read its margins at p0). */
export function optionsAtFilePrices(
  file: Pick<RiskFile, "assets">,
  venue: OptionsVenue,
  book: OptionsBook,
): { compiled: CompiledOptionsVenue; p0: Float64Array } | undefined {
  if (!book.markets.every((m) => Object.prototype.hasOwnProperty.call(venue.markets, m))) return undefined;
  const names = Object.keys(file.assets);
  const p0 = Float64Array.from(names, (name) => file.assets[name].price);
  return { compiled: compileOptions(venue, book, new Map(names.map((name, i) => [name, i]))), p0 };
}

export function compileOptions(
  venue: OptionsVenue,
  book: OptionsBook,
  indexOf: Map<string, number>,
): CompiledOptionsVenue {
  const markets = book.markets.map((name) => {
    const market = venue.markets[name];
    return {
      name,
      asset: indexOf.get(market.asset)!,
      volatility: market.volatility,
      rate: market.rate,
      spotVolBeta: market.spotVolBeta,
      riskMove: market.riskMove,
      liquidationFee: market.liquidationFee,
    };
  });
  return {
    kind: "options",
    name: venue.name,
    insuranceFundUsd: venue.insuranceFundUsd,
    hedgeShare: venue.hedgeShare,
    markets,
    positionCount: book.ids.length,
    marketOf: book.marketOf,
    isCall: book.isCall,
    strike: book.strike,
    years: Float64Array.from(book.expiryDays, (days) => days / 365),
    size: book.size,
    premium: book.premium,
    margin: book.margin,
  };
}
