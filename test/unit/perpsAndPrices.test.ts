/** SPEC section 4 for perps, price impact, contagion, circuit breakers, oracle lag, and a two-venue cascade. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lendingVenue, near, perpsVenue, riskFile, simulate, venue } from "./support";

const long = (id: string, margin: number) => ({ id, market: "ETH-PERP", size: 10, entryPrice: 1000, margin });

describe("perpetuals settlement", () => {
  it("takes the liquidation fee from the remaining equity", () => {
    const file = riskFile({ venues: [perpsVenue({ positions: [long("a", 700)] })] });
    const result = simulate(file, { WETH: -0.03 });
    // o = 970: E = 700 + 10*(970-1000) = 400 < MR = 10*970*0.05 = 485 -> closed, sells 9700.
    // No liquidity impact: x = 970, P = 400, fee = min(0.01*10*970, 400) = 97, no bad debt.
    assert.equal(result.perRound[0].liquidatedUsd, 9700);
    assert.equal(venue(result, "Perps").badDebtUsd, 0);
    assert.equal(result.rounds, 2);
  });

  it("covers bad debt from the fund and fees, and reports the rest as uncovered", () => {
    // Position b: margin 250: E at 970 = -50 -> P = -50 at x = 970: bad debt 50.
    // Fees: a pays 97, b pays min(97, max(0, -50)) = 0. covered = min(50, 0 + 97) = 50.
    const covered = simulate(riskFile({ venues: [perpsVenue({ positions: [long("a", 700), long("b", 250)] })] }), {
      WETH: -0.03,
    });
    assert.deepEqual(venue(covered, "Perps"), {
      name: "Perps",
      badDebtUsd: 50,
      coveredUsd: 50,
      uncoveredUsd: 0,
      stuckDebtUsd: 0,
      liquidations: 2,
      repaidUsd: 0,
      writtenOffUsd: 0,
      details: {},
      mechanismRounds: [],
    });
    // Alone, b's 50 of bad debt has no fee and a fund of 20: covered 20, uncovered 30.
    const uncovered = simulate(
      riskFile({ venues: [perpsVenue({ insuranceFundUsd: 20, positions: [long("b", 250)] })] }),
      { WETH: -0.03 },
    );
    assert.deepEqual(venue(uncovered, "Perps"), {
      name: "Perps",
      badDebtUsd: 50,
      coveredUsd: 20,
      uncoveredUsd: 30,
      stuckDebtUsd: 0,
      liquidations: 1,
      repaidUsd: 0,
      writtenOffUsd: 0,
      details: {},
      mechanismRounds: [],
    });
  });

  it("squeezes a short through buy-side impact", () => {
    const file = riskFile({
      assets: {
        WETH: { price: 1000, liquidity: { model: "linear", depthUsd: 100000, depthMove: 0.02 } },
        USDC: { price: 1 },
      },
      venues: [
        perpsVenue({
          insuranceFundUsd: 100,
          positions: [{ id: "s", market: "ETH-PERP", size: -10, entryPrice: 1000, margin: 500 }],
        }),
      ],
    });
    const result = simulate(file, { WETH: 0.1 });
    // o = 1100: E = 500 - 10*100 = -500 < MR 550 -> closed: buys 11000.
    // I = 0.02*11000/100000 = 0.0022; buy-side return = 1/(1-0.0022) - 1; m = 1100*(1 + that).
    const price = 1100 * (1 + (1 / (1 - 0.0022) - 1));
    near(result.perRound[0].prices.WETH, price, "price after the squeeze");
    // Settles at x = m: P = 500 - 10*(x - 1000) < 0 -> bad debt -P, covered 100 by the fund.
    const badDebt = -(500 - 10 * (price - 1000));
    near(venue(result, "Perps").badDebtUsd, badDebt, "bad debt");
    near(venue(result, "Perps").uncoveredUsd, badDebt - 100, "uncovered");
    near(result.amplification.WETH, (price - 1000) / 100, "amplification");
  });
});

// WETH linear liquidity with depth 1800: selling 9000 moves it 0.02*9000/1800 = 10 %.
const cascadeAssets = (extra: Record<string, unknown> = {}) => ({
  WETH: { price: 1000, liquidity: { model: "linear", depthUsd: 1800 }, contagion: { stETH: 0.9 }, ...extra },
  stETH: { price: 1000 },
  USDC: { price: 1 },
});

describe("price step", () => {
  it("moves the sold asset by its impact and its contagion targets by the weight", () => {
    const file = riskFile({ assets: cascadeAssets(), venues: [perpsVenue({ positions: [long("a", 1000)] })] });
    const result = simulate(file, { WETH: -0.1 });
    // o = 900: E = 1000 - 1000 = 0 < MR 450 -> sells 9000: ret = -0.1 -> WETH 810.
    // stETH: tot = 0 + 0.9*(-0.1) = -0.09 -> 910.
    near(result.perRound[0].prices.WETH, 810);
    near(result.perRound[0].prices.stETH, 910);
  });

  it("clamps each round's move with maxRoundMove", () => {
    const file = riskFile({
      assets: cascadeAssets(),
      venues: [perpsVenue({ positions: [long("a", 1000)] })],
      simulation: { circuitBreaker: { maxRoundMove: 0.05 } },
    });
    const result = simulate(file, { WETH: -0.1 });
    // WETH -0.1 -> -0.05: 855; stETH -0.09 -> -0.05: 950.
    near(result.perRound[0].prices.WETH, 855);
    near(result.perRound[0].prices.stETH, 950);
  });

  // b: margin 1500: at 900 E = 500 >= MR 450 (safe); at 810 E = -400 < 405: liquidated a round later.
  const twoLongs = { venues: [perpsVenue({ positions: [long("a", 1000), long("b", 1500)] })] };

  it("cascades round by round without a halt", () => {
    const result = simulate(riskFile({ assets: cascadeAssets(), ...twoLongs }), { WETH: -0.1 });
    // Round 2 sells 10*810 = 8100: ret = -0.02*8100/1800 = -0.09 -> 737.1. Round 3: nobody left.
    assert.equal(result.rounds, 3);
    assert.equal(result.halted, false);
    near(result.finalPrices.WETH, 810 * (1 - 0.09));
  });

  it("halts the market once an asset is haltDrawdown below its file price", () => {
    const result = simulate(
      riskFile({ assets: cascadeAssets(), ...twoLongs, simulation: { circuitBreaker: { haltDrawdown: 0.15 } } }),
      { WETH: -0.1 },
    );
    // After round 1 WETH = 810 <= (1 - 0.15)*1000 = 850: halt.
    assert.equal(result.rounds, 1);
    assert.equal(result.halted, true);
  });

  it("evaluates positions at lagged oracle prices", () => {
    const result = simulate(riskFile({ assets: cascadeAssets(), ...twoLongs, simulation: { oracleLagRounds: 1 } }), {
      WETH: -0.1,
    });
    // Round 1 and round 2 both see H[0] = 900 (2 - 1 - 1 = 0): b is safe at 900, so round 2
    // liquidates nobody and the cascade stops although the market is at 810.
    assert.equal(result.rounds, 2);
    assert.deepEqual(
      result.perRound.map((r) => r.liquidations),
      [1, 0],
    );
    assert.equal(venue(result, "Perps").liquidations, 1);
  });

  it("refuses a contagion that would drive a price to zero, naming the asset", () => {
    const file = riskFile({
      assets: {
        WETH: { price: 1000, liquidity: { model: "linear", depthUsd: 1 }, contagion: { USDC: -1 } },
        USDC: { price: 1, liquidity: { model: "linear", depthUsd: 1 }, contagion: { WETH: 1 } },
      },
      venues: [
        perpsVenue({
          markets: {
            "ETH-PERP": { asset: "WETH", initialMargin: 0.1, maintenanceMargin: 0.05 },
            "USD-PERP": { asset: "USDC", initialMargin: 0.1, maintenanceMargin: 0.05 },
          },
          positions: [long("a", 1000), { id: "u", market: "USD-PERP", size: 1e6, entryPrice: 1, margin: 1 }],
        }),
      ],
    });
    // Both sold at the 0.99 impact cap: WETH tot = -0.99 + 1*(-0.99) < -1.
    assert.throws(() => simulate(file, { WETH: -0.5, USDC: -0.5 }), /price of WETH would become/);
  });
});

describe("two venues sharing an asset", () => {
  it("liquidates perps longs with the price the pool's liquidations pushed down", () => {
    // Pool: 10 WETH / 7000 USDC, full liquidation at HF < 0.95: at 800 it repays 7000 and
    // sells got = 7350 - 35 = 7315 WETH-USD. Depth D = 2926 gives I = 0.02*7315/2926 = 0.05.
    // Perps long margin 2500: at 800 E = 500 >= MR 400 (safe); at 760 E = 100 < 380.
    const file = riskFile({
      assets: { WETH: { price: 1000, liquidity: { model: "linear", depthUsd: 2926 } }, USDC: { price: 1 } },
      venues: [
        lendingVenue({
          fullLiquidationHealthFactor: 0.95,
          positions: [{ id: "a", collateral: { WETH: 10 }, debt: { USDC: 7000 } }],
        }),
        perpsVenue({ positions: [long("p", 2500)] }),
      ],
    });
    const result = simulate(file, { WETH: -0.2 });
    const afterPool = 800 * (1 - (0.02 * 7315) / 2926);
    const afterPerps = afterPool * (1 - (0.02 * (10 * afterPool)) / 2926);
    assert.deepEqual(
      result.perRound.map((r) => r.liquidations),
      [1, 1, 0],
    );
    near(result.perRound[0].prices.WETH, afterPool, "after the pool's sale");
    near(result.finalPrices.WETH, afterPerps, "after the perps sale");
    assert.equal(venue(result, "Pool").liquidations, 1);
    assert.equal(venue(result, "Perps").liquidations, 1);
    near(
      venue(result, "Perps").badDebtUsd,
      -(2500 + 10 * (afterPerps - 1000)),
      "perps bad debt at the execution price",
    );
  });
});
