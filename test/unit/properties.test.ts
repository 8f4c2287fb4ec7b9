/** Properties of the cascade model that must hold for any book (fast-check). */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compileModel } from "../../src/engine/compiledModel";
import { simulateScenario } from "../../src/engine/simulate";
import { SimulationError } from "../../src/engine/simulationError";
import { lendingVenue, onePairBothWays, perpsVenue, resolve, riskFile, simulate, type Json } from "./support";

const lendingPosition = fc.record({
  id: fc.uuid(),
  collateral: fc.record({ WETH: fc.double({ min: 0.01, max: 1e5, noNaN: true }) }),
  debt: fc.record({ USDC: fc.double({ min: 1, max: 1e8, noNaN: true }) }),
});
const perpsPosition = fc.record({
  id: fc.uuid(),
  market: fc.constant("ETH-PERP"),
  size: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
  entryPrice: fc.double({ min: 100, max: 10000, noNaN: true }),
  margin: fc.double({ min: 0, max: 1e7, noNaN: true }),
});
const liquidity = fc.oneof(
  fc.constant({ model: "none" }),
  fc.record({ model: fc.constant("linear"), depthUsd: fc.double({ min: 1e3, max: 1e9, noNaN: true }) }),
  fc.record({ model: fc.constant("sqrt"), depthUsd: fc.double({ min: 1e3, max: 1e9, noNaN: true }) }),
  fc.record({ model: fc.constant("amm"), reserveUsd: fc.double({ min: 1e3, max: 1e10, noNaN: true }) }),
);
const market = fc.record({
  ltv: fc.constant(0.5),
  liquidationThreshold: fc.double({ min: 0.55, max: 0.9, noNaN: true }),
  liquidationBonus: fc.double({ min: 0, max: 0.1, noNaN: true }),
  liquidationProtocolFee: fc.double({ min: 0, max: 0.5, noNaN: true }),
});
const book = fc.record({
  weth: liquidity,
  market,
  closeFactor: fc.double({ min: 0.1, max: 1, noNaN: true }),
  lending: fc.uniqueArray(lendingPosition, { maxLength: 25, selector: (p) => p.id }),
  perps: fc.uniqueArray(perpsPosition, { maxLength: 25, selector: (p) => p.id }),
  shock: fc.double({ min: -0.9, max: 0.5, noNaN: true }),
});
type Book = typeof book extends fc.Arbitrary<infer T> ? T : never;

function fileOf(b: Book, wethLiquidity: Json = b.weth, order: (xs: unknown[]) => unknown[] = (xs) => xs): Json {
  return riskFile({
    assets: { WETH: { price: 2000, liquidity: wethLiquidity }, USDC: { price: 1 } },
    venues: [
      lendingVenue({
        closeFactor: b.closeFactor,
        markets: { WETH: b.market, USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 } },
        positions: order(b.lending),
      }),
      perpsVenue({ positions: order(b.perps) }),
    ],
  });
}

const relativelyEqual = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** A run ends with a result or a located SimulationError (a market that cannot absorb the flow), never anything else. */
function outcome<T>(run: () => T): T | SimulationError {
  try {
    return run();
  } catch (error) {
    if (error instanceof SimulationError) {
      assert.ok(error.path.length >= 2 && error.path[0] === "assets", "the error names the asset parameter");
      return error;
    }
    throw error;
  }
}

describe("cascade properties", () => {
  it("prices stay positive and finite", () => {
    fc.assert(
      fc.property(book, (b) => {
        const result = outcome(() => simulate(fileOf(b), { WETH: b.shock }));
        if (result instanceof SimulationError) return;
        for (const round of result.perRound)
          for (const price of Object.values(round.prices)) assert.ok(price > 0 && Number.isFinite(price));
      }),
      { numRuns: 150 },
    );
  });

  it("with no liquidity impact nothing moves after round 0", () => {
    fc.assert(
      fc.property(book, (b) => {
        const result = simulate(fileOf(b, { model: "none" }), { WETH: b.shock });
        const shocked = 2000 * (1 + b.shock);
        for (const round of result.perRound) assert.equal(round.prices.WETH, shocked);
      }),
      { numRuns: 150 },
    );
  });

  it("more depth never gives a deeper final drawdown (long perps books, linear impact)", () => {
    // A long-only perps book has no liquidator profitability in play, and linear impact
    // makes two small sales cost what one large sale costs, so depth is the only difference.
    const longs = fc.uniqueArray(
      perpsPosition.map((p) => ({ ...p, size: Math.abs(p.size) + 0.01 })),
      { maxLength: 25, selector: (p) => p.id },
    );
    fc.assert(
      fc.property(book, longs, fc.double({ min: 1e4, max: 1e8, noNaN: true }), (b, perps, depthUsd) => {
        const withDepth = (depth: number) =>
          simulate(fileOf({ ...b, lending: [], perps }, { model: "linear", depthUsd: depth }), {
            WETH: -Math.abs(b.shock),
          });
        const thin = withDepth(depthUsd).drawdown.WETH;
        const deep = withDepth(depthUsd * 2).drawdown.WETH;
        assert.ok(deep >= thin - 1e-12, `deeper market fell further: ${deep} < ${thin}`);
      }),
      { numRuns: 150 },
    );
  });

  it("results do not depend on the order of positions", () => {
    fc.assert(
      fc.property(book, (b) => {
        const forward = outcome(() => simulate(fileOf(b), { WETH: b.shock }));
        const reversed = outcome(() =>
          simulate(
            fileOf(b, b.weth, (xs) => [...xs].reverse()),
            { WETH: b.shock },
          ),
        );
        if (forward instanceof SimulationError || reversed instanceof SimulationError) {
          assert.equal(forward instanceof SimulationError, reversed instanceof SimulationError);
          return;
        }
        assert.equal(forward.rounds, reversed.rounds);
        assert.ok(relativelyEqual(forward.finalPrices.WETH, reversed.finalPrices.WETH));
        assert.ok(relativelyEqual(forward.liquidatedUsd, reversed.liquidatedUsd));
        forward.venues.forEach((v, i) => {
          assert.ok(relativelyEqual(v.badDebtUsd, reversed.venues[i].badDebtUsd));
          assert.equal(v.liquidations, reversed.venues[i].liquidations);
        });
      }),
      { numRuns: 150 },
    );
  });

  it("a lending book's rows in any order give the same results, bit for bit", () => {
    fc.assert(
      fc.property(
        book.chain((b) => fc.shuffledSubarray(b.lending, { minLength: b.lending.length }).map((rows) => ({ b, rows }))),
        ({ b, rows }) => {
          const lendingOnly = { ...b, perps: [] };
          const inFileOrder = outcome(() => simulate(fileOf(lendingOnly), { WETH: b.shock }));
          const shuffled = outcome(() => simulate(fileOf({ ...lendingOnly, lending: rows }), { WETH: b.shock }));
          if (inFileOrder instanceof SimulationError || shuffled instanceof SimulationError) {
            assert.equal(inFileOrder instanceof SimulationError, shuffled instanceof SimulationError);
            return;
          }
          assert.deepEqual(inFileOrder, shuffled);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a one-pair book scanned by its two columns gives exactly what examining each position's entries gives", () => {
    // The venue's other terms too: full liquidation below a health factor (or never) and below a size, a liquidator's cost.
    const terms = fc.record({
      fullLiquidationHealthFactor: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1, noNaN: true })),
      fullLiquidationBelowUsd: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e9, noNaN: true })),
      liquidatorCostUsd: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e7, noNaN: true })),
    });
    fc.assert(
      // Version 2 empties amounts exactly (SPEC 8.1), so positions with no debt, or no collateral, or neither turn up.
      fc.property(book, fc.boolean(), fc.constantFrom(0.5, 1), terms, (b, version2, closeFactor, venueTerms) => {
        fc.pre(b.lending.length > 0);
        const file = fileOf({ ...b, closeFactor, perps: [] }) as { venues: Json[] };
        file.venues[0] = { ...(file.venues[0] as object), ...venueTerms };
        const resolved = resolve({ ...file, version: version2 ? 2 : 1 });
        const { columns, entries } = onePairBothWays(resolved, { WETH: b.shock });
        assert.deepEqual(columns, entries);
      }),
      { numRuns: 300 },
    );
  });

  it("a one-pair book longer than one chunk of the column scan gives exactly what examining each position gives", () => {
    // 10,000 positions: pairRound.ts walks them in chunks of 4,096, the last one partial.
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const lending = Array.from({ length: 10_000 }, (_, i) => {
      const collateral = 0.01 + next() * 100;
      return {
        id: `p${i}`,
        collateral: { WETH: collateral },
        debt: { USDC: collateral * 2000 * (0.3 + 0.6 * next()) },
      };
    });
    const market = {
      ltv: 0.5 as const,
      liquidationThreshold: 0.83,
      liquidationBonus: 0.05,
      liquidationProtocolFee: 0.1,
    };
    const weth = { model: "sqrt" as const, depthUsd: 5e7 };
    const file = fileOf({ weth, market, closeFactor: 0.5, lending, perps: [], shock: -0.3 });
    const { columns, entries } = onePairBothWays(resolve(file), { WETH: -0.3 });
    assert.ok(typeof columns !== "string" && columns.rounds > 2 && columns.venues[0].liquidations > 4096);
    assert.deepEqual(columns, entries);
  });

  it("the threshold index gives exactly the results of examining every position", () => {
    const mixed = fc.uniqueArray(
      fc.record({
        id: fc.uuid(),
        collateral: fc.record({
          WETH: fc.double({ min: 0.01, max: 1e4, noNaN: true }),
          USDC: fc.oneof(fc.constant(0), fc.double({ min: 1, max: 1e6, noNaN: true })),
        }),
        debt: fc.record({ USDC: fc.double({ min: 1, max: 3e7, noNaN: true }) }),
      }),
      { maxLength: 60, selector: (p) => p.id },
    );
    fc.assert(
      fc.property(book, mixed, (b, lending) => {
        const resolved = resolve(fileOf({ ...b, lending }));
        const indexed = outcome(() =>
          simulateScenario(compileModel(resolved.file, resolved.books), "s", { WETH: b.shock }),
        );
        const everyPosition = outcome(() =>
          simulateScenario(compileModel(resolved.file, resolved.books, { thresholdIndex: false }), "s", {
            WETH: b.shock,
          }),
        );
        if (indexed instanceof SimulationError || everyPosition instanceof SimulationError) {
          assert.equal(indexed instanceof SimulationError, everyPosition instanceof SimulationError);
          return;
        }
        // Exact round sums (engine/exactSum.ts): not close, the same bits.
        assert.deepEqual(indexed, everyPosition);
      }),
      { numRuns: 200 },
    );
  });
});
