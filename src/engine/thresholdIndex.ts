/**
 * Which lending positions can possibly be liquidatable this round, without touching the
 * others. A position with one collateral asset k and one debt asset d is liquidatable iff
 * c*LT/b < o[d]/o[k]: its critical ratio r = c*LT/b is fixed until it is liquidated. So
 * positions are sorted by r per (k, d) pair, and a round walks only the prefix below the
 * current price ratio. The prefix bound carries a 1e-9 relative guard band, far above
 * floating-point error, and every candidate is then decided by the SPEC's exact formula,
 * so results are those of examining every position.
 *
 * The compiled book is stored in this order (multi-asset positions first, then each group
 * by ratio): walking a prefix is then a sequential read, not a cache miss per position.
 */
import { radixArgsort } from "./radixArgsort";

export interface ThresholdGroup {
  collateralAsset: number;
  debtAsset: number;
  /** Compiled position indices [start, start + ratios.length), sorted by critical ratio. */
  start: number;
  ratios: Float64Array;
}

export interface LendingThresholdIndex {
  groups: ThresholdGroup[];
  /** Compiled positions [0, alwaysExamined): several assets or no collateral, examined every round. */
  alwaysExamined: number;
}

export const GUARD_BAND = 1 + 1e-9;

export interface SparseRows {
  start: Int32Array;
  asset: Int32Array;
  amount: Float64Array;
}

/** The storage order of positions (file indices; null: the file's order) and the index over it. */
export function planThresholdIndex(
  positionCount: number,
  collateral: SparseRows,
  debt: SparseRows,
  threshold: Float64Array,
  enabled: boolean,
): { order: Int32Array | null; index: LendingThresholdIndex } {
  if (!enabled) return { order: null, index: { groups: [], alwaysExamined: positionCount } };
  // Typed arrays and counts first, then one placement pass: a million positions pushed into
  // JS arrays (and copied twice) cost more than the cascade they speed up.
  const assetCount = threshold.length;
  const pairOf = new Int32Array(positionCount);
  const counts = new Map<number, number>(); // insertion order = first appearance: the groups' order
  let alwaysCount = 0;
  let debtFreeCount = 0;
  for (let i = 0; i < positionCount; i++) {
    const debtEntries = debt.start[i + 1] - debt.start[i];
    const collateralEntries = collateral.start[i + 1] - collateral.start[i];
    if (debtEntries === 0) {
      pairOf[i] = -2; // never liquidatable: debt never grows
      debtFreeCount++;
    } else if (debtEntries !== 1 || collateralEntries !== 1) {
      pairOf[i] = -1;
      alwaysCount++;
    } else {
      const pair = collateral.asset[collateral.start[i]] * assetCount + debt.asset[debt.start[i]];
      pairOf[i] = pair;
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
  }
  const order = new Int32Array(positionCount);
  let alwaysAt = 0;
  let debtFreeAt = positionCount - debtFreeCount;
  const members = new Map<number, { list: Int32Array; filled: number }>();
  for (const [pair, count] of counts) members.set(pair, { list: new Int32Array(count), filled: 0 });
  for (let i = 0; i < positionCount; i++) {
    const pair = pairOf[i];
    if (pair === -1) order[alwaysAt++] = i;
    else if (pair === -2) order[debtFreeAt++] = i;
    else {
      const group = members.get(pair)!;
      group.list[group.filled++] = i;
    }
  }
  const groups: ThresholdGroup[] = [];
  let at = alwaysCount;
  for (const [pair, { list }] of members) {
    const k = Math.floor(pair / assetCount);
    const ratios = new Float64Array(list.length);
    for (let j = 0; j < list.length; j++) {
      const i = list[j];
      ratios[j] = (collateral.amount[collateral.start[i]] * threshold[k]) / debt.amount[debt.start[i]];
    }
    const sorted = radixArgsort(ratios);
    const sortedRatios = new Float64Array(list.length);
    for (let j = 0; j < list.length; j++) {
      sortedRatios[j] = ratios[sorted[j]];
      order[at + j] = list[sorted[j]];
    }
    groups.push({ collateralAsset: k, debtAsset: pair % assetCount, start: at, ratios: sortedRatios });
    at += list.length;
  }
  return { order, index: { groups, alwaysExamined: alwaysCount } };
}

/** 0, 1, 2, ...: the start array of rows of one entry each (a plain loop: Int32Array.from with a function is ~30 times slower). */
export function countingFrom0(length: number): Int32Array {
  const numbers = new Int32Array(length);
  for (let i = 0; i < length; i++) numbers[i] = i;
  return numbers;
}

/** The rows of `rows` in the order `order` (file indices): the rows themselves when that is the file's order. */
export function permuteRows(rows: SparseRows, order: Int32Array | null): SparseRows {
  if (order === null) return rows;
  let identity = true;
  for (let p = 0; p < order.length && identity; p++) identity = order[p] === p;
  if (identity) return rows;
  // One entry per row (a single-collateral or single-debt book): a plain gather.
  if (rows.asset.length === order.length && rows.start[order.length] === order.length) {
    const start = countingFrom0(order.length + 1);
    const asset = new Int32Array(order.length);
    const amount = new Float64Array(order.length);
    let single = true;
    for (let p = 0; p < order.length && single; p++) single = rows.start[p] === p;
    if (single) {
      for (let p = 0; p < order.length; p++) {
        asset[p] = rows.asset[order[p]];
        amount[p] = rows.amount[order[p]];
      }
      return { start, asset, amount };
    }
  }
  const start = new Int32Array(order.length + 1);
  for (let p = 0; p < order.length; p++) start[p + 1] = start[p] + rows.start[order[p] + 1] - rows.start[order[p]];
  const asset = new Int32Array(rows.asset.length);
  const amount = new Float64Array(rows.amount.length);
  for (let p = 0; p < order.length; p++) {
    for (let from = rows.start[order[p]], to = start[p]; to < start[p + 1]; from++, to++) {
      asset[to] = rows.asset[from];
      amount[to] = rows.amount[from];
    }
  }
  return { start, asset, amount };
}
