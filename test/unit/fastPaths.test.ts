/**
 * Every faster path gives exactly the plain path's output: the threshold index against a
 * scan of every position (one scenario scans; a curve or many scenarios index), on every
 * example and fixture and on a deep cascade over a generated book. Exact round sums make
 * "exactly" possible: the JSON is compared as text.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { simulateAll } from "../../src/analysis/analyses";
import { fileBookReader } from "../../src/analysis/fileBookReader";
import { compileModel } from "../../src/engine/compiledModel";
import { validateRiskText, type ResolvedRiskFile } from "../../src/rules/validate";
import { mulberry32 } from "../../src/model/syntheticBook";
import fc from "fast-check";
import { medianReceivedByAsset } from "../../src/rules/bonusBelowExecutionCost";
import type { LendingVenue } from "../../src/model/schema";
import { resolve, riskFile, lendingVenue } from "./support";

const ROOT = path.resolve(__dirname, "../../..");
const riskFiles = ["media/examples", "test/fixtures"].flatMap((folder) =>
  fs
    .readdirSync(path.join(ROOT, folder))
    .filter((name) => name.endsWith(".risk.json"))
    .map((name) => path.join(folder, name)),
);

/** The examples and fixtures that show problems (a broken file, a bad CSV book), and cannot be simulated. */
const BROKEN = new Set(["broken.risk.json", "broken-schema.risk.json", "typo.risk.json", "csv-book.risk.json"]);

function bothWays(resolved: ResolvedRiskFile): { indexed: string; scanned: string } {
  const run = (thresholdIndex: boolean) =>
    JSON.stringify(
      simulateAll(resolved, undefined, {}, compileModel(resolved.file, resolved.books, { thresholdIndex })),
    );
  return { indexed: run(true), scanned: run(false) };
}

describe("faster paths equal the plain ones", () => {
  for (const file of riskFiles) {
    const broken = BROKEN.has(path.basename(file));
    it(`${file}: ${broken ? "broken on purpose, nothing to run" : "every scenario, indexed or scanning every position, the same JSON"}`, () => {
      const absolute = path.join(ROOT, file);
      const validation = validateRiskText(fs.readFileSync(absolute, "utf8"), fileBookReader(absolute));
      assert.equal(validation.resolved === undefined, broken);
      if (!validation.resolved) return;
      const { indexed, scanned } = bothWays(validation.resolved);
      assert.equal(indexed, scanned);
    });
  }

  it("a deep cascade on 5,000 positions: several asset pairs, multi-asset rows, rows without collateral", () => {
    const random = mulberry32(7);
    const positions = Array.from({ length: 5000 }, (_, i) => {
      const usd = 1000 * 1000 ** random();
      const healthFactor = 1.01 + random();
      const shape = i % 5;
      const collateral: Record<string, number> =
        shape === 0
          ? { WETH: (usd * 0.6) / 3000, WBTC: (usd * 0.4) / 60000 }
          : shape === 1
            ? { WBTC: usd / 60000 }
            : shape === 4 && i % 50 === 4
              ? {}
              : { WETH: usd / 3000 };
      const threshold = shape === 1 ? 0.75 : 0.8;
      const debt =
        shape === 2
          ? { USDC: ((usd * threshold) / healthFactor) * 0.5, DAI: ((usd * threshold) / healthFactor) * 0.5 }
          : { [shape === 1 ? "DAI" : "USDC"]: (usd * threshold) / healthFactor };
      return { id: `p${i}`, collateral, debt };
    });
    const resolved = resolve(
      riskFile({
        assets: {
          WETH: { price: 3000, liquidity: { model: "sqrt", depthUsd: 2e7 } },
          WBTC: { price: 60000, liquidity: { model: "linear", depthUsd: 3e7 } },
          USDC: { price: 1 },
          DAI: { price: 1 },
        },
        venues: [
          lendingVenue({
            markets: {
              WETH: { ltv: 0.75, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
              WBTC: { ltv: 0.7, liquidationThreshold: 0.78, liquidationBonus: 0.08, liquidationProtocolFee: 0.1 },
              USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
              DAI: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
            },
            liquidatorCostUsd: 5,
            positions,
          }),
        ],
        scenarios: [
          { name: "ETH -35%", shocks: { WETH: -0.35 } },
          { name: "BTC -30%, ETH -20%", shocks: { WBTC: -0.3, WETH: -0.2 } },
        ],
      }),
    );
    const { indexed, scanned } = bothWays(resolved);
    const results = JSON.parse(indexed) as { perRound: unknown[]; venues: { liquidations: number }[] }[];
    assert.ok(results[0].perRound.length > 3, "the cascade runs several rounds");
    assert.ok(results[0].venues[0].liquidations > 500, "many positions are liquidated");
    assert.equal(indexed, scanned);
  });
});

describe("a one-pair book, found from its columns", () => {
  it("an empty CSV book with one column a side is not one pair (no position to be one)", () => {
    const text = JSON.stringify(
      riskFile({
        assets: { WETH: { price: 2000 }, USDC: { price: 1 } },
        venues: [lendingVenue({ positions: { file: "b.csv" } })],
      }),
    );
    const { resolved } = validateRiskText(text, () => ({ text: "id,collateral.WETH,debt.USDC\n" }));
    assert.ok(resolved && resolved.books[0]?.ids.length === 0);
    const venue = compileModel(resolved.file, resolved.books).venues[0];
    assert.ok(venue.kind === "lending" && venue.singlePair === null);
  });

  it("is one pair exactly when every row has one collateral and one debt entry, of the same two assets", () => {
    const amount = fc.oneof(fc.constant(0), fc.double({ min: 0.5, max: 1e4, noNaN: true }));
    const position = fc.record({
      collateral: fc.record({ WETH: amount, WBTC: amount }, { requiredKeys: [] }),
      debt: fc.record({ USDC: amount, DAI: amount }, { requiredKeys: [] }),
    });
    const market = { ltv: 0.5, liquidationThreshold: 0.8, liquidationBonus: 0.05 };
    fc.assert(
      fc.property(fc.array(position, { maxLength: 8 }), fc.boolean(), (rows, thresholdIndex) => {
        const positions = rows.map((row, i) => ({ id: `p${i}`, ...row }));
        const resolved = resolve(
          riskFile({
            assets: { WETH: { price: 2000 }, WBTC: { price: 60000 }, USDC: { price: 1 }, DAI: { price: 1 } },
            venues: [lendingVenue({ markets: { WETH: market, WBTC: market, USDC: market, DAI: market }, positions })],
          }),
        );
        const venue = compileModel(resolved.file, resolved.books, { thresholdIndex }).venues[0];
        assert.ok(venue.kind === "lending");
        // Row by row: the assets of each row's entries with an amount.
        const held = (side: Record<string, number>) => Object.keys(side).filter((asset) => side[asset] !== 0);
        const pairs = positions.map((p) => [held(p.collateral), held(p.debt)]);
        const one =
          pairs.length > 0 &&
          pairs.every(([c, d]) => c.length === 1 && d.length === 1) &&
          pairs.every(([c, d]) => c[0] === pairs[0][0][0] && d[0] === pairs[0][1][0]);
        assert.equal(venue.singlePair !== null, one, JSON.stringify(positions));
        if (venue.singlePair) {
          const names = resolved.file.assets;
          const sorted = Object.keys(names).sort();
          assert.equal(sorted[venue.singlePair.collateral], pairs[0][0][0]);
          assert.equal(sorted[venue.singlePair.debt], pairs[0][1][0]);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("the rules' loops for a book of one asset pair", () => {
  // A column of zeros for a second collateral asset changes no position's largest collateral,
  // value or health factor, but takes the book off the one-pair loops: both must give the same figures.
  const amount = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e7, noNaN: true }));
  const position = fc.record({ collateral: amount, debt: amount });
  const terms = { closeFactor: 0.5, bonus: 0.05, fee: 0.1 };
  const fileOf = (rows: { collateral: number; debt: number }[], padded: boolean, { closeFactor, bonus, fee } = terms) =>
    riskFile({
      assets: { WETH: { price: 3000 }, WBTC: { price: 60000 }, USDC: { price: 1 } },
      venues: [
        lendingVenue({
          closeFactor,
          markets: {
            WETH: { ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: bonus, liquidationProtocolFee: fee },
            WBTC: { ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.1 },
            USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
          },
          positions: rows.map((row, i) => ({
            id: `p${i}`,
            collateral: padded ? { WETH: row.collateral, WBTC: 0 } : { WETH: row.collateral },
            debt: { USDC: row.debt },
          })),
        }),
      ],
    });

  it("CL012: gives every asset's median exactly as the general scan does (500 generated books)", () => {
    fc.assert(
      fc.property(
        fc.array(position, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(0.5, 1),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (rows, closeFactor, bonus, fee) => {
          const medians = (padded: boolean) => {
            const resolved = resolve(fileOf(rows, padded, { closeFactor, bonus, fee }));
            return [...medianReceivedByAsset(resolved, resolved.file.venues[0] as LendingVenue, 0)];
          };
          const [pair, general] = [medians(false), medians(true)];
          assert.equal(pair.length, general.length);
          pair.forEach(([asset, value], i) => {
            assert.equal(asset, general[i][0]);
            assert.ok(Object.is(value, general[i][1]), `${asset}: ${value} against ${general[i][1]}`);
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("CL012 on 20,000 positions (its median through a sampled window): the general scan's median, bit for bit", () => {
    for (const seed of [1, 2, 3]) {
      const random = mulberry32(seed);
      // Spread sizes, a run of equal ones, and the book written in order of size for one seed.
      const rows = Array.from({ length: 20_000 }, (_, i) => {
        const collateral = i % 7 === 0 ? 10 : 0.01 + 100 * random() ** 3;
        return { collateral, debt: collateral * 3000 * (0.2 + 0.7 * random()) };
      });
      if (seed === 3) rows.sort((a, b) => a.collateral - b.collateral);
      const medians = (padded: boolean) => {
        const resolved = resolve(fileOf(rows, padded));
        return [...medianReceivedByAsset(resolved, resolved.file.venues[0] as LendingVenue, 0)];
      };
      const [pair, general] = [medians(false), medians(true)];
      assert.equal(pair.length, 1);
      assert.ok(Object.is(pair[0][1], general[0][1]), `seed ${seed}: ${pair[0][1]} against ${general[0][1]}`);
    }
  });

  it("CL030: marks the same positions liquidatable at file prices, with the same figures (500 generated books)", () => {
    let marked = 0;
    fc.assert(
      fc.property(fc.array(position, { minLength: 1, maxLength: 40 }), (rows) => {
        const messages = (padded: boolean) =>
          validateRiskText(JSON.stringify(fileOf(rows, padded)))
            .problems.filter((problem) => problem.code === "CL030")
            .map((problem) => problem.message);
        const pair = messages(false);
        assert.deepEqual(pair, messages(true));
        marked += pair.length;
      }),
      { numRuns: 500 },
    );
    assert.ok(marked > 500, `${marked} positions marked in all`);
  });
});
