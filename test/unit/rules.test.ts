/** Every rule of SPEC section 6: a case that fires, a near miss that does not, ranges to the character. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Problem } from "../../src/model/problem";
import { validateRiskText } from "../../src/rules/validate";
import { lendingVenue, perpsVenue, riskFile, type Json } from "./support";

const problems = (file: Json | string, code?: string): Problem[] =>
  validateRiskText(typeof file === "string" ? file : JSON.stringify(file, null, 2)).problems.filter(
    (p) => !code || p.code === code,
  );

/** The text a problem's range covers. */
function coveredText(text: string, problem: Problem): string {
  const lines = text.split("\n");
  const { start, end } = problem.range;
  assert.equal(start.line, end.line, "single-line range");
  return lines[start.line].slice(start.character, end.character);
}

const market = (overrides: Json) => ({
  WETH: { ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05, ...overrides },
  USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
});
const pool = (wethMarket: Json, extra: Json = {}) =>
  riskFile({ venues: [lendingVenue({ markets: market(wethMarket), ...extra })] });

describe("CL010 ltv >= liquidationThreshold", () => {
  it("fires on the ltv value", () => {
    const text = JSON.stringify(pool({ ltv: 0.8 }), null, 2);
    const [problem] = problems(text, "CL010");
    assert.equal(problem.severity, "error");
    assert.equal(coveredText(text, problem), "0.8");
    assert.match(problem.message, /ltv 0.8 >= liquidationThreshold 0.8/);
  });
  it("does not fire just below, nor for a borrow-only market (0 / 0)", () => {
    assert.deepEqual(problems(pool({ ltv: 0.7999 }), "CL010"), []);
  });
});

describe("CL011 toxic liquidation", () => {
  it("fires on the threshold with the fixes in the message", () => {
    const text = JSON.stringify(pool({ ltv: 0.5, liquidationThreshold: 0.96, liquidationBonus: 0.05 }), null, 2);
    const [problem] = problems(text, "CL011");
    assert.equal(coveredText(text, problem), "0.96");
    assert.match(problem.message, /= 1\.008 >= 1/);
    assert.match(problem.message, /below 0\.9524 or the bonus below 4\.17 %/);
  });
  it("does not fire at LT(1+LB) just below 1", () => {
    assert.deepEqual(problems(pool({ ltv: 0.5, liquidationThreshold: 0.95, liquidationBonus: 0.05 }), "CL011"), []); // 0.9975
  });
});

describe("CL012 bonus below execution cost", () => {
  // One position: 100 WETH at 1000, debt 50000: repay 25000, seize 26250 -> median got 26250.
  const thin = (depthUsd: number, bonus: number) =>
    riskFile({
      assets: { WETH: { price: 1000, liquidity: { model: "sqrt", depthUsd } }, USDC: { price: 1 } },
      venues: [
        lendingVenue({
          markets: market({ liquidationBonus: bonus }),
          positions: [{ id: "a", collateral: { WETH: 100 }, debt: { USDC: 50000 } }],
        }),
      ],
    });
  it("fires when the bonus is below C(median seized)", () => {
    // C = 2/3 * 0.02 * sqrt(26250/10000) = 0.0216 > 0.02
    const text = JSON.stringify(thin(10000, 0.02), null, 2);
    const [problem] = problems(text, "CL012");
    assert.equal(problem.severity, "warning");
    assert.equal(coveredText(text, problem), "0.02");
  });
  it("does not fire with a bonus above it", () => {
    assert.deepEqual(problems(thin(10000, 0.022), "CL012"), []);
  });
});

describe("CL013 supply cap beyond liquidity", () => {
  // linear depth 1e6 at 2 %: 25 % takes 12.5e6.
  const capped = (cap: number) =>
    riskFile({
      assets: { WETH: { price: 1000, liquidity: { model: "linear", depthUsd: 1e6 } }, USDC: { price: 1 } },
      venues: [lendingVenue({ markets: market({ supplyCapUsd: cap }) })],
    });
  it("fires above the 25 % size", () => {
    const text = JSON.stringify(capped(12.6e6), null, 2);
    const [problem] = problems(text, "CL013");
    assert.equal(coveredText(text, problem), "12600000");
  });
  it("does not fire at it", () => assert.deepEqual(problems(capped(12.5e6), "CL013"), []));
});

describe("CL020 / CL021 perps margins", () => {
  const perps = (maintenanceMargin: number, liquidationFee: number) =>
    riskFile({
      venues: [
        perpsVenue({
          markets: { "ETH-PERP": { asset: "WETH", initialMargin: 0.1, maintenanceMargin, liquidationFee } },
        }),
      ],
    });
  it("CL020 fires on maintenanceMargin >= initialMargin", () => {
    const text = JSON.stringify(perps(0.1, 0.01), null, 2);
    const [problem] = problems(text, "CL020");
    assert.equal(coveredText(text, problem), "0.1");
    assert.equal(
      problem.range.start.line,
      text.split("\n").findIndex((l) => l.includes('"maintenanceMargin"')),
    );
    assert.deepEqual(problems(perps(0.099, 0.01), "CL020"), []);
  });
  it("CL021 fires on maintenanceMargin <= liquidationFee, on the fee", () => {
    const text = JSON.stringify(perps(0.05, 0.05), null, 2);
    const [problem] = problems(text, "CL021");
    assert.equal(problem.severity, "warning");
    assert.equal(coveredText(text, problem), "0.05");
    assert.equal(
      problem.range.start.line,
      text.split("\n").findIndex((l) => l.includes('"liquidationFee"')),
    );
    assert.deepEqual(problems(perps(0.05, 0.049), "CL021"), []);
  });
});

describe("CL030 liquidatable at file prices", () => {
  const position = (debt: number) =>
    riskFile({
      venues: [lendingVenue({ positions: [{ id: "0xabc", collateral: { WETH: 10 }, debt: { USDC: debt } }] })],
    });
  it("marks the position id", () => {
    // HF = 10*1000*0.8 / 8001 < 1
    const text = JSON.stringify(position(8001), null, 2);
    const [problem] = problems(text, "CL030");
    assert.equal(problem.severity, "information");
    assert.equal(coveredText(text, problem), "0xabc");
    assert.deepEqual(problems(position(8000), "CL030"), []); // HF exactly 1 is not liquidatable
  });
  it("marks perps positions below maintenance", () => {
    // E = 100, MR = 10*1000*0.05 = 500
    const file = riskFile({
      venues: [perpsVenue({ positions: [{ id: "t", market: "ETH-PERP", size: 10, entryPrice: 1000, margin: 100 }] })],
    });
    assert.equal(problems(file, "CL030").length, 1);
  });
});

describe("CL001-CL004 structure", () => {
  it("CL001 on a syntax error, at the token", () => {
    const text = '{\n  "version": 1,\n  "name": "x" "assets": {}\n}';
    const [problem] = problems(text);
    assert.equal(problem.code, "CL001");
    assert.equal(coveredText(text, problem), '"assets"');
  });
  it("accepts comments, trailing commas and a byte-order mark", () => {
    const text =
      "\ufeff" +
      JSON.stringify(riskFile({ venues: [lendingVenue({})] }), null, 2)
        .replace('"version": 1,', '"version": 1, // v1\n')
        .replace(/}\s*$/, ",}");
    assert.deepEqual(problems(text), []);
  });
  it("CL002 on an unknown field's key, a bad value, a missing field", () => {
    const file = riskFile({
      venues: [
        lendingVenue({
          markets: {
            WETH: { ltv: 0.5, liquidationThreshold: 1.5, liquidationBonus: 0.05, colour: 1 },
            USDC: { ltv: 0, liquidationThreshold: 0 },
          },
        }),
      ],
    });
    const text = JSON.stringify(file, null, 2);
    const found = problems(text, "CL002");
    assert.deepEqual(found.map((p) => coveredText(text, p)).sort(), ["1.5", "USDC", "colour"]);
    assert.ok(found.some((p) => /Missing required field "liquidationBonus"/.test(p.message)));
    assert.ok(found.some((p) => /"liquidationThreshold" must be at most 1 \(is 1.5\)/.test(p.message)));
  });
  it("CL002 on a duplicate venue name and a non-increasing book level", () => {
    const file = riskFile({
      assets: {
        WETH: {
          price: 1000,
          liquidity: {
            model: "book",
            levels: [
              [1000, 0.02],
              [500, 0.03],
            ],
          },
        },
        USDC: { price: 1 },
      },
      venues: [lendingVenue({}), lendingVenue({})],
    });
    const found = problems(file, "CL002");
    assert.equal(found.length, 2);
  });
  it("CL003 on unknown assets, markets, contagion targets and scenario shocks", () => {
    const file = riskFile({
      assets: { WETH: { price: 1000, contagion: { stETH: 0.5 } }, USDC: { price: 1 } },
      venues: [
        lendingVenue({ positions: [{ id: "a", collateral: { WBTC: 1 }, debt: { USDC: 1 } }] }),
        perpsVenue({ positions: [{ id: "t", market: "BTC-PERP", size: 1, entryPrice: 1, margin: 1 }] }),
      ],
      scenarios: [{ name: "s", shocks: { SOL: -0.5 } }],
    });
    const text = JSON.stringify(file, null, 2);
    assert.deepEqual(
      problems(text, "CL003")
        .map((p) => coveredText(text, p))
        .sort(),
      ["BTC-PERP", "SOL", "WBTC", "stETH"],
    );
  });
  it("CL004 on the second of two equal ids", () => {
    const file = riskFile({
      venues: [
        lendingVenue({
          positions: [
            { id: "x", collateral: {}, debt: {} },
            { id: "x", collateral: {}, debt: {} },
          ],
        }),
      ],
    });
    const [problem] = problems(file, "CL004");
    assert.match(problem.message, /also positions\[0\]/);
  });
});
