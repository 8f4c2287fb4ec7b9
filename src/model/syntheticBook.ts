/**
 * Reproducible generated books (the `{ "synthetic": ... }` form of `positions`). The
 * generator is mulberry32: tiny, fast, and the same sequence on every platform, so a seed
 * names one book forever.
 */
import { NumberedIds, type Book, type LendingBook, type PerpsBook } from "./book";
import type { SyntheticLending, SyntheticPerps } from "./schema";

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const logUniform = (random: () => number, min: number, max: number): number =>
  min > 0 && max > 0
    ? Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min)))
    : min + random() * (max - min);

/**
 * Single-collateral, single-debt positions: collateral value log-uniform (books are
 * dominated by many small accounts and a few whales), health factor uniform.
 */
export function syntheticLendingBook(
  spec: SyntheticLending,
  prices: { collateral: number; debt: number },
  liquidationThreshold: number,
): LendingBook {
  const random = mulberry32(spec.seed);
  const count = spec.count;
  const collateral = new Float64Array(count);
  const debt = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const collateralUsd = logUniform(random, spec.collateralUsd.min, spec.collateralUsd.max);
    const healthFactor = spec.healthFactor.min + random() * (spec.healthFactor.max - spec.healthFactor.min);
    collateral[i] = collateralUsd / prices.collateral;
    debt[i] = (collateralUsd * liquidationThreshold) / healthFactor / prices.debt;
  }
  return {
    kind: "lending",
    ids: new NumberedIds("s", count),
    collateralAssets: [spec.collateral],
    collateral: [collateral],
    debtAssets: [spec.debt],
    debt: [debt],
  };
}

/** Positions entered at the file price, leverage uniform, notional log-uniform. */
export function syntheticPerpsBook(spec: SyntheticPerps, price: number): PerpsBook {
  const random = mulberry32(spec.seed);
  const count = spec.count;
  const size = new Float64Array(count);
  const entryPrice = new Float64Array(count).fill(price);
  const margin = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const notionalUsd = logUniform(random, spec.notionalUsd.min, spec.notionalUsd.max);
    const leverage = spec.leverage.min + random() * (spec.leverage.max - spec.leverage.min);
    const isLong = random() < spec.longShare;
    size[i] = ((isLong ? 1 : -1) * notionalUsd) / price;
    margin[i] = notionalUsd / leverage;
  }
  const ids = new NumberedIds("s", count);
  return { kind: "perps", ids, markets: [spec.market], marketOf: new Int32Array(count), size, entryPrice, margin };
}

/** Everything a generated book depends on: its spec and the file's prices (and threshold, for health factors). */
export type SyntheticRequest =
  | {
      kind: "lending";
      spec: SyntheticLending;
      prices: { collateral: number; debt: number };
      liquidationThreshold: number;
    }
  | { kind: "perps"; spec: SyntheticPerps; price: number };

export function generateSynthetic(request: SyntheticRequest): Book {
  return request.kind === "lending"
    ? syntheticLendingBook(request.spec, request.prices, request.liquidationThreshold)
    : syntheticPerpsBook(request.spec, request.price);
}
