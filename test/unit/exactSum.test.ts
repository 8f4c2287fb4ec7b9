/** ExactSum: the correctly rounded exact sum, whatever the order (fast-check against BigInt arithmetic). */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ExactSum, exactSum } from "../../src/engine/exactSum";

/** x * 2^SCALE as an exact integer: every double of magnitude above 2^-200 is a multiple of 2^-252. */
const SCALE = 252n;
function scaled(x: number): bigint {
  if (x === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const exponent = (high >>> 20) & 0x7ff;
  const mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  const significand = exponent === 0 ? mantissa : mantissa | (1n << 52n);
  const shift = BigInt(Math.max(exponent, 1) - 1075) + SCALE;
  assert.ok(shift >= 0n, `${x} is below the test's range`);
  const magnitude = significand << shift;
  return high >>> 31 ? -magnitude : magnitude;
}

/** The exact sum rounded once: Number(bigint) rounds to nearest, ties to even, and 2^-252 scales exactly. */
function reference(values: number[]): number {
  const total = values.reduce((sum, x) => sum + scaled(x), 0n);
  return Number(total) * 2 ** -Number(SCALE);
}

const wide = fc.oneof(
  fc.double({ min: -1e30, max: 1e30, noNaN: true, noDefaultInfinity: true }).filter((x) => Math.abs(x) > 1e-40),
  fc.constant(0),
  fc.integer({ min: -60, max: 60 }).map((e) => 2 ** e),
  fc.integer({ min: -60, max: 60 }).map((e) => 2 ** e * (1 + 2 ** -52)),
);

describe("exact sums", () => {
  it("equal the exact sum rounded once, in every order", () => {
    fc.assert(
      fc.property(
        fc
          .array(wide, { maxLength: 40 })
          .chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length }))),
        ([values, shuffled]) => {
          const expected = reference(values);
          assert.equal(exactSum(values), expected);
          assert.equal(exactSum(shuffled), expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("the cases a plain sum gets wrong", () => {
    assert.equal(exactSum([1e100, 1, -1e100]), 1);
    assert.notEqual(0.1 + 0.2 + 0.3, 0.3 + 0.2 + 0.1);
    assert.equal(exactSum([0.1, 0.2, 0.3]), reference([0.1, 0.2, 0.3]));
    // A tie broken by a far smaller term (fsum's final correction): 1 + 2^-53 + 2^-106 rounds up.
    assert.equal(exactSum([1, 2 ** -53, 2 ** -106]), 1 + 2 ** -52);
    assert.equal(exactSum([1, 2 ** -53]), 1);
    assert.equal(exactSum([]), 0);
  });

  it("adding one exact sum to another is exact", () => {
    fc.assert(
      fc.property(fc.array(wide, { maxLength: 30 }), fc.array(wide, { maxLength: 30 }), (left, right) => {
        const sum = new ExactSum();
        const other = new ExactSum();
        left.forEach((x) => sum.add(x));
        right.forEach((x) => other.add(x));
        sum.addSum(other);
        assert.equal(sum.value(), reference([...left, ...right]));
      }),
      { numRuns: 500 },
    );
  });

  it("past the double range, Infinity; an intermediate overflow a plain sum cannot undo is undone; NaN stays NaN", () => {
    assert.equal(exactSum([1.5e308, 1.5e308]), Number.POSITIVE_INFINITY);
    assert.equal(exactSum([1.5e308, 1.5e308, -1.5e308]), 1.5e308); // a plain sum would be Infinity
    assert.equal(exactSum([-Number.MAX_VALUE, -Number.MAX_VALUE]), Number.NEGATIVE_INFINITY);
    assert.equal(exactSum([Number.MIN_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE]), Number.MIN_VALUE);
    assert.equal(exactSum([Number.POSITIVE_INFINITY, 1]), Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(exactSum([1, Number.NaN, 2])));
  });

  it("more additions than a digit holds between carries; clear starts over", () => {
    const sum = new ExactSum();
    const x = 2 ** 32 - 1 + 0.5; // fills its digits: each addition brings nearly 2^32 units to each
    for (let i = 0; i < 3_000_000; i++) sum.add(x);
    assert.equal(sum.value(), Number(BigInt(2 ** 33 - 1) * 3_000_000n) / 2);
    sum.clear();
    sum.add(3);
    assert.equal(sum.value(), 3);
  });
});
