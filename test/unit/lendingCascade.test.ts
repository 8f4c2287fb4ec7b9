/** SPEC section 4 for lending venues, each case computed by hand. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scenarioSummary } from "../../src/analysis/summaries";
import { stillLiquidating } from "../../src/engine/results";
import { lendingVenue, near, riskFile, simulate, venue } from "./support";

// One borrower: 10 WETH collateral, 7000 USDC debt; LT 0.8, LB 0.05, protocol fee 10 %
// of the bonus. WETH 1000 -> shock -20 % -> 800. No liquidity impact unless stated.
const position = (debtUsdc: number) => ({ id: "a", collateral: { WETH: 10 }, debt: { USDC: debtUsdc } });

describe("lending liquidation", () => {
  it("repays the close factor's share, round after round, until the position is healthy", () => {
    const result = simulate(riskFile({ venues: [lendingVenue({ positions: [position(7000)] })] }), { WETH: -0.2 });
    // Round 1: HF = 10*800*0.8 / 7000 = 0.9142857 < 1. f = 0.5 (full liquidation disabled).
    //   repay = 0.5*7000 = 3500; seize = 3500*1.05 = 3675 (< 8000, no cap)
    //   fee = (3675-3500)*0.1 = 17.5; got = 3657.5; profit = 157.5 > 0: acts.
    //   c = 10 - 3675/800 = 5.40625; b = 3500.
    // Round 2: HF = 5.40625*800*0.8 / 3500 = 0.9885714 < 1: repay 1750, seize 1837.5, fee 8.75.
    //   c = 5.40625 - 1837.5/800 = 3.109375; b = 1750.
    // Round 3: HF = 3.109375*640 / 1750 = 1.1371 -> nobody liquidated: stop after 3 rounds.
    assert.equal(result.rounds, 3);
    assert.deepEqual(
      result.perRound.map((r) => r.liquidations),
      [1, 1, 0],
    );
    assert.deepEqual(
      result.perRound.map((r) => r.liquidatedUsd),
      [3500, 1750, 0],
    );
    assert.equal(result.liquidatedUsd, 5250);
    // CV = 3.109375*800 = 2487.5 > DV 1750: no bad debt, nothing stuck.
    // Repaid over the run: 3500 + 1750.
    assert.deepEqual(venue(result, "Pool"), {
      name: "Pool",
      badDebtUsd: 0,
      coveredUsd: 0,
      uncoveredUsd: 0,
      stuckDebtUsd: 0,
      liquidations: 2,
      repaidUsd: 5250,
      writtenOffUsd: 0,
      details: {},
      mechanismRounds: [],
    });
    assert.equal(result.finalPrices.WETH, 800);
    assert.equal(result.amplification.WETH, 1);
  });

  it("says when maxRounds cut a cascade that was still liquidating (its figures are lower bounds)", () => {
    const file = (maxRounds: number) =>
      riskFile({ venues: [lendingVenue({ positions: [position(7000)] })], simulation: { maxRounds } });
    // The case above liquidates in rounds 1 and 2 and stops after round 3 (nobody left).
    const cut = simulate(file(2), { WETH: -0.2 });
    assert.equal(cut.rounds, 2);
    assert.equal(stillLiquidating(cut), true);
    assert.match(
      scenarioSummary(cut),
      /after 2 rounds \(maxRounds reached while still liquidating: figures are lower bounds\)/,
    );
    const finished = simulate(file(3), { WETH: -0.2 });
    assert.equal(stillLiquidating(finished), false);
    assert.doesNotMatch(scenarioSummary(finished), /lower bounds/);
  });

  it("repays everything below the full-liquidation health factor", () => {
    const file = riskFile({
      venues: [lendingVenue({ fullLiquidationHealthFactor: 0.95, positions: [position(7000)] })],
    });
    const result = simulate(file, { WETH: -0.2 });
    // HF 0.914 < 0.95 -> f = 1: repay 7000, seize 7350, c = 10 - 7350/800 = 0.8125, b = 0.
    // Round 2: DV = 0, safe. Stop after 2 rounds.
    assert.equal(result.rounds, 2);
    assert.deepEqual(
      result.perRound.map((r) => r.liquidatedUsd),
      [7000, 0],
    );
  });

  it("repays everything when the debt is worth less than fullLiquidationBelowUsd", () => {
    const file = riskFile({ venues: [lendingVenue({ fullLiquidationBelowUsd: 7001, positions: [position(7000)] })] });
    // b*o = 7000 < 7001 -> f = 1 although HF 0.914 is above no threshold.
    assert.deepEqual(
      simulate(file, { WETH: -0.2 }).perRound.map((r) => r.liquidatedUsd),
      [7000, 0],
    );
  });

  it("caps the seizure at the collateral and leaves the rest as bad debt, covered by fees", () => {
    const file = riskFile({
      venues: [lendingVenue({ fullLiquidationHealthFactor: 0.95, positions: [position(7900)] })],
    });
    const result = simulate(file, { WETH: -0.2 });
    // HF = 6400/7900 = 0.81 -> f = 1: repay 7900, seize 8295 > 8000 -> seize = 8000, c = 0,
    //   repay = 8000/1.05 = 7619.047619; fee = (8000 - 7619.047619)*0.1 = 38.0952381.
    //   b = 7900 - 7619.047619 = 280.952381.
    // Round 2: HF = 0 < 1, but nothing is left to seize: unprofitable, no liquidation: stop.
    const repay = 8000 / 1.05;
    const fee = (8000 - repay) * 0.1;
    const left = 7900 - repay;
    assert.equal(result.rounds, 2);
    assert.deepEqual(
      result.perRound.map((r) => r.unprofitable),
      [0, 1],
    );
    near(result.perRound[0].liquidatedUsd, repay, "repay");
    const pool = venue(result, "Pool");
    near(pool.badDebtUsd, left, "bad debt = DV - CV");
    near(pool.coveredUsd, fee, "covered by the protocol fee");
    near(pool.uncoveredUsd, left - fee, "uncovered");
    near(pool.stuckDebtUsd, left, "stuck: HF 0 and no liquidator");
  });

  it("leaves an unprofitable position alone and reports it as stuck", () => {
    const file = riskFile({ venues: [lendingVenue({ liquidatorCostUsd: 200, positions: [position(7000)] })] });
    const result = simulate(file, { WETH: -0.2 });
    // profit = 3657.5 - 3500 - 200 = -42.5 <= 0 -> unprofitable; no liquidation -> stop.
    assert.equal(result.rounds, 1);
    assert.deepEqual(result.perRound[0], {
      round: 1,
      prices: { WETH: 800, USDC: 1 },
      liquidations: 0,
      liquidatedUsd: 0,
      unprofitable: 1,
    });
    assert.equal(venue(result, "Pool").stuckDebtUsd, 7000);
  });

  it("counts the execution cost of selling the seized collateral in the liquidator's profit", () => {
    // linear liquidity: C(Q) = min(0.99, 0.02*Q/D)/2. With D = 1000: C(3657.5) = 0.036575,
    //   cost = 3657.5*0.036575 = 133.77 < 157.5: acts. With D = 500: cost 267.5 > 157.5: does not.
    const withDepth = (depthUsd: number) =>
      riskFile({
        assets: { WETH: { price: 1000, liquidity: { model: "linear", depthUsd } }, USDC: { price: 1 } },
        venues: [lendingVenue({ positions: [position(7000)] })],
      });
    assert.equal(simulate(withDepth(1000), { WETH: -0.2 }).perRound[0].liquidations, 1);
    assert.equal(simulate(withDepth(500), { WETH: -0.2 }).perRound[0].unprofitable, 1);
  });

  it("seizes the largest collateral and repays the largest debt, ties by asset name", () => {
    const assets = { AAA: { price: 1 }, BBB: { price: 1 }, USDC: { price: 1 }, DAI: { price: 1 } };
    const market = { ltv: 0.5, liquidationThreshold: 0.8, liquidationBonus: 0.1 };
    const file = riskFile({
      assets,
      venues: [
        lendingVenue({
          markets: { AAA: market, BBB: market, USDC: market, DAI: market },
          closeFactor: 1,
          // 500 AAA + 500 BBB (tie: AAA seized), debts 500 USDC + 500 DAI (tie: DAI repaid).
          positions: [{ id: "t", collateral: { BBB: 500, AAA: 500 }, debt: { USDC: 500, DAI: 500 } }],
        }),
      ],
    });
    // HF = 800/1000 < 1. repay = 500 DAI, seize = 550 > 500 AAA -> capped: seize 500 AAA, repay 454.545...
    const result = simulate(file, {});
    near(result.perRound[0].liquidatedUsd, 500 / 1.1, "repaid DAI");
  });
});
