/**
 * SPEC 8.9 by hand: the dealers' gamma re-hedge, the two-point margin, a liquidation with its
 * hedge unwind and its settlement, each against the formulas written out here (with the
 * normal CDF, itself checked against published values in blackScholes.test.ts); and the
 * properties the issue names.
 */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { optionDelta, optionValue } from "../../src/model/blackScholes";
import { normalCdf } from "../../src/model/normal";
import { validateRiskText } from "../../src/rules/validate";
import { simulateAll } from "../../src/analysis/analyses";
import { near, resolve, riskFile, simulate, venue, type Json } from "./support";

/** N(d1) of a call by the textbook formula (rate 0). */
function callDelta(price: number, strike: number, years: number, sigma: number): number {
  const d1 = (Math.log(price / strike) + ((sigma * sigma) / 2) * years) / (sigma * Math.sqrt(years));
  return normalCdf(d1);
}
function callValue(price: number, strike: number, years: number, sigma: number): number {
  const d1 = (Math.log(price / strike) + ((sigma * sigma) / 2) * years) / (sigma * Math.sqrt(years));
  return price * normalCdf(d1) - strike * normalCdf(d1 - sigma * Math.sqrt(years));
}

const market = { asset: "WETH", volatility: 0.5, riskMove: 0.1, liquidationFee: 0.01 };
const optionsFile = (positions: Json[], extra: Json = {}, wethLiquidity: Json = { model: "none" }): Json =>
  riskFile({
    version: 2,
    assets: { WETH: { price: 3000, liquidity: wethLiquidity }, USDC: { price: 1 } },
    venues: [{ name: "Options", kind: "options", markets: { "ETH-OPT": market }, positions, ...extra }],
  });
const years = 30 / 365;

describe("options venue (SPEC 8.9), by hand", () => {
  it("dealers long gamma buy into a fall: t = hedgeShare x size x (Δ(o) - Δ(p0))", () => {
    // Traders short 10 calls at 3000 with a margin no move can reach: nothing is liquidated, the run is one round.
    const premium = callValue(3000, 3000, years, 0.5);
    const result = simulate(
      optionsFile([
        { id: "c", market: "ETH-OPT", type: "call", strike: 3000, expiryDays: 30, size: -10, premium, margin: 1e9 },
      ]),
      { WETH: -0.1 },
    );
    const t = -10 * (callDelta(2700, 3000, years, 0.5) - callDelta(3000, 3000, years, 0.5));
    assert.ok(t > 0, "a buy");
    assert.equal(result.rounds, 1);
    near(venue(result, "Options").details.dealerHedgeUsd, t * 2700, "dealer hedge");
    assert.equal(venue(result, "Options").details.liquidationHedgeUsd, 0);
  });

  it("liquidates a short call below its two-point margin, unwinds the dealer's hedge, and settles with fee and bad debt", () => {
    // At 3300 (+10 %): V(3300) from the formula; MR = max(0, L(-0.1), L(+0.1)), L(u) = size x (V(o) - V(o(1 + u))).
    const premium = 10;
    const margin = 500;
    const size = -10;
    const value = (s: number) => callValue(s, 3000, years, 0.5);
    const equity = margin + size * (value(3300) - premium);
    const requirement = Math.max(0, size * (value(3300) - value(2970)), size * (value(3300) - value(3630)));
    assert.ok(equity < requirement, "the case is a liquidation");
    const result = simulate(
      optionsFile([{ id: "c", market: "ETH-OPT", type: "call", strike: 3000, expiryDays: 30, size, premium, margin }]),
      { WETH: 0.1 },
    );
    const options = venue(result, "Options");
    assert.equal(options.liquidations, 1);
    near(result.perRound[0].liquidatedUsd, 10 * 3300, "notional");
    // The unwind: t = -hedgeShare x size x Δ(o) = 10 Δ(3300), a buy.
    near(options.details.liquidationHedgeUsd, 10 * callDelta(3300, 3000, years, 0.5) * 3300, "unwind");
    // Settlement at x = 3300 (no liquidity): P = equity; it is negative, so -P is bad debt and the fee is 0.
    near(options.badDebtUsd, -equity, "bad debt");
    near(options.coveredUsd, 0, "no fee, no fund");
  });

  it("volShocks raise the model's volatility for the whole run, and a version 1 file cannot hold an options venue", () => {
    const file = optionsFile(
      [{ id: "c", market: "ETH-OPT", type: "call", strike: 3000, expiryDays: 30, size: -10, premium: 0, margin: 1e9 }],
      {},
    );
    const withVol = { ...file, scenarios: [{ name: "s", shocks: { WETH: -0.1 }, volShocks: { "ETH-OPT": 0.3 } }] };
    // Round 1 re-hedges from the hedge held before the shock (Δ at p0 and σ 0.5) to Δ at 2700 and σ 0.5 + 0.3.
    const t = -10 * (callDelta(2700, 3000, years, 0.8) - callDelta(3000, 3000, years, 0.5));
    const [result] = simulateAll(resolve(withVol));
    near(venue(result, "Options").details.dealerHedgeUsd, Math.abs(t) * 2700, "dealer hedge with the volatility shock");
    const v1 = { ...file, version: 1 };
    assert.ok(
      validateRiskText(JSON.stringify(v1)).problems.some((p) => /options venue needs version 2/.test(p.message)),
    );
    const unknown = { ...file, scenarios: [{ name: "s", shocks: { WETH: -0.1 }, volShocks: { "BTC-OPT": 0.1 } }] };
    assert.ok(
      validateRiskText(JSON.stringify(unknown)).problems.some((p) => p.code === "CL003" && /BTC-OPT/.test(p.message)),
    );
    const negative = { ...file, scenarios: [{ name: "s", shocks: { WETH: -0.1 }, volShocks: { "ETH-OPT": -0.6 } }] };
    assert.ok(
      validateRiskText(JSON.stringify(negative)).problems.some(
        (p) => p.code === "CL002" && /stay above 0/.test(p.message),
      ),
    );
  });
});

describe("options properties (SPEC 8.9)", () => {
  const book = fc.array(
    fc.record({
      type: fc.constantFrom("call", "put"),
      strike: fc.double({ min: 1000, max: 6000, noNaN: true }),
      expiryDays: fc.double({ min: 1, max: 365, noNaN: true }),
      size: fc.double({ min: 1, max: 1000, noNaN: true }),
    }),
    { minLength: 1, maxLength: 10 },
  );
  const finalPrice = (positions: Json[], hedgeShare: number, shock: number) =>
    simulate(optionsFile(positions, { hedgeShare }, { model: "sqrt", depthUsd: 1e7 }), { WETH: shock }).finalPrices
      .WETH;

  it("with no liquidation, dealers long gamma never deepen a fall, dealers short gamma never soften one (against hedgeShare 0)", () => {
    fc.assert(
      fc.property(
        book,
        fc.double({ min: -0.5, max: -0.01, noNaN: true }),
        fc.boolean(),
        (options, shock, tradersLong) => {
          const positions = options.map((o, i) => ({
            id: `o${i}`,
            market: "ETH-OPT",
            ...o,
            size: tradersLong ? o.size : -o.size,
            premium: 0,
            margin: 1e12,
          }));
          const hedged = finalPrice(positions, 1, shock);
          const unhedged = finalPrice(positions, 0, shock);
          if (tradersLong) assert.ok(hedged <= unhedged * (1 + 1e-12), "dealers short gamma sell into the fall");
          else assert.ok(hedged >= unhedged * (1 - 1e-12), "dealers long gamma buy into the fall");
        },
      ),
      { numRuns: 80 },
    );
  });

  it("values and deltas are finite for any strike, expiry and price in range; put-call parity holds", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 0.1, max: 3650, noNaN: true }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        (price, strike, days, sigma) => {
          const terms = (isCall: boolean) => ({ isCall, strike, years: days / 365, rate: 0.03 });
          const call = optionValue(terms(true), price, sigma);
          const put = optionValue(terms(false), price, sigma);
          for (const value of [
            call,
            put,
            optionDelta(terms(true), price, sigma),
            optionDelta(terms(false), price, sigma),
          ])
            assert.ok(Number.isFinite(value));
          const parity = price - strike * Math.exp(-0.03 * (days / 365));
          assert.ok(Math.abs(call - put - parity) <= 1e-9 * Math.max(price, strike));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("options CSV books (SPEC 8.9)", () => {
  it("reads id,market,type,strike,expiryDays,size,premium,margin; problems on their line and cell", async () => {
    const { parseOptionsCsv } = await import("../../src/parse/optionsCsv");
    const text =
      "id,market,type,strike,expiryDays,size,premium,margin\na,ETH-OPT,put,2800,7,-200,48.5,90000\nb,BTC-OPT,straddle,0,7,0,1,1\n";
    const { book, problems } = parseOptionsCsv(text, "book.csv", new Set(["ETH-OPT"]));
    assert.ok(book && book.ids.length === 2 && book.isCall[0] === 0 && book.size[0] === -200);
    const found = problems.map((p) => `${p.code} ${p.range.start.line}:${p.range.start.character} ${p.message}`);
    assert.ok(
      found.some((m) => /^CL003 2:2 .*unknown market "BTC-OPT"/.test(m)),
      found.join("\n"),
    );
    assert.ok(
      found.some((m) => /^CL002 2:10 .*type must be "call" or "put"/.test(m)),
      found.join("\n"),
    );
    assert.ok(found.some((m) => /strike must be a number > 0/.test(m)));
    assert.ok(found.some((m) => /size must be a number other than 0/.test(m)));
  });
});

describe("an option position's hover", () => {
  it("gives the model value, greeks, equity against margin, and the price that liquidates it", async () => {
    const { parameterInsight } = await import("../../src/analysis/parameterInsight");
    const premium = callValue(3000, 3000, years, 0.5);
    const resolved = resolve(
      optionsFile([
        { id: "c", market: "ETH-OPT", type: "call", strike: 3000, expiryDays: 30, size: -10, premium, margin: 3000 },
      ]),
    );
    const text = parameterInsight(resolved, ["venues", 0, "positions", 0]).join("\n");
    assert.match(text, /short 10 calls at \$3,000/);
    assert.match(text, new RegExp(`delta ${callDelta(3000, 3000, years, 0.5).toFixed(4)}`));
    // A short call with $3,000 of margin is liquidated when the price rises: the hover finds that price above the file price.
    assert.match(text, /Liquidated at \$3,\d{3}\.\d{2} \(\d/);
  });
});

describe("the options panel and market hover", () => {
  it("charts open interest by strike with the price marked, names the largest gamma flow, and hovers the dealers' gamma", async () => {
    const { parameterInsight } = await import("../../src/analysis/parameterInsight");
    const { buildPanelModel } = await import("../../src/analysis/panelModel");
    const { optionsInterest } = await import("../../src/engine/optionsInterest");
    const { compileResolved } = await import("../../src/analysis/analyses");
    const positions = [
      { id: "a", market: "ETH-OPT", type: "put", strike: 2700, expiryDays: 30, size: 100, premium: 0, margin: 1e9 },
      { id: "b", market: "ETH-OPT", type: "put", strike: 2700, expiryDays: 30, size: -40, premium: 0, margin: 1e9 },
      { id: "c", market: "ETH-OPT", type: "call", strike: 3300, expiryDays: 30, size: 10, premium: 0, margin: 1e9 },
    ];
    const resolved = resolve(optionsFile(positions, {}, { model: "sqrt", depthUsd: 1e8 }));
    const result = simulate(optionsFile(positions, {}, { model: "sqrt", depthUsd: 1e8 }), { WETH: -0.1 });
    const panel = buildPanelModel({
      fileName: "f",
      scenarios: [result],
      curve: null,
      distribution: null,
      insuranceFunds: [],
      elapsedMs: 1,
      file: resolved.file,
      optionsInterest: optionsInterest(compileResolved(resolved)),
    });
    const chart = panel.charts.find((c) => c.id === "open-interest-Options");
    assert.ok(chart && chart.markerX === 3000);
    assert.deepEqual(chart.datasets.find((d) => d.label === "Long puts")?.data, [
      { x: 2700, y: 100 },
      { x: 3300, y: 0 },
    ]);
    assert.match(panel.header.mechanisms, /largest dealer gamma flow \$[\d.,]+[kM]? \(test, round 1\)/);
    // Traders net long 60 puts and 10 calls: dealers are short gamma.
    const hover = parameterInsight(resolved, ["venues", 0, "markets", "ETH-OPT"]).join("\n");
    assert.match(hover, /short gamma: they sell into a fall/);
  });
});

describe("sweeping options fields", () => {
  it("offers the markets' model fields, hedgeShare and each scenario's volShocks", async () => {
    const { sweepableFields } = await import("../../src/analysis/sweepableFields");
    const file = {
      ...optionsFile([
        { id: "c", market: "ETH-OPT", type: "call", strike: 3000, expiryDays: 30, size: -10, premium: 0, margin: 1e9 },
      ]),
      scenarios: [{ name: "s", shocks: { WETH: -0.1 }, volShocks: { "ETH-OPT": 0.2 } }],
    };
    const params = sweepableFields(resolve(file).file).map((f) => f.param);
    for (const param of [
      "venues.Options.hedgeShare",
      "venues.Options.markets.ETH-OPT.volatility",
      "scenarios.s.volShocks.ETH-OPT",
    ])
      assert.ok(params.includes(param), `${param} in ${params.join(", ")}`);
  });
});

describe("options at the edge of doubles", () => {
  it("a position whose figures overflow ends with a located error, not a null in the JSON", async () => {
    const { SimulationError } = await import("../../src/engine/simulationError");
    const file = optionsFile([
      { id: "x", market: "ETH-OPT", type: "put", strike: 1e308, expiryDays: 1e-9, size: -1e300, premium: 0, margin: 0 },
    ]);
    assert.throws(
      () => simulate(file, { WETH: -0.1 }),
      (error: Error) => error instanceof SimulationError && /overflow/.test(error.message),
    );
  });
});
