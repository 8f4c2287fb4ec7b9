/** Each liquidity model's impact I(Q) and cost C(Q), SPEC section 1. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { liquidityCurve } from "../../src/model/liquidity";
import { near } from "./support";

describe("liquidity models", () => {
  it("none: no impact, no cost", () => {
    const curve = liquidityCurve({ model: "none" });
    assert.equal(curve.impact(1e12), 0);
    assert.equal(curve.cost(1e12), 0);
  });

  it("linear: depthMove*Q/depthUsd capped at 0.99, cost half", () => {
    const curve = liquidityCurve({ model: "linear", depthUsd: 1e6, depthMove: 0.02 });
    near(curve.impact(5e5), 0.01); // 0.02 * 0.5
    near(curve.cost(5e5), 0.005);
    assert.equal(curve.impact(1e9), 0.99);
    near(curve.sizeForImpact(0.25), 12.5e6); // 0.25 * 1e6 / 0.02
  });

  it("sqrt: depthMove*sqrt(Q/depthUsd), cost two thirds", () => {
    const curve = liquidityCurve({ model: "sqrt", depthUsd: 1e6, depthMove: 0.02 });
    near(curve.impact(2.5e5), 0.01); // 0.02 * sqrt(0.25)
    near(curve.cost(2.5e5), 0.01 * (2 / 3));
    near(curve.sizeForImpact(0.25), 1e6 * 12.5 ** 2);
  });

  it("amm: 1 - (R/(R+Q))^2, cost Q/(R+Q)", () => {
    const curve = liquidityCurve({ model: "amm", reserveUsd: 1e6 });
    near(curve.impact(1e6), 0.75); // 1 - (1/2)^2
    near(curve.cost(1e6), 0.5);
    // REAL-PARAMETERS: a pool moves 2 % after a sale of about 0.0101 x R.
    near(curve.sizeForImpact(0.02) / 1e6, 1 / Math.sqrt(0.98) - 1);
    assert.ok(Math.abs(curve.sizeForImpact(0.02) / 1e6 - 0.0101) < 0.0001);
  });

  it("book: piecewise linear through the levels, last slope continued, capped at 0.99", () => {
    const curve = liquidityCurve({
      model: "book",
      levels: [
        [1e6, 0.01],
        [3e6, 0.05],
      ],
    });
    near(curve.impact(5e5), 0.005); // half way to the first level
    near(curve.impact(2e6), 0.03); // 0.01 + 0.04 * (1e6 / 2e6)
    near(curve.impact(4e6), 0.07); // past the last level: slope 0.04/2e6
    assert.equal(curve.impact(1e9), 0.99);
    near(curve.cost(2e6), 0.015);
    near(curve.sizeForImpact(0.03), 2e6);
  });
});
