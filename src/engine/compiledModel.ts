/**
 * A resolved risk file compiled for the cascade loop: assets become indices, parameters
 * become per-asset typed arrays, books become compressed sparse rows. Asset indices
 * follow the assets' names in ascending order, so "ties: asset name, ascending" is
 * "first index wins" and a strict ">" implements it.
 */
import { liquidityCurve, type LiquidityCurve } from "../model/liquidity";
import type { LendingBook, PerpsBook } from "../model/book";
import { compareNames } from "../model/names";
import type { LendingVenue, PerpsVenue, RiskFile } from "../model/schema";
import { permuteRows, planThresholdIndex, type LendingThresholdIndex } from "./thresholdIndex";

export interface CompiledLendingVenue {
  kind: "lending";
  name: string;
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
}

export interface CompiledPerpsVenue {
  kind: "perps";
  name: string;
  insuranceFundUsd: number;
  positionCount: number;
  asset: Int32Array;
  size: Float64Array;
  entryPrice: Float64Array;
  margin: Float64Array;
  maintenanceMargin: Float64Array;
  liquidationFee: Float64Array;
}

export type CompiledVenue = CompiledLendingVenue | CompiledPerpsVenue;

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
}

export function compileModel(
  file: RiskFile,
  books: readonly (LendingBook | PerpsBook)[],
  options: CompileOptions = {},
): CompiledModel {
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
  const venues = file.venues.map((venue, v): CompiledVenue => {
    const book = books[v];
    return venue.kind === "lending"
      ? compileLending(venue, book as LendingBook, indexOf, options.thresholdIndex ?? true)
      : compilePerps(venue, book as PerpsBook, indexOf);
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
): CompiledLendingVenue {
  const assetCount = indexOf.size;
  const threshold = new Float64Array(assetCount).fill(Number.NaN);
  const bonus = new Float64Array(assetCount).fill(Number.NaN);
  const protocolFee = new Float64Array(assetCount).fill(Number.NaN);
  for (const [symbol, market] of Object.entries(venue.markets)) {
    const a = indexOf.get(symbol)!;
    threshold[a] = market.liquidationThreshold;
    bonus[a] = market.liquidationBonus;
    protocolFee[a] = market.liquidationProtocolFee;
  }
  const fileCollateral = toSparseRows(book.collateralAssets, book.collateral, book.ids.length, indexOf);
  const fileDebt = toSparseRows(book.debtAssets, book.debt, book.ids.length, indexOf);
  // Positions are stored in the index's order; results are sums, so the order is not observable.
  const { order, index } = planThresholdIndex(book.ids.length, fileCollateral, fileDebt, threshold, useIndex);
  const collateral = permuteRows(fileCollateral, order);
  const debt = permuteRows(fileDebt, order);
  return {
    index,
    kind: "lending",
    name: venue.name,
    threshold,
    bonus,
    protocolFee,
    closeFactor: venue.closeFactor,
    fullLiquidationHealthFactor: venue.fullLiquidationHealthFactor ?? Number.NEGATIVE_INFINITY,
    fullLiquidationBelowUsd: venue.fullLiquidationBelowUsd,
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

/**
 * Columns to compressed sparse rows, entries of a row by ascending asset index. Zero
 * amounts are dropped: they add nothing to a value and can only win a "largest value"
 * choice when every entry is zero, where nothing can be seized anyway.
 */
function toSparseRows(assets: string[], columns: Float64Array[], rowCount: number, indexOf: Map<string, number>) {
  const order = assets.map((name, c) => ({ c, a: indexOf.get(name)! })).sort((x, y) => x.a - y.a);
  const start = new Int32Array(rowCount + 1);
  for (let i = 0; i < rowCount; i++) {
    let nonZero = 0;
    for (const { c } of order) if (columns[c][i] !== 0) nonZero++;
    start[i + 1] = start[i] + nonZero;
  }
  const asset = new Int32Array(start[rowCount]);
  const amount = new Float64Array(start[rowCount]);
  for (let i = 0, j = 0; i < rowCount; i++) {
    for (const { c, a } of order) {
      const value = columns[c][i];
      if (value !== 0) {
        asset[j] = a;
        amount[j++] = value;
      }
    }
  }
  return { start, asset, amount };
}

function compilePerps(venue: PerpsVenue, book: PerpsBook, indexOf: Map<string, number>): CompiledPerpsVenue {
  const n = book.ids.length;
  const asset = new Int32Array(n);
  const maintenanceMargin = new Float64Array(n);
  const liquidationFee = new Float64Array(n);
  const markets = book.markets.map((name) => venue.markets[name]);
  for (let i = 0; i < n; i++) {
    const market = markets[book.marketOf[i]];
    asset[i] = indexOf.get(market.asset)!;
    maintenanceMargin[i] = market.maintenanceMargin;
    liquidationFee[i] = market.liquidationFee;
  }
  return {
    kind: "perps",
    name: venue.name,
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
