/**
 * Properties of every version 2 style (SPEC 8.1-8.7) on random single-collateral books:
 * results finite, prices positive, covered + uncovered = bad debt >= written off, and,
 * where the SPEC says the order of positions does not matter, the same results for the
 * book reversed.
 */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { SimulationError } from "../../src/engine/simulationError";
import type { ScenarioResult } from "../../src/engine/results";
import { onePairBothWays, resolve, riskFile, simulate, type Json } from "./support";

const positions = fc.uniqueArray(
  fc.record({
    id: fc.uuid(),
    collateral: fc.record({ WETH: fc.double({ min: 0.01, max: 1e4, noNaN: true }) }),
    debt: fc.record({ USDC: fc.double({ min: 1, max: 2e7, noNaN: true }) }),
  }),
  { minLength: 1, maxLength: 20, selector: (p) => p.id },
);
const liquidity = fc.oneof(
  fc.constant({ model: "none" }),
  fc.record({ model: fc.constant("sqrt"), depthUsd: fc.double({ min: 1e4, max: 1e9, noNaN: true }) }),
  fc.record({ model: fc.constant("linear"), depthUsd: fc.double({ min: 1e4, max: 1e9, noNaN: true }) }),
);
const threshold = fc.double({ min: 0.5, max: 0.9, noNaN: true });
const shocks = fc.double({ min: -0.8, max: -0.01, noNaN: true });

type Book = typeof positions extends fc.Arbitrary<infer T> ? T : never;
/** `check` on `runs` random books, each with a threshold, a WETH liquidity and a shock. */
function forEveryBook(runs: number, check: (book: Book, lt: number, depth: unknown, shock: number) => void): void {
  fc.assert(fc.property(positions, threshold, liquidity, shocks, check), { numRuns: runs });
}

/** Each style's venue for a threshold (markets and liquidation fields as the style requires). */
const styles: Record<string, { orderFree: boolean; venue: (lt: number) => Json }> = {
  aave: {
    orderFree: true,
    venue: (lt) => ({
      liquidation: { style: "aave" },
      markets: {
        WETH: { ltv: lt - 0.05, liquidationThreshold: lt, liquidationBonus: 0.05 },
        USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
      },
    }),
  },
  "aave-v3.3": {
    orderFree: true,
    venue: (lt) => ({
      liquidation: { style: "aave-v3.3" },
      markets: {
        WETH: { ltv: lt - 0.05, liquidationThreshold: lt, liquidationBonus: 0.05 },
        USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
      },
    }),
  },
  morpho: {
    orderFree: true,
    venue: (lt) => ({
      liquidation: { style: "morpho" },
      markets: { WETH: { ltv: lt - 0.05, liquidationThreshold: lt }, USDC: { ltv: 0, liquidationThreshold: 0 } },
    }),
  },
  euler: {
    orderFree: true,
    venue: (lt) => ({
      liquidation: { style: "euler", maxDiscount: 0.1 },
      markets: { WETH: { ltv: lt - 0.05, liquidationThreshold: lt }, USDC: { ltv: 0, liquidationThreshold: 0 } },
    }),
  },
  compound: {
    orderFree: true,
    venue: (lt) => ({
      liquidation: { style: "compound", baseAsset: "USDC" },
      insuranceFundUsd: 1e5,
      markets: { WETH: { ltv: lt - 0.05, liquidationThreshold: lt, liquidationFactor: 0.93 } },
    }),
  },
  // Kicks and liquity's liquidations go in ascending HF with ties by book order: the order matters on ties.
  maker: {
    orderFree: false,
    venue: (lt) => ({
      liquidation: { style: "maker", decayPerRound: 0.9, holeUsd: 5e6 },
      markets: { WETH: { ltv: lt, liquidationThreshold: lt, liquidationPenalty: 0.13 } },
    }),
  },
  liquity: {
    orderFree: false,
    venue: (lt) => ({
      liquidation: { style: "liquity", stabilityPool: 1e6 },
      markets: { WETH: { ltv: lt, liquidationThreshold: lt } },
    }),
  },
};

/** A version 2 file with one venue of `style` over `book`. */
function styleFile(style: string, book: unknown[], lt: number, wethLiquidity: unknown): Json {
  return riskFile({
    version: 2,
    assets: { WETH: { price: 2000, liquidity: wethLiquidity }, USDC: { price: 1 } },
    // Liquity has no liquidator to pay (the field is refused there).
    venues: [
      {
        name: "V",
        kind: "lending",
        ...(style === "liquity" ? {} : { liquidatorCostUsd: 5 }),
        positions: book,
        ...styles[style].venue(lt),
      },
    ],
    simulation: { maxRounds: 60 },
  });
}

function run(
  style: string,
  book: unknown[],
  lt: number,
  wethLiquidity: unknown,
  shock: number,
): ScenarioResult | undefined {
  const file = styleFile(style, book, lt, wethLiquidity);
  try {
    return simulate(file, { WETH: shock });
  } catch (error) {
    // A market too thin for the flow ends with a located error on an asset, never anything else.
    if (error instanceof SimulationError) return undefined;
    throw error;
  }
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe("version 2 style properties", () => {
  for (const style of Object.keys(styles)) {
    it(`${style}: finite results, positive prices, covered + uncovered = bad debt >= written off${styles[style].orderFree ? ", book order does not matter" : ""}`, () => {
      forEveryBook(60, (book, lt, depth, shock) => {
        const result = run(style, book, lt, depth, shock);
        if (!result) return;
        for (const round of result.perRound)
          for (const price of Object.values(round.prices)) assert.ok(price > 0 && Number.isFinite(price));
        const venue = result.venues[0];
        for (const value of [
          venue.badDebtUsd,
          venue.coveredUsd,
          venue.uncoveredUsd,
          venue.stuckDebtUsd,
          venue.writtenOffUsd,
          ...Object.values(venue.details),
        ])
          assert.ok(Number.isFinite(value), `${style}: ${JSON.stringify(venue)}`);
        assert.ok(close(venue.coveredUsd + venue.uncoveredUsd, venue.badDebtUsd));
        assert.ok(venue.badDebtUsd >= venue.writtenOffUsd * (1 - 1e-12));
        assert.ok(venue.coveredUsd >= 0 && venue.uncoveredUsd >= 0);
        if (styles[style].orderFree) {
          const reversed = run(style, [...book].reverse(), lt, depth, shock);
          assert.ok(reversed);
          assert.equal(reversed.rounds, result.rounds);
          assert.ok(close(reversed.venues[0].badDebtUsd, venue.badDebtUsd), `${style}: order changed bad debt`);
          assert.ok(
            close(reversed.finalPrices.WETH, result.finalPrices.WETH),
            `${style}: order changed the final price`,
          );
        }
      });
    });
  }
});

describe("a one-pair book read from its two columns", () => {
  // The scan of the aave round and every style's bad and stuck debt read such a book's two columns directly (engine/lendingRound.ts).
  for (const style of Object.keys(styles)) {
    it(`${style}: the same results, bit for bit, as the loop over each position's entries`, () => {
      forEveryBook(60, (book, lt, depth, shock) => {
        const { columns, entries } = onePairBothWays(resolve(styleFile(style, book, lt, depth)), { WETH: shock });
        assert.deepEqual(columns, entries);
      });
    });
  }
});

describe("collateral is conserved", () => {
  // Seized collateral is sold (morpho, euler), absorbed into inventory and sold from it (compound), or auctioned and
  // sold or returned (maker): at every round, what positions hold + inventory + running lots + units sold = the start.
  for (const style of ["morpho", "euler", "compound", "maker"]) {
    it(`${style}: held + in inventory or auction + sold = collateral at the start`, async () => {
      const { compileResolved } = await import("../../src/analysis/analyses");
      const { initialVenueState, liquidateVenueRound } = await import("../../src/engine/venueRound");
      const { applyPriceStep } = await import("../../src/engine/priceStep");
      const { newTally } = await import("../../src/engine/roundTally");
      forEveryBook(40, (book, lt, depth, shock) => {
        const file = styleFile(style, book, lt, depth);
        const model = compileResolved(resolve(file));
        const weth = model.indexOf.get("WETH")!;
        const venue = model.venues[0];
        const state = initialVenueState(venue);
        if (state.kind !== "lending") return;
        const start = book.reduce((sum, p) => sum + p.collateral.WETH, 0);
        const market = model.initialPrices.slice();
        market[weth] *= 1 + shock;
        let sold = 0;
        for (let round = 1; round <= 30; round++) {
          const oracle = market.slice();
          const tally = newTally(model.assetNames.length);
          liquidateVenueRound(venue, state, oracle, model.liquidity, tally);
          sold += tally.sell[weth] / oracle[weth];
          try {
            applyPriceStep(model, tally, market);
          } catch {
            return; // a market too thin for the flow: the run would end with a located error
          }
          const held = state.lending.collateralAmount.reduce((sum, amount) => sum + amount, 0);
          const inventory = state.compound ? state.compound.inventory[weth] : 0;
          const inAuction = state.maker ? state.maker.auctions.reduce((sum, a) => sum + a.lot, 0) : 0;
          assert.ok(
            close(held + inventory + inAuction + sold, start),
            `${style} round ${round}: ${held} + ${inventory} + ${inAuction} + ${sold} != ${start}`,
          );
        }
      });
    });
  }
});
