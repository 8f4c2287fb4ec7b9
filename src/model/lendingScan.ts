/**
 * Walks a columnar lending book at given prices and reports each position's values, with
 * the SPEC's choice of debt to repay and collateral to seize (largest value, ties by name).
 * One snapshot object is reused for every position (a million-row book must not allocate
 * a million objects on every validation): read it inside `visit`, do not keep it.
 */
import type { LendingBook } from "./book";
import { compareNames, hasName, nameMap } from "./names";

export interface LendingSnapshot {
  collateralUsd: number;
  liquidationValueUsd: number;
  debtUsd: number;
  healthFactor: number;
  /** Largest collateral and debt (asset "" when the position has none). */
  largestCollateralAsset: string;
  largestCollateralUsd: number;
  largestDebtAsset: string;
  largestDebtUsd: number;
}

export function scanLendingBook(
  book: LendingBook,
  prices: Readonly<Record<string, number>>,
  liquidationThreshold: (asset: string) => number,
  visit: (index: number, snapshot: Readonly<LendingSnapshot>) => void,
  /** Visit only the positions with a health factor below 1 (most books have few: a one-pair book is then read without a call per position). */
  liquidatableOnly = false,
): void {
  const snapshot: LendingSnapshot = {
    collateralUsd: 0,
    liquidationValueUsd: 0,
    debtUsd: 0,
    healthFactor: Infinity,
    largestCollateralAsset: "",
    largestCollateralUsd: 0,
    largestDebtAsset: "",
    largestDebtUsd: 0,
  };
  const pair = singlePairColumns(book, prices, liquidationThreshold);
  if (pair) {
    scanSinglePairs(pair.collateral, pair.debt, book.ids.length, snapshot, visit, liquidatableOnly);
    return;
  }
  const collateralColumns = columnsByName(book.collateralAssets, book.collateral, prices, liquidationThreshold);
  const debtColumns = columnsByName(book.debtAssets, book.debt, prices, () => 0);
  for (let i = 0; i < book.ids.length; i++) {
    snapshot.collateralUsd = 0;
    snapshot.liquidationValueUsd = 0;
    snapshot.debtUsd = 0;
    snapshot.healthFactor = Infinity;
    snapshot.largestCollateralAsset = "";
    snapshot.largestCollateralUsd = 0;
    snapshot.largestDebtAsset = "";
    snapshot.largestDebtUsd = 0;
    for (const column of collateralColumns) {
      const value = column.amounts[i] * column.price;
      snapshot.collateralUsd += value;
      snapshot.liquidationValueUsd += value * column.threshold;
      if (column.amounts[i] > 0 && (snapshot.largestCollateralAsset === "" || value > snapshot.largestCollateralUsd)) {
        snapshot.largestCollateralAsset = column.asset;
        snapshot.largestCollateralUsd = value;
      }
    }
    for (const column of debtColumns) {
      const value = column.amounts[i] * column.price;
      snapshot.debtUsd += value;
      if (column.amounts[i] > 0 && (snapshot.largestDebtAsset === "" || value > snapshot.largestDebtUsd)) {
        snapshot.largestDebtAsset = column.asset;
        snapshot.largestDebtUsd = value;
      }
    }
    if (snapshot.debtUsd > 0) snapshot.healthFactor = snapshot.liquidationValueUsd / snapshot.debtUsd;
    if (!liquidatableOnly || snapshot.healthFactor < 1) visit(i, snapshot);
  }
}

/**
 * The loop above for a book of one collateral and one debt column, without the inner
 * loops: each sum there is 0 + x, so the snapshot is the same, bit for bit.
 */
function scanSinglePairs(
  collateral: Column,
  debt: Column,
  count: number,
  snapshot: LendingSnapshot,
  visit: (index: number, snapshot: Readonly<LendingSnapshot>) => void,
  liquidatableOnly: boolean,
): void {
  const { amounts: collateralAmounts, price: collateralPrice, threshold, asset: collateralAsset } = collateral;
  const { amounts: debtAmounts, price: debtPrice, asset: debtAsset } = debt;
  for (let i = 0; i < count; i++) {
    const collateralUsd = collateralAmounts[i] * collateralPrice;
    const debtUsd = debtAmounts[i] * debtPrice;
    const liquidationValueUsd = collateralUsd * threshold;
    // x / y < 1 exactly when x < y (y > 0): a quotient below 1 never rounds up to 1. Most positions are skipped without the division.
    if (liquidatableOnly && !(debtUsd > 0 && liquidationValueUsd < debtUsd)) continue;
    const healthFactor = debtUsd > 0 ? liquidationValueUsd / debtUsd : Infinity;
    // 0 + x, as the loop sums: an amount written -0 gives 0, not -0.
    snapshot.collateralUsd = 0 + collateralUsd;
    snapshot.liquidationValueUsd = 0 + liquidationValueUsd;
    snapshot.debtUsd = 0 + debtUsd;
    snapshot.healthFactor = healthFactor;
    const hasCollateral = collateralAmounts[i] > 0;
    snapshot.largestCollateralAsset = hasCollateral ? collateralAsset : "";
    snapshot.largestCollateralUsd = hasCollateral ? collateralUsd : 0;
    const hasDebt = debtAmounts[i] > 0;
    snapshot.largestDebtAsset = hasDebt ? debtAsset : "";
    snapshot.largestDebtUsd = hasDebt ? debtUsd : 0;
    visit(i, snapshot);
  }
}

type Column = ReturnType<typeof columnsByName>[number];

/**
 * A book of one collateral and one debt column (most books), as its two columns with their
 * prices: a rule that reads every position can then loop over the amounts without a
 * snapshot or a call per position. Undefined for any other book.
 */
export function singlePairColumns(
  book: LendingBook,
  prices: Readonly<Record<string, number>>,
  liquidationThreshold: (asset: string) => number,
): { collateral: Column; debt: Column } | undefined {
  if (book.collateralAssets.length !== 1 || book.debtAssets.length !== 1) return undefined;
  const [collateral] = columnsByName(book.collateralAssets, book.collateral, prices, liquidationThreshold);
  const [debt] = columnsByName(book.debtAssets, book.debt, prices, () => 0);
  return { collateral, debt };
}

/** Columns sorted by asset name, so a strict ">" keeps the first name among equal values. */
function columnsByName(
  assets: string[],
  amounts: Float64Array[],
  prices: Readonly<Record<string, number>>,
  threshold: (asset: string) => number,
) {
  return assets
    .map((asset, c) => ({
      asset,
      amounts: amounts[c],
      price: hasName(prices, asset) ? prices[asset] : 0,
      threshold: threshold(asset),
    }))
    .sort((a, b) => compareNames(a.asset, b.asset));
}

export const filePrices = (assets: Readonly<Record<string, { price: number }>>): Record<string, number> =>
  nameMap(Object.fromEntries(Object.entries(assets).map(([symbol, asset]) => [symbol, asset.price])));
