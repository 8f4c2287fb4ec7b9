/**
 * The groundwork of options (SPEC 8.9): the normal CDF against published values, and
 * Black-Scholes against a textbook case and put-call parity.
 */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { optionDelta, optionValue, sigmaAt } from "../../src/model/blackScholes";
import { erfc, normalCdf } from "../../src/model/normal";

// Published values are written with all their digits; each is compared as the nearest double.
/* eslint-disable no-loss-of-precision */

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe("the normal CDF (Cody's erfc)", () => {
  it("matches published values of erfc to 1e-15 relative", () => {
    // Values of erfc to 19 digits (Abramowitz and Stegun table 7.1 extended; Wolfram).
    const published: [number, number][] = [
      [0.1, 0.8875370839817151],
      [0.5, 0.4795001221869534623],
      [1, 0.1572992070502851307],
      [2, 0.004677734981047265838],
      [3, 2.209049699858544137e-5],
      [5, 1.53745979442803485e-12],
      [10, 2.088487583762544757e-45],
      [-1, 1.842700792949714869],
    ];
    for (const [x, value] of published)
      assert.ok(relative(erfc(x), value) < 1e-15, `erfc(${x}) = ${erfc(x)}, published ${value}`);
  });

  it("gives N(x) to 1e-13 relative across the tails", () => {
    const published: [number, number][] = [
      [0, 0.5],
      [1, 0.841344746068542948586],
      [-1, 0.158655253931457051415],
      [1.96, 0.975002104851780019],
      [-3, 0.00134989803163009452665],
      [-5, 2.86651571879193911674e-7],
      [-8, 6.22096057427178e-16],
      [-10, 7.61985302416052606597e-24],
    ];
    for (const [x, value] of published)
      assert.ok(relative(normalCdf(x), value) < 1e-13, `N(${x}) = ${normalCdf(x)}, published ${value}`);
  });
});

describe("Black-Scholes", () => {
  const terms = (isCall: boolean) => ({ isCall, strike: 40, years: 0.5, rate: 0.1 });

  it("values Hull's example (S 42, K 40, r 10 %, σ 20 %, six months): call 4.7594, put 0.8086", () => {
    assert.ok(Math.abs(optionValue(terms(true), 42, 0.2) - 4.7594) < 5e-5);
    assert.ok(Math.abs(optionValue(terms(false), 42, 0.2) - 0.8086) < 5e-5);
    // d1 = (ln(42/40) + (0.1 + 0.02) x 0.5) / (0.2 x √0.5) = 0.7693; N(d1) = 0.7791.
    assert.ok(Math.abs(optionDelta(terms(true), 42, 0.2) - 0.7791) < 5e-5);
    assert.ok(Math.abs(optionDelta(terms(false), 42, 0.2) - (0.7791 - 1)) < 5e-5);
  });

  it("keeps put-call parity C - P = S - K e^(-rT) for any price and volatility in range", () => {
    for (const price of [1, 20, 40, 42, 80, 400]) {
      for (const sigma of [0.05, 0.2, 0.8, 2]) {
        const parity = optionValue(terms(true), price, sigma) - optionValue(terms(false), price, sigma);
        const expected = price - 40 * Math.exp(-0.1 * 0.5);
        assert.ok(
          Math.abs(parity - expected) <= 1e-11 * Math.max(1, price),
          `S ${price}, σ ${sigma}: ${parity} vs ${expected}`,
        );
      }
    }
  });

  it("raises σ by the spot-vol beta as the price falls below the file price, and not above it", () => {
    const model = { volatility: 0.65, volShock: 0.2, spotVolBeta: 0.8, initialPrice: 3000 };
    // At -20 %: 0.65 + 0.2 + 0.8 x 0.2 = 1.01; above the file price only the shock is added.
    assert.ok(Math.abs(sigmaAt(model, 2400) - 1.01) < 1e-12);
    assert.ok(Math.abs(sigmaAt(model, 3300) - 0.85) < 1e-15);
  });
});
