/** Monte Carlo stress test and parameter sweep building blocks. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileModel } from "../../src/engine/compiledModel";
import {
  cholesky,
  correlatedShocks,
  distribution,
  monteCarlo,
  normalGenerator,
  quantile,
} from "../../src/engine/monteCarlo";
import { SimulationError } from "../../src/engine/simulationError";
import { resolveParamPath, sweepValues, withValue } from "../../src/engine/sweep";
import { lendingVenue, resolve, riskFile } from "./support";

describe("Monte Carlo", () => {
  it("quantiles follow numpy's default (linear) on a known sample", () => {
    const values = Array.from({ length: 101 }, (_, i) => i); // 0..100
    assert.equal(quantile(values, 0.95), 95);
    assert.equal(quantile(values, 0.99), 99);
    assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
    const d = distribution([0, 0, 0, 10]);
    assert.deepEqual([d.mean, d.max], [2.5, 10]);
    assert.ok(Math.abs(d.q95 - 8.5) < 1e-12 && Math.abs(d.q99 - 9.7) < 1e-12, `${d.q95} ${d.q99}`);
  });

  it("draws standard normals: mean 0, variance 1, 95 % inside ±1.96", () => {
    const normal = normalGenerator(7);
    const sample = Array.from({ length: 40000 }, () => normal());
    const mean = sample.reduce((s, x) => s + x, 0) / sample.length;
    const variance = sample.reduce((s, x) => s + (x - mean) ** 2, 0) / sample.length;
    assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.03, `variance ${variance}`);
    const inside = sample.filter((x) => Math.abs(x) < 1.96).length / sample.length;
    assert.ok(Math.abs(inside - 0.95) < 0.005, `inside ${inside}`);
  });

  it("factors a correlation matrix and reproduces its correlation in the shocks", () => {
    const lower = cholesky([
      [1, 0.8],
      [0.8, 1],
    ]);
    assert.deepEqual(
      lower.map((row) => row.map((x) => Number(x.toFixed(12)))),
      [
        [1, 0],
        [0.8, 0.6],
      ],
    );
    assert.throws(
      () =>
        cholesky([
          [1, 0.9, -0.9],
          [0.9, 1, 0.9],
          [-0.9, 0.9, 1],
        ]),
      /positive semi-definite/,
    );
    const normal = normalGenerator(3);
    const logs = Array.from({ length: 20000 }, () =>
      correlatedShocks([0.3, 0.3], lower, normal).map((s) => Math.log(1 + s)),
    );
    const mean = (i: number) => logs.reduce((s, l) => s + l[i], 0) / logs.length;
    const [m0, m1] = [mean(0), mean(1)];
    const cov = logs.reduce((s, l) => s + (l[0] - m0) * (l[1] - m1), 0) / logs.length;
    const sd = (i: number, m: number) => Math.sqrt(logs.reduce((s, l) => s + (l[i] - m) ** 2, 0) / logs.length);
    assert.ok(Math.abs(cov / (sd(0, m0) * sd(1, m1)) - 0.8) < 0.02);
    assert.ok(Math.abs(m0 + 0.045) < 0.01, "log-return mean -s^2/2: shocks are a martingale");
  });

  const file = riskFile({
    assets: {
      WETH: { price: 1000, volatility: 0.5, liquidity: { model: "linear", depthUsd: 20000 } },
      USDC: { price: 1 },
    },
    venues: [
      lendingVenue({
        positions: Array.from({ length: 20 }, (_, i) => ({
          id: `p${i}`,
          collateral: { WETH: 10 },
          debt: { USDC: 5000 + i * 150 },
        })),
      }),
    ],
  });

  it("gives the same numbers for the same seed, other numbers for another", () => {
    const resolved = resolve(file);
    const model = compileModel(resolved.file, resolved.books);
    const run = (seed: number) => monteCarlo(model, { WETH: 0.5 }, {}, { paths: 200, seed });
    assert.deepEqual(run(11), run(11));
    assert.notDeepEqual(run(11).badDebtUsd, run(12).badDebtUsd);
    const result = run(11);
    assert.ok(result.badDebtUsd.q95 <= result.badDebtUsd.q99 && result.badDebtUsd.q99 <= result.badDebtUsd.max);
    assert.equal(result.samples.length, 200);
  });

  it("refuses inconsistent correlations with a located error", () => {
    const resolved = resolve(file);
    const model = compileModel(resolved.file, resolved.books);
    assert.throws(
      () => monteCarlo(model, { WETH: 0.5, USDC: 0.1 }, { WETH: { USDC: 1.5 } }, { paths: 1, seed: 1 }),
      (error: unknown) => error instanceof SimulationError && error.path[0] === "correlations",
    );
  });
});

describe("sweep", () => {
  it("spaces N+1 values from X to Y, ending exactly at Y", () => {
    assert.deepEqual(
      sweepValues(0.75, 0.9, 3),
      [0, 1, 2, 3].map((i) => (i === 3 ? 0.9 : 0.75 + (i * (0.9 - 0.75)) / 3)),
    );
    assert.equal(sweepValues(0.81, 0.85, 2)[2], 0.85);
  });

  it("follows a path through keys and named items, and changes only that value", () => {
    const raw = { venues: [{ name: "Pool", markets: { WETH: { ltv: 0.8, liquidationThreshold: 0.83 } } }] };
    const path = resolveParamPath(raw, "venues.Pool.markets.WETH.liquidationThreshold");
    assert.deepEqual(path, ["venues", 0, "markets", "WETH", "liquidationThreshold"]);
    const changed = withValue(raw, path as (string | number)[], 0.9) as typeof raw;
    assert.equal(changed.venues[0].markets.WETH.liquidationThreshold, 0.9);
    assert.equal(raw.venues[0].markets.WETH.liquidationThreshold, 0.83, "the original is untouched");
    assert.ok("error" in (resolveParamPath(raw, "venues.Nope.closeFactor") as object));
    assert.ok("error" in (resolveParamPath(raw, "venues.Pool.markets") as object), "an object is not a number");
  });
});
