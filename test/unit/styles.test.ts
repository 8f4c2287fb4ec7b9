/**
 * SPEC section 8 by hand: each liquidation style and the perps mechanisms on a book small
 * enough to follow, with the arithmetic in the comments. No liquidity model, so sales do
 * not move prices and every round sees the shocked price.
 */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateRiskText } from "../../src/rules/validate";
import { near, riskFile, simulate, venue, type Json } from "./support";

const v2 = (venues: Json[], extra: Json = {}): Json => riskFile({ version: 2, venues, ...extra });
const weth = (lt: number, fields: Json = {}) => ({
  ltv: Math.min(0.75, lt - 0.05),
  liquidationThreshold: lt,
  ...fields,
});
const usdcMarket = { ltv: 0, liquidationThreshold: 0 };
const position = (id: string, collateral: number, debt: number) => ({
  id,
  collateral: { WETH: collateral },
  debt: { USDC: debt },
});

describe("morpho (SPEC 8.3)", () => {
  it("repays up to the whole debt at the incentive factor, and writes off what an emptied position still owes", () => {
    const file = v2([
      {
        name: "Market",
        kind: "lending",
        liquidation: { style: "morpho" },
        markets: { WETH: weth(0.8), USDC: usdcMarket },
        positions: [position("a", 1, 700), position("b", 1, 790)],
      },
    ]);
    const result = simulate(file, { WETH: -0.2 });
    // WETH 800. LIF = min(1.15, 1 / (1 - 0.3 x 0.2)) = 1 / 0.94.
    // a: HF 640/700 < 1; CV / LIF = 752 > DV 700: repays 700, seizes 700 / 0.94; its debt is exactly 0.
    // b: HF 640/790 < 1; CV / LIF = 752 <= 790: repays 752, seizes all 800; 38 is left with no collateral: written off.
    near(result.perRound[0].liquidatedUsd, 700 + 800 * 0.94, "liquidated in round 1");
    assert.equal(result.perRound[0].liquidations, 2);
    const pool = venue(result, "Market");
    near(pool.writtenOffUsd, 790 - 800 * 0.94, "written off");
    near(pool.badDebtUsd, 790 - 800 * 0.94, "bad debt = written off (nothing underwater left)");
    assert.equal(pool.coveredUsd, 0);
    assert.equal(pool.stuckDebtUsd, 0);
    assert.deepEqual(pool.details, {});
    assert.equal(result.rounds, 2);
  });
});

describe("euler (SPEC 8.4)", () => {
  it("discounts by 1 - HF up to maxDiscount, and socialises the debt of an emptied account", () => {
    const file = v2([
      {
        name: "Vault",
        kind: "lending",
        liquidation: { style: "euler", maxDiscount: 0.15 },
        markets: { WETH: weth(0.8), USDC: usdcMarket },
        positions: [position("a", 1, 700), position("b", 1, 780)],
      },
    ]);
    const result = simulate(file, { WETH: -0.2 });
    // a: HF = 640/700, discount = 1 - 640/700 = 60/700; yield = 700 / (1 - 60/700) = 765.625 <= 800: repays 700.
    // b: HF = 640/780, discount = min(140/780, 0.15) = 0.15; yield = 780 / 0.85 > 800: seizes 800, repays 680; 100 socialised.
    near(result.perRound[0].liquidatedUsd, 700 + 680, "liquidated");
    const vault = venue(result, "Vault");
    near(vault.writtenOffUsd, 100, "written off");
    near(vault.badDebtUsd, 100, "bad debt");
  });
});

describe("aave-v3.3 (SPEC 8.2)", () => {
  it("applies the close factor to total debt above HF 0.95, in full below it, and writes off a deficit", () => {
    const markets = {
      WETH: weth(0.8, { liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }),
      USDC: { ...usdcMarket, liquidationBonus: 0 },
    };
    const file = v2([
      {
        name: "Pool",
        kind: "lending",
        liquidation: { style: "aave-v3.3" },
        markets,
        positions: [position("a", 10, 7000), position("b", 1, 1000)],
      },
    ]);
    const result = simulate(file, { WETH: -0.15 });
    // WETH 850. a: HF = 6800/7000 = 0.971 > 0.95, debt and collateral >= $2,000: repay = 0.5 x 7000 = 3500, seize 3675.
    //   Next round HF = (8500 - 3675) x 0.8 / 3500 > 1.
    // b: HF 0.68: full: repay 1000, seize 1050 > 850: capped: seize 850, repay 850/1.05, collateral 0:
    //   deficit 1000 - 850/1.05 written off; fee (850 - 850/1.05) x 0.1.
    near(result.perRound[0].liquidatedUsd, 3500 + 850 / 1.05, "liquidated");
    const pool = venue(result, "Pool");
    near(pool.writtenOffUsd, 1000 - 850 / 1.05, "deficit");
    near(pool.badDebtUsd, 1000 - 850 / 1.05, "bad debt");
    // Fees: a's (3675 - 3500) x 0.1 = 17.5 and b's cover part of it.
    near(pool.coveredUsd, Math.min(pool.badDebtUsd, 17.5 + (850 - 850 / 1.05) * 0.1), "covered by fees");
    assert.equal(result.rounds, 2);
  });
});

describe("compound (SPEC 8.5)", () => {
  it("absorbs underwater accounts into reserves and sells the collateral from the storefront", () => {
    const file = v2([
      {
        name: "Comet",
        kind: "lending",
        liquidation: { style: "compound", baseAsset: "USDC" },
        insuranceFundUsd: 1000,
        markets: { WETH: { ltv: 0.8, liquidationThreshold: 0.85, liquidationFactor: 0.9 } },
        positions: [position("a", 1, 800), position("b", 1, 880)],
      },
    ]);
    const result = simulate(file, { WETH: -0.1 });
    // WETH 900. a: LV 765 < 800: credit 810, R -= 810. b: LV 765 < 880: credit 810, 70 written off, R -= 880.
    // R = 1000 - 810 - 880 = -690; inventory 2 WETH. Storefront: discount 0.5 x (1 - 0.9) = 0.05; V = 1800 sells whole
    // (1800 x 0.05 > 0): R += 1800 x 0.95 = 1710 -> 1020. Round 2 has nothing to absorb or sell: the run ends.
    const comet = venue(result, "Comet");
    assert.equal(result.rounds, 2);
    near(result.perRound[0].liquidatedUsd, 800 + 880, "absorbed debt");
    near(comet.writtenOffUsd, 70, "written off");
    near(comet.badDebtUsd, 70, "bad debt");
    near(comet.details.reservesUsd, 1020, "reserves");
    assert.equal(comet.details.inventoryUsd, 0);
    // Reserves (1020) cover the loss.
    near(comet.coveredUsd, 70, "covered");
  });
});

describe("maker (SPEC 8.6)", () => {
  const makerFile = (extra: Json, positions: Json[], maxRounds = 50) =>
    v2(
      [
        {
          name: "Vat",
          kind: "lending",
          liquidation: { style: "maker", decayPerRound: 0.9, ...extra },
          markets: { WETH: { ltv: 0.6, liquidationThreshold: 1 / 1.5, liquidationPenalty: 0.13 } },
          positions,
        },
      ],
      { simulation: { maxRounds } },
    );

  it("runs a Dutch auction until its price pays a keeper, returning the unsold collateral to the vault", () => {
    const result = simulate(makerFile({}, [position("a", 1, 600)]), { WETH: -0.2 });
    // Round 1: HF = 800 x (2/3) / 600 < 1: kicked: tab = 600 x 1.13 = 678, lot 1, top 800 x 1.2 = 960.
    // Round 2: P 960, q = 678/960: 0.70625 x 800 = 565 < 678: no buyer. Round 3: P 864: 627.8 < 678: none.
    // Round 4: P 777.6, q = 678/777.6: q x 800 = 697.53 > 678: taken; 78 over the debt is a fee; 1 - q returns.
    // Round 5: nothing left to liquidate or auction: the run ends.
    assert.equal(result.rounds, 5);
    assert.deepEqual(
      result.perRound.map((r) => r.liquidations),
      [1, 0, 0, 0, 0],
    );
    const vat = venue(result, "Vat");
    assert.equal(vat.badDebtUsd, 0);
    near(vat.coveredUsd, 0);
    assert.deepEqual(vat.details, { keeperRewardsUsd: 0, inAuctionUsd: 0, auctionsRunning: 0, throttled: 0 });
  });

  it("throttles kicks at the hole limit: the worst vault gets a partial auction filling it, the next waits", () => {
    const result = simulate(makerFile({ holeUsd: 700 }, [position("a", 1, 600), position("b", 1, 650)], 1), {
      WETH: -0.2,
    });
    // b (HF 0.82) before a (HF 0.89). b: tabFull 650 x 1.13 = 734.5 > room 700: share 700 / 734.5, tab exactly 700.
    // a: room 700 - 700 = 0: waits (throttled).
    const vat = venue(result, "Vat");
    assert.equal(result.perRound[0].liquidations, 1);
    near(result.perRound[0].liquidatedUsd, (650 * 700) / 734.5, "auctioned debt");
    assert.equal(vat.details.throttled, 1);
    assert.equal(vat.details.auctionsRunning, 1);
    near(vat.details.inAuctionUsd, (650 * 700) / 734.5, "in auction");
  });
});

describe("liquity (SPEC 8.7)", () => {
  it("offsets debt against the stability pool, then redistributes the rest to the remaining troves", () => {
    const file = v2([
      {
        name: "Troves",
        kind: "lending",
        liquidation: { style: "liquity", stabilityPool: 1000 },
        markets: { WETH: { ltv: 0.9, liquidationThreshold: 1 / 1.1 } },
        positions: [position("a", 1, 1000), position("b", 2, 1500), position("c", 1, 500)],
      },
    ]);
    const result = simulate(file, { WETH: -0.2 });
    // WETH 800. a (HF 0.727) then b (HF 0.970); c (1.45) is safe.
    // a: gas 0.005 WETH sold; the pool's 1000 offsets all 1000 for 0.995 WETH: pool gain 0.995 x 800 - 1000 = -204.
    // b: gas 0.01 WETH sold; the pool is empty: 1500 debt and 1.99 WETH go to c, which then has 2000 against 2.99 WETH:
    //    HF = 2.99 x 800 / 1.1 / 2000 = 1.087: safe, and the run ends after round 2.
    assert.equal(result.rounds, 2);
    near(result.perRound[0].liquidatedUsd, 2500, "liquidated");
    const troves = venue(result, "Troves");
    assert.equal(troves.writtenOffUsd, 0);
    assert.equal(troves.badDebtUsd, 0);
    assert.equal(troves.details.stabilityPoolLeft, 0);
    near(troves.details.poolGainUsd, 0.995 * 800 - 1000, "pool gain");
    near(troves.details.redistributedUsd, 1500, "redistributed");
  });
});

describe("perps mechanisms (SPEC 8.8)", () => {
  const perps = (extra: Json, positions: Json[], market: Json = {}) =>
    v2(
      [
        {
          name: "Perps",
          kind: "perps",
          markets: { "ETH-PERP": { asset: "WETH", initialMargin: 0.2, liquidationFee: 0.01, ...market } },
          positions,
          ...extra,
        },
      ],
      {
        assets: { WETH: { price: 2000 }, USDC: { price: 1 } },
      },
    );

  it("tiered maintenance and partial liquidation: a quarter per round until the account is safe", () => {
    const file = perps(
      { partialLiquidation: { fraction: 0.25 } },
      [{ id: "l", market: "ETH-PERP", size: 10, entryPrice: 2000, margin: 2500 }],
      {
        maintenanceTiers: [
          [0, 0.05],
          [10000, 0.1],
        ],
      },
    );
    const result = simulate(file, { WETH: -0.1 });
    // MR(N) = 0.05 N below $10,000, 0.1 N - 500 above. At 1800:
    // r1: N 18000, MR 1300, E = 2500 - 2000 = 500: closes 2.5 (4500); fee 45; size 7.5, margin 2500 - 500 - 45 = 1955.
    // r2: N 13500, MR 850, E = 1955 - 1500 = 455: closes 1.875 (3375); fee 33.75; margin 1955 - 375 - 33.75 = 1546.25.
    // r3: N 10125, MR 512.5, E = 1546.25 - 1125 = 421.25: closes 1.40625 (2531.25); fee 25.3125.
    // r4: N 7593.75, MR 379.6875, E = 1239.6875 - 843.75 = 395.9375: safe; the run ends.
    assert.deepEqual(
      result.perRound.map((r) => r.liquidatedUsd),
      [4500, 3375, 2531.25, 0],
    );
    const venueResult = venue(result, "Perps");
    assert.equal(venueResult.liquidations, 3);
    assert.equal(venueResult.badDebtUsd, 0);
  });

  it("a backstop takes over a deeply underwater position without a market order; its loss beyond its capital is bad debt", () => {
    const file = perps(
      { backstop: { triggerShare: 0.5, capitalUsd: 200 } },
      [{ id: "s", market: "ETH-PERP", size: -10, entryPrice: 2000, margin: 1000 }],
      { maintenanceMargin: 0.05 },
    );
    const result = simulate(file, { WETH: 0.08 });
    // At 2160: E = 1000 - 1600 = -600 < 0.5 x MR (0.5 x 1080): taken over, 21600 of notional, no trade.
    // Its loss at final prices is 600; beyond the 200 of capital, 400 is bad debt, uncovered.
    const venueResult = venue(result, "Perps");
    assert.deepEqual(venueResult.details, { backstopUsd: 21600, backstopLossUsd: 600 });
    assert.equal(venueResult.badDebtUsd, 400);
    assert.equal(venueResult.uncoveredUsd, 400);
    assert.equal(result.finalPrices.WETH, 2160);
  });
});

describe("version 2 validation (SPEC 8.1)", () => {
  const errors = (file: Json) =>
    validateRiskText(JSON.stringify(file, null, 2)).problems.filter((p) => p.severity === "error");

  it("a version 1 file using a version 2 field is told it needs version 2", () => {
    const file = riskFile({
      venues: [
        {
          name: "P",
          kind: "lending",
          liquidation: { style: "morpho" },
          markets: { WETH: weth(0.8), USDC: usdcMarket },
          positions: [],
        },
      ],
    });
    assert.ok(errors(file).some((p) => /"liquidation" needs version 2/.test(p.message)));
  });

  it("a field the style does not read names the styles that do", () => {
    const file = v2([
      {
        name: "M",
        kind: "lending",
        liquidation: { style: "morpho" },
        closeFactor: 0.5,
        markets: { WETH: weth(0.8, { liquidationBonus: 0.05 }), USDC: usdcMarket },
        positions: [],
      },
    ]);
    const found = errors(file).map((p) => p.message);
    assert.ok(
      found.some((m) => /"closeFactor" is not read by the morpho style \(only aave, aave-v3\.3 use it\)/.test(m)),
      found.join("\n"),
    );
    assert.ok(found.some((m) => /"liquidationBonus" is not read by the morpho style/.test(m)));
  });

  it("a Morpho position with two collaterals, Compound debt outside the base asset, a missing required field", () => {
    const morpho = v2(
      [
        {
          name: "M",
          kind: "lending",
          liquidation: { style: "morpho" },
          markets: { WETH: weth(0.8), WBTC: weth(0.8), USDC: usdcMarket },
          positions: [{ id: "two", collateral: { WETH: 1, WBTC: 1 }, debt: { USDC: 100 } }],
        },
      ],
      { assets: { WETH: { price: 1000 }, WBTC: { price: 50000 }, USDC: { price: 1 } } },
    );
    assert.ok(
      errors(morpho).some((p) => /Position "two": a morpho position holds at most one collateral/.test(p.message)),
    );
    const compound = v2([
      {
        name: "C",
        kind: "lending",
        liquidation: { style: "compound", baseAsset: "USDC" },
        markets: { WETH: { ltv: 0.8, liquidationThreshold: 0.85 } },
        positions: [{ id: "x", collateral: { USDC: 5 }, debt: { WETH: 1 } }],
      },
    ]);
    const found = errors(compound).map((p) => p.message);
    assert.ok(
      found.some((m) => /Missing required field "liquidationFactor"/.test(m)),
      found.join("\n"),
    );
  });

  it("maintenance tiers out of order, and a maintenanceMargin that is not the first tier's rate", () => {
    const file = v2([
      {
        name: "P",
        kind: "perps",
        markets: {
          "ETH-PERP": {
            asset: "WETH",
            initialMargin: 0.2,
            maintenanceMargin: 0.04,
            maintenanceTiers: [
              [0, 0.05],
              [0, 0.03],
            ],
          },
        },
        positions: [],
      },
    ]);
    const found = errors(file).map((p) => p.message);
    assert.ok(found.some((m) => /floors of ETH-PERP must increase strictly/.test(m)));
    assert.ok(found.some((m) => /rates must not decrease|must not decrease/.test(m)));
    assert.ok(found.some((m) => /must equal its first tier's rate 0.05/.test(m)));
  });
});

describe("rules of SPEC 8.10", () => {
  const codes = (file: Json, code: string) =>
    validateRiskText(JSON.stringify(file, null, 2)).problems.filter((p) => p.code === code);
  const lending = (liquidation: Json, markets: Json, extra: Json = {}) =>
    v2([{ name: "V", kind: "lending", liquidation, markets, positions: [position("a", 1, 100)], ...extra }], {
      assets: { WETH: { price: 1000, liquidity: { model: "linear", depthUsd: 1e6 } }, USDC: { price: 1 } },
    });

  it("CL011 for morpho: LLTV x LIF >= 1 fires; just below does not", () => {
    // LIF = min(1.15, 1/(1 - 0.3 x 0.05)) = 1/0.985 at LLTV 0.95: 0.95/0.985 < 1. At cap 1.15 and LLTV 0.87: 0.87 x 1/(1 - 0.039) = 0.905.
    // With cursor 1: LIF = 1/LLTV (capped at 5): LLTV x LIF = 1 exactly: fires.
    assert.equal(
      codes(
        lending({ style: "morpho", cursor: 1, maxIncentiveFactor: 5 }, { WETH: weth(0.8), USDC: usdcMarket }),
        "CL011",
      ).length,
      1,
    );
    assert.equal(codes(lending({ style: "morpho" }, { WETH: weth(0.95), USDC: usdcMarket }), "CL011").length, 0);
  });

  it("CL012 for euler: maxDiscount below the cost of selling the median collateral; above it, silent", () => {
    // Linear liquidity, depth 1e6 at 2 %: selling $1,000 costs I/2 = 0.02 x 1000 / 1e6 / 2 = 1e-5.
    assert.equal(
      codes(lending({ style: "euler", maxDiscount: 0.000005 }, { WETH: weth(0.8), USDC: usdcMarket }), "CL012").length,
      1,
    );
    assert.equal(
      codes(lending({ style: "euler", maxDiscount: 0.00002 }, { WETH: weth(0.8), USDC: usdcMarket }), "CL012").length,
      0,
    );
  });

  it("CL014 for euler: maxDiscount >= 1 - LT fires with a fix; just below is silent", () => {
    const [problem] = codes(
      lending({ style: "euler", maxDiscount: 0.2 }, { WETH: weth(0.8), USDC: usdcMarket }),
      "CL014",
    );
    assert.ok(problem && problem.fixes?.[0].newText === "0.1999");
    assert.equal(
      codes(lending({ style: "euler", maxDiscount: 0.1999 }, { WETH: weth(0.8), USDC: usdcMarket }), "CL014").length,
      0,
    );
  });

  it("CL015 for maker: buf x decay^tail >= 1 fires; one round more is silent", () => {
    const maker = (resetAfterRounds: number) =>
      lending(
        { style: "maker", startMultiplier: 1.2, decayPerRound: 0.9, resetAfterRounds },
        { WETH: { ltv: 0.6, liquidationThreshold: 0.66, liquidationPenalty: 0.13 } },
      );
    // 1.2 x 0.9^1 = 1.08 >= 1; 1.2 x 0.9^2 = 0.972 < 1.
    assert.equal(codes(maker(1), "CL015").length, 1);
    assert.equal(codes(maker(2), "CL015").length, 0);
  });
});

describe("hovers of the styles", () => {
  it("a Morpho market shows its LIF and the toxic fall; a Maker market the rounds to the oracle price", async () => {
    const { parameterInsight } = await import("../../src/analysis/parameterInsight");
    const { resolve } = await import("./support");
    const morpho = resolve(
      v2([
        {
          name: "M",
          kind: "lending",
          liquidation: { style: "morpho" },
          markets: { WETH: weth(0.965), USDC: usdcMarket },
          positions: [position("a", 1, 100)],
        },
      ]),
    );
    const lines = parameterInsight(morpho, ["venues", 0, "markets", "WETH", "liquidationThreshold"]).join("\n");
    // LIF = 1 / (1 - 0.3 x 0.035) = 1.0106; LLTV x LIF = 0.9752: a fall of 2.48 % from HF 1.
    assert.match(lines, /LIF = min\(1\.15, 1 \/ \(1 - 0\.3 x \(1 - LLTV\)\)\) = 1\.0106; LLTV x LIF = 0\.9752/);
    const maker = resolve(
      v2([
        {
          name: "V",
          kind: "lending",
          liquidation: { style: "maker", startMultiplier: 1.1, decayPerRound: 0.904 },
          markets: { WETH: { ltv: 0.6, liquidationThreshold: 0.6897, liquidationPenalty: 0.13 } },
          positions: [position("a", 1, 100)],
        },
      ]),
    );
    // 1.1 x 0.904^n < 1 from n = 1 (0.9944).
    assert.match(
      parameterInsight(maker, ["venues", 0, "markets", "WETH"]).join("\n"),
      /reaches it after 1 round \(x0\.904 per round\)/,
    );
  });
});

describe("the panel for a mechanism", () => {
  it("names each venue's mechanism in the header and charts Compound's reserves round by round", async () => {
    const { buildPanelModel } = await import("../../src/analysis/panelModel");
    const { resolve } = await import("./support");
    const file = v2([
      {
        name: "Comet",
        kind: "lending",
        liquidation: { style: "compound", baseAsset: "USDC" },
        insuranceFundUsd: 1000,
        markets: { WETH: { ltv: 0.8, liquidationThreshold: 0.85, liquidationFactor: 0.9 } },
        positions: [position("a", 1, 800), position("b", 1, 880)],
      },
    ]);
    const resolved = resolve(file);
    const result = simulate(file, { WETH: -0.1 });
    const panel = buildPanelModel({
      fileName: "f",
      scenarios: [result],
      curve: null,
      distribution: null,
      insuranceFunds: [],
      elapsedMs: 1,
      file: resolved.file,
    });
    assert.equal(panel.header.mechanisms, "Comet: compound");
    const chart = panel.charts.find((c) => c.id === "mechanism-0");
    assert.ok(chart);
    // Reserves after round 1: 1000 - 810 - 880 + 1710 = 1020 (see the compound test above); round 2 unchanged.
    assert.deepEqual(chart.datasets.find((d) => d.label === "Reserves")?.data, [
      { x: 1, y: 1020 },
      { x: 2, y: 1020 },
    ]);
  });
});

describe("a perps position's hover with tiers", () => {
  it("solves E(p) = MR(p) across the tiers for the liquidation price", async () => {
    const { parameterInsight } = await import("../../src/analysis/parameterInsight");
    const { resolve } = await import("./support");
    const resolved = resolve(
      v2(
        [
          {
            name: "P",
            kind: "perps",
            markets: {
              "ETH-PERP": {
                asset: "WETH",
                initialMargin: 0.2,
                maintenanceTiers: [
                  [0, 0.05],
                  [10000, 0.1],
                ],
              },
            },
            positions: [{ id: "l", market: "ETH-PERP", size: 10, entryPrice: 2000, margin: 2500 }],
          },
        ],
        { assets: { WETH: { price: 2000 }, USDC: { price: 1 } } },
      ),
    );
    // Above $1,000 the notional is in tier 2: E = 2500 + 10(p - 2000) = 10p - 17500; MR = p - 500:
    // 10p - 17500 = p - 500 -> p = 17000/9 = 1888.89.
    const text = parameterInsight(resolved, ["venues", 0, "positions", 0]).join("\n");
    assert.match(text, /Liquidated at \$1,888\.89/);
  });
});

describe("the finer rules of section 8, by hand", () => {
  it("aave-v3.3's dust rule: a liquidation that would leave under $1,000 of the seized collateral takes less", () => {
    const markets = {
      WETH: weth(0.8, { liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }),
      USDT: { ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05 },
      USDC: { ...usdcMarket, liquidationBonus: 0 },
    };
    const file = v2(
      [
        {
          name: "Pool",
          kind: "lending",
          liquidation: { style: "aave-v3.3" },
          fullLiquidationHealthFactor: 0.95,
          markets,
          positions: [{ id: "d", collateral: { WETH: 3, USDT: 2300 }, debt: { USDC: 3900 } }],
        },
      ],
      { assets: { WETH: { price: 1000 }, USDT: { price: 1 }, USDC: { price: 1 } } },
    );
    const result = simulate(file, { WETH: -0.2 });
    // WETH 800: CV 2400 + 2300, HF = 3760/3900 = 0.964 > 0.95; both reserves >= $2,000: repay 0.5 x 3900 = 1950,
    // seize 2047.5 of WETH's 2400, leaving 352.5 < $1,000: dust. repay = min(1950, 3900 - 1000, (2400 - 1000)/1.05).
    near(result.perRound[0].liquidatedUsd, 1400 / 1.05, "repaid after the dust rule");
    // Round 2: 1.25 WETH (1000) + 2300 USDT at 0.8 = 2640 against 2566.67: safe.
    assert.equal(result.rounds, 2);
  });

  it("maker: an auction that never falls below the oracle resets and pays the keeper again; rewards are bad debt (and CL015 warns)", () => {
    const file = v2(
      [
        {
          name: "Vat",
          kind: "lending",
          liquidation: {
            style: "maker",
            startMultiplier: 2,
            decayPerRound: 0.5,
            resetAfterRounds: 1,
            keeperTipUsd: 100,
            keeperChip: 0.01,
          },
          markets: { WETH: { ltv: 0.6, liquidationThreshold: 1 / 1.5, liquidationPenalty: 0.13 } },
          positions: [position("a", 1, 600)],
        },
      ],
      { simulation: { maxRounds: 5 } },
    );
    assert.ok(validateRiskText(JSON.stringify(file)).problems.some((p) => p.code === "CL015"));
    const result = simulate(file, { WETH: -0.2 });
    // Kick in round 1: tab 678, top 1600, reward 100 + 6.78. Round 2: P 1600, no buyer (age 1). Round 3: P 800 = oracle:
    // buying at exactly the oracle price earns nothing, no buyer; age 2 > 1: reset, reward again. Round 4 as 2, round 5 as 3.
    const vat = venue(result, "Vat");
    assert.equal(result.rounds, 5);
    near(vat.details.keeperRewardsUsd, 3 * 106.78, "three rewards");
    near(vat.badDebtUsd, 3 * 106.78, "the rewards are bad debt (the lot still covers the debt)");
    assert.equal(vat.details.auctionsRunning, 1);
    assert.equal(vat.details.inAuctionUsd, 600);
  });

  it("liquity never closes the last trove holding collateral: the healthiest is spared and takes the rest", () => {
    const file = v2([
      {
        name: "Troves",
        kind: "lending",
        liquidation: { style: "liquity" },
        markets: { WETH: { ltv: 0.9, liquidationThreshold: 1 / 1.1 } },
        positions: [position("a", 1, 1100), position("b", 1, 800)],
      },
    ]);
    const result = simulate(file, { WETH: -0.2 });
    // Both under 110 % at 800 and no other trove: b (the healthier) is spared; a's 1100 and 0.995 WETH go to b.
    // Round 2: b alone (1.995 WETH, 1900) is under 110 % but the last trove: nothing happens, the run ends.
    assert.equal(result.rounds, 2);
    assert.deepEqual(
      result.perRound.map((r) => r.liquidations),
      [1, 0],
    );
    const troves = venue(result, "Troves");
    near(troves.badDebtUsd, 1900 - 1.995 * 800, "b is underwater at 800");
    near(troves.stuckDebtUsd, 1900, "and liquidatable, but the last trove");
  });

  it("compound: the storefront stops once reserves reach their target, keeping the inventory", () => {
    const file = v2([
      {
        name: "Comet",
        kind: "lending",
        liquidation: { style: "compound", baseAsset: "USDC", targetReservesUsd: 0 },
        insuranceFundUsd: 1000,
        markets: { WETH: { ltv: 0.8, liquidationThreshold: 0.85, liquidationFactor: 0.9 } },
        positions: [position("a", 1, 800)],
      },
    ]);
    const result = simulate(file, { WETH: -0.1 });
    // Absorb at 900: R = 1000 - 810 = 190 >= target 0: nothing is sold; the WETH stays in inventory.
    const comet = venue(result, "Comet");
    assert.deepEqual(comet.details, { reservesUsd: 190, inventoryUsd: 900 });
    assert.equal(result.rounds, 2);
  });
});

describe("the cascade-aware CL012 and the styles", () => {
  it("a Maker vault waiting for hole room is not debt 'left to no liquidator': no bonus advice", async () => {
    const { untakenDebtProblems } = await import("../../src/analysis/untakenDebt");
    const { resolve } = await import("./support");
    const file = v2(
      [
        {
          name: "Vat",
          kind: "lending",
          liquidation: { style: "maker", decayPerRound: 0.9, holeUsd: 700 },
          markets: { WETH: { ltv: 0.6, liquidationThreshold: 1 / 1.5, liquidationPenalty: 0.13 } },
          positions: [position("a", 1, 600), position("b", 1, 650)],
        },
      ],
      { simulation: { maxRounds: 1 } },
    );
    const resolved = resolve(file);
    const result = simulate(file, { WETH: -0.2 });
    assert.ok(venue(result, "Vat").stuckDebtUsd > 0, "vault a waits, under its ratio");
    assert.deepEqual(untakenDebtProblems(resolved.doc, resolved.file, [result], null), []);
  });
});
