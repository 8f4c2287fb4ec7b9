/**
 * Walks a columnar lending book at given prices and reports each position's values, with
 * the SPEC's choice of debt to repay and collateral to seize (largest value, ties by name).
 */
import type { LendingBook } from "./book";

export interface LendingSnapshot {
  collateralUsd: number;
  liquidationValueUsd: number;
  debtUsd: number;
  healthFactor: number;
  largestCollateral?: { asset: string; valueUsd: number };
  largestDebt?: { asset: string; valueUsd: number };
}

export function scanLendingBook(
  book: LendingBook,
  prices: Readonly<Record<string, number>>,
  liquidationThreshold: (asset: string) => number,
  visit: (index: number, snapshot: LendingSnapshot) => void,
): void {
  const collateralColumns = columnsByName(book.collateralAssets, book.collateral, prices, liquidationThreshold);
  const debtColumns = columnsByName(book.debtAssets, book.debt, prices, () => 0);
  for (let i = 0; i < book.ids.length; i++) {
    const snapshot: LendingSnapshot = { collateralUsd: 0, liquidationValueUsd: 0, debtUsd: 0, healthFactor: Infinity };
    for (const column of collateralColumns) {
      const value = column.amounts[i] * column.price;
      snapshot.collateralUsd += value;
      snapshot.liquidationValueUsd += value * column.threshold;
      if (column.amounts[i] > 0 && (!snapshot.largestCollateral || value > snapshot.largestCollateral.valueUsd)) snapshot.largestCollateral = { asset: column.asset, valueUsd: value };
    }
    for (const column of debtColumns) {
      const value = column.amounts[i] * column.price;
      snapshot.debtUsd += value;
      if (column.amounts[i] > 0 && (!snapshot.largestDebt || value > snapshot.largestDebt.valueUsd)) snapshot.largestDebt = { asset: column.asset, valueUsd: value };
    }
    if (snapshot.debtUsd > 0) snapshot.healthFactor = snapshot.liquidationValueUsd / snapshot.debtUsd;
    visit(i, snapshot);
  }
}

/** Columns sorted by asset name, so a strict ">" keeps the first name among equal values. */
function columnsByName(assets: string[], amounts: Float64Array[], prices: Readonly<Record<string, number>>, threshold: (asset: string) => number) {
  return assets
    .map((asset, c) => ({ asset, amounts: amounts[c], price: prices[asset] ?? 0, threshold: threshold(asset) }))
    .sort((a, b) => (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
}

export const filePrices = (assets: Readonly<Record<string, { price: number }>>): Record<string, number> =>
  Object.fromEntries(Object.entries(assets).map(([symbol, asset]) => [symbol, asset.price]));
