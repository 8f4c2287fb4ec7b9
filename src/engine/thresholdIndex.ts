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

/** The storage order of positions (file indices) and the index over it. */
export function planThresholdIndex(
  positionCount: number,
  collateral: SparseRows,
  debt: SparseRows,
  threshold: Float64Array,
  enabled: boolean,
): { order: Int32Array; index: LendingThresholdIndex } {
  if (!enabled)
    return {
      order: Int32Array.from({ length: positionCount }, (_, i) => i),
      index: { groups: [], alwaysExamined: positionCount },
    };
  const byPair = new Map<number, number[]>();
  const always: number[] = [];
  const debtFree: number[] = [];
  const assetCount = threshold.length;
  for (let i = 0; i < positionCount; i++) {
    const debtEntries = debt.start[i + 1] - debt.start[i];
    const collateralEntries = collateral.start[i + 1] - collateral.start[i];
    if (debtEntries === 0)
      debtFree.push(i); // never liquidatable: debt never grows
    else if (debtEntries !== 1 || collateralEntries !== 1) always.push(i);
    else {
      const pair = collateral.asset[collateral.start[i]] * assetCount + debt.asset[debt.start[i]];
      let list = byPair.get(pair);
      if (!list) byPair.set(pair, (list = []));
      list.push(i);
    }
  }
  const order: number[] = [...always];
  const groups: ThresholdGroup[] = [];
  for (const [pair, list] of byPair) {
    const k = Math.floor(pair / assetCount);
    const ratios = Float64Array.from(
      list,
      (i) => (collateral.amount[collateral.start[i]] * threshold[k]) / debt.amount[debt.start[i]],
    );
    const sorted = radixArgsort(ratios);
    groups.push({
      collateralAsset: k,
      debtAsset: pair % assetCount,
      start: order.length,
      ratios: Float64Array.from(sorted, (j) => ratios[j]),
    });
    for (const j of sorted) order.push(list[j]);
  }
  for (const i of debtFree) order.push(i); // not push(...): a million arguments overflow the stack
  return { order: Int32Array.from(order), index: { groups, alwaysExamined: always.length } };
}

/** The rows of `rows` in the order `order` (file indices). */
export function permuteRows(rows: SparseRows, order: Int32Array): SparseRows {
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
