import type { LendingPosition, OptionPosition, PerpsPosition } from "./schema";
import type { LendingBook, OptionsBook, PerpsBook } from "./book";
import { hasName } from "./names";

export function lendingBookFromPositions(positions: readonly LendingPosition[]): LendingBook {
  const collateralAssets = distinctKeys(positions.map((p) => p.collateral));
  const debtAssets = distinctKeys(positions.map((p) => p.debt));
  const collateral = collateralAssets.map((asset) =>
    Float64Array.from(positions, (p) => (hasName(p.collateral, asset) ? p.collateral[asset] : 0)),
  );
  const debt = debtAssets.map((asset) =>
    Float64Array.from(positions, (p) => (hasName(p.debt, asset) ? p.debt[asset] : 0)),
  );
  return { kind: "lending", ids: positions.map((p) => p.id), collateralAssets, collateral, debtAssets, debt };
}

export function perpsBookFromPositions(positions: readonly PerpsPosition[]): PerpsBook {
  const markets = [...new Set(positions.map((p) => p.market))];
  const marketIndex = new Map(markets.map((m, i) => [m, i]));
  return {
    kind: "perps",
    ids: positions.map((p) => p.id),
    markets,
    marketOf: Int32Array.from(positions, (p) => marketIndex.get(p.market) ?? 0),
    size: Float64Array.from(positions, (p) => p.size),
    entryPrice: Float64Array.from(positions, (p) => p.entryPrice),
    margin: Float64Array.from(positions, (p) => p.margin),
  };
}

function distinctKeys(records: readonly Record<string, number>[]): string[] {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  return [...keys];
}

export function optionsBookFromPositions(positions: readonly OptionPosition[]): OptionsBook {
  const markets = [...new Set(positions.map((p) => p.market))];
  const marketIndex = new Map(markets.map((m, i) => [m, i]));
  return {
    kind: "options",
    ids: positions.map((p) => p.id),
    markets,
    marketOf: Int32Array.from(positions, (p) => marketIndex.get(p.market) ?? 0),
    isCall: Uint8Array.from(positions, (p) => (p.type === "call" ? 1 : 0)),
    strike: Float64Array.from(positions, (p) => p.strike),
    expiryDays: Float64Array.from(positions, (p) => p.expiryDays),
    size: Float64Array.from(positions, (p) => p.size),
    premium: Float64Array.from(positions, (p) => p.premium),
    margin: Float64Array.from(positions, (p) => p.margin),
  };
}
