/** Quick-fix values the rules compute, and the typo matcher behind CL003's fix. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { closestName, editDistance } from "../../src/rules/closestName";
import { WindowedMedian } from "../../src/model/windowedMedian";
import { validateRiskText } from "../../src/rules/validate";
import { lendingVenue, perpsVenue, riskFile } from "./support";

const fixes = (file: object, code: string) =>
  validateRiskText(JSON.stringify(file)).problems.find((p) => p.code === code)?.fixes ?? [];

describe("quick-fix values", () => {
  it("CL011's fixes are the largest 4-decimal values with LT(1+LB) < 1", () => {
    const file = riskFile({
      venues: [
        lendingVenue({
          markets: {
            WETH: { ltv: 0.5, liquidationThreshold: 0.96, liquidationBonus: 0.05 },
            USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
          },
        }),
      ],
    });
    const [threshold, bonus] = fixes(file, "CL011").map((f) => Number(f.newText));
    assert.ok(threshold * 1.05 < 1 && (threshold + 0.0001) * 1.05 >= 1, `threshold ${threshold}`);
    assert.ok(0.96 * (1 + bonus) < 1 && 0.96 * (1 + bonus + 0.0001) >= 1, `bonus ${bonus}`);
  });

  it("CL010 and CL020 fixes clear their rule", () => {
    const lending = riskFile({
      venues: [
        lendingVenue({
          markets: {
            WETH: { ltv: 0.9, liquidationThreshold: 0.83, liquidationBonus: 0.05 },
            USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
          },
        }),
      ],
    });
    assert.equal(fixes(lending, "CL010")[0].newText, "0.825");
    const perps = riskFile({
      venues: [
        perpsVenue({ markets: { "ETH-PERP": { asset: "WETH", initialMargin: 0.05, maintenanceMargin: 0.05 } } }),
      ],
    });
    assert.equal(fixes(perps, "CL020")[0].newText, "0.03");
  });
});

describe("closestName", () => {
  it("finds case slips, swaps and one-letter typos, and nothing for a different name", () => {
    const assets = ["WETH", "WBTC", "USDC", "stETH"];
    assert.equal(closestName("WETh", assets), "WETH");
    assert.equal(closestName("UDSC", assets), "USDC");
    assert.equal(closestName("steth", assets), "stETH");
    assert.equal(closestName("DOGE", assets), undefined);
    assert.equal(closestName("WETH", assets), undefined, "a known name needs no fix");
    assert.equal(editDistance("abcd", "acbd"), 1);
  });
});

describe("median", () => {
  const sortedMedian = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };

  it("by selection: the sorted middle for odd and even counts, with duplicates", async () => {
    const { median } = await import("../../src/model/median");
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 40 }), (values) => {
        assert.equal(median(Float64Array.from(values)), sortedMedian(values));
      }),
    );
  });

  it("by the numbers' top bits (4,096 numbers and more): the sorted middle, bit for bit, and quickselect's answer for any column", async () => {
    const { median, medianBySelection } = await import("../../src/model/median");
    const fc = (await import("fast-check")).default;
    // Values that share groups (duplicates, one binade, +0, subnormals, Infinity) and, now and then, ones that leave the radix path.
    const value = fc.oneof(
      fc.double({ min: 0, max: 1e9, noNaN: true }).filter((v) => !Object.is(v, -0)),
      fc.double({ min: 1024, max: 1100, noNaN: true }),
      fc.constantFrom(0, 5e-324, 1, 1.0000000000000002, 1e308, Number.POSITIVE_INFINITY),
    );
    const odd = fc.constantFrom(-0, -1, Number.NaN);
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 4096, maxLength: 4200 }),
        fc.option(fc.tuple(fc.nat(), odd), { freq: 4 }),
        (values, oddOne) => {
          if (oddOne) values[oddOne[0] % values.length] = oddOne[1];
          const expected = medianBySelection(Float64Array.from(values));
          assert.ok(Object.is(median(Float64Array.from(values)), expected));
          if (!oddOne) assert.ok(Object.is(expected, sortedMedian(values)));
        },
      ),
      { numRuns: 200 },
    );
  });

  /** The windowed median of `values` as CL012 takes it: a sample of evenly spaced ones, then all of them in chunks. */
  const windowed = (values: number[], sampleSize = 4096) => {
    const step = Math.max(1, Math.floor(values.length / sampleSize));
    const sample = Float64Array.from(values.filter((_, i) => i % step === 0));
    const window = WindowedMedian.around(sample, values.length);
    if (!window) return undefined;
    for (let from = 0; from < values.length; from += 1000) {
      const chunk = Float64Array.from(values.slice(from, from + 1000));
      window.add(chunk, chunk.length);
    }
    return window.median();
  };

  it("through a window a sample places: the sorted middle, bit for bit, or no answer (and never a wrong one)", async () => {
    const fc = (await import("fast-check")).default;
    // Spread, clustered, repeated and ordered runs, so the window sometimes misses the middle or overflows.
    const value = fc.oneof(
      fc.double({ min: 1e-3, max: 1e9, noNaN: true }),
      fc.integer({ min: 1, max: 3 }),
      fc.double({ min: 1024, max: 1025, noNaN: true }),
    );
    let answered = 0;
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 5000, maxLength: 12_000 }),
        fc.constantFrom("as drawn", "sorted", "sorted down"),
        fc.constantFrom(64, 256, 4096),
        (drawn, order, sampleSize) => {
          const values = order === "as drawn" ? drawn : [...drawn].sort((a, b) => (order === "sorted" ? a - b : b - a));
          const found = windowed(values, sampleSize);
          if (found === undefined) return;
          answered++;
          assert.ok(Object.is(found, sortedMedian(values)), `${found} against ${sortedMedian(values)}`);
        },
      ),
      { numRuns: 300 },
    );
    assert.ok(answered > 100, `the window answered ${answered} of 300 runs`);
  });

  it("through a window: no answer for a NaN or a sample with a number <= 0, nor when the sample misleads", () => {
    const spread = Array.from({ length: 10_000 }, (_, i) => 1 + ((i * 7919) % 10_000));
    assert.equal(windowed(spread), sortedMedian(spread));
    assert.equal(windowed(spread.map((v, i) => (i === 5003 ? Number.NaN : v))), undefined);
    assert.equal(windowed(spread.map((v, i) => (i === 0 ? -0 : v))), undefined);
    assert.equal(windowed(spread.map((v, i) => (i === 0 ? 0 : v))), undefined);
    // Every sampled position (every second one) holds 1, the others 100: the sample places the window around 1, the middle is 100.
    const misleading: number[] = Array.from({ length: 10_001 }, (_, i) => (i % 2 === 0 ? 1 : 100));
    misleading.push(...Array.from({ length: 2 }, () => 100));
    assert.equal(windowed(misleading, 5001), undefined);
    assert.equal(sortedMedian(misleading), 100);
    // And the other way: the sample sees only numbers from 50 up, the middle (25.5) lies below its window.
    const below = Array.from({ length: 10_002 }, (_, i) => (i % 2 === 0 ? 50 + i / 10_002 : 1));
    assert.equal(windowed(below, 5001), undefined);
    assert.equal(sortedMedian(below), 25.5);
  });

  it("with the middle at the edge of a group: the lower middle from the group below, or the same group", async () => {
    const { median } = await import("../../src/model/median");
    for (const n of [5000, 5001])
      for (const delta of [-2, -1, 0, 1, 2]) {
        // Two values of different groups, the smaller one filling the ranks up to about the middle.
        const smaller = (n >> 1) + delta;
        const values = Array.from({ length: n }, (_, i) => (i < smaller ? 3 + i / n : 70 + i / n));
        const shuffled = values.map((_, i) => values[(i * 7919) % n]);
        assert.ok(new Set(shuffled).size === n, "a permutation");
        assert.ok(Object.is(median(Float64Array.from(shuffled)), sortedMedian(values)), `n ${n}, delta ${delta}`);
      }
  });
});
