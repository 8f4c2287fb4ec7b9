/** The series the extension builds for each chart from a simulation result. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chartCsv } from "../../src/analysis/chartCsv";
import { buildPanelModel } from "../../src/analysis/panelModel";
import { bookDistribution } from "../../src/engine/bookDistribution";
import { compileModel } from "../../src/engine/compiledModel";
import { liquidationCurve } from "../../src/engine/curve";
import { simulateScenario } from "../../src/engine/simulate";
import { panelModelSchema } from "../../src/shared/chartModel";
import { lendingVenue, perpsVenue, resolve, riskFile } from "./support";

// Two lending positions (HF 1.143 and 2.0 at WETH 1000) and one perps long.
const file = riskFile({
  assets: { WETH: { price: 1000, liquidity: { model: "linear", depthUsd: 50000 } }, USDC: { price: 1 } },
  venues: [
    lendingVenue({ insuranceFundUsd: 500, positions: [{ id: "a", collateral: { WETH: 10 }, debt: { USDC: 7000 } }, { id: "b", collateral: { WETH: 10 }, debt: { USDC: 4000 } }] }),
    perpsVenue({ positions: [{ id: "p", market: "ETH-PERP", size: 5, entryPrice: 1000, margin: 1000 }] }),
  ],
  scenarios: [{ name: "down", shocks: { WETH: -0.3 } }],
  simulation: { curve: { maxDrawdown: 0.5, steps: 10 } },
});

function model() {
  const resolved = resolve(file);
  const compiled = compileModel(resolved.file, resolved.books);
  const scenarios = [simulateScenario(compiled, "down", { WETH: -0.3 })];
  const curve = liquidationCurve(compiled, "WETH", resolved.file.simulation.curve);
  const panel = buildPanelModel({ fileName: "t.risk.json", scenarios, curve, distribution: bookDistribution(compiled), insuranceFunds: [{ name: "Pool", insuranceFundUsd: 500 }, { name: "Perps", insuranceFundUsd: 0 }], elapsedMs: 12.3 });
  return { panel, curve, scenarios };
}

describe("panel model", () => {
  it("is valid under the shared protocol schema", () => {
    assert.ok(panelModelSchema.safeParse(model().panel).success);
  });

  it("plots the curve: static and cascade USD against drawdown in percent", () => {
    const { panel, curve } = model();
    const chart = panel.charts.find((c) => c.id === "curve")!;
    assert.equal(chart.xUnit, "percent");
    assert.equal(chart.datasets[0].data.length, 11);
    assert.deepEqual(chart.datasets[0].data.map((p) => p.y), curve.points.map((p) => p.staticUsd));
    assert.deepEqual(chart.datasets[1].data.map((p) => p.x), curve.points.map((p) => p.drawdown * 100));
  });

  it("plots the response against the 45-degree line and marks the critical shock", () => {
    const { panel, curve } = model();
    const chart = panel.charts.find((c) => c.id === "response")!;
    const [final, diagonal] = chart.datasets;
    assert.deepEqual(final.data.map((p) => p.y), curve.points.map((p) => -p.finalDrawdown * 100));
    assert.ok(diagonal.dashed);
    assert.deepEqual(diagonal.data.map((p) => p.y), diagonal.data.map((p) => p.x));
    assert.equal(chart.markerX, curve.criticalShock === null ? null : curve.criticalShock * 100);
  });

  it("stacks covered and uncovered bad debt per venue and draws each insurance fund", () => {
    const { panel, curve } = model();
    const chart = panel.charts.find((c) => c.id === "badDebt")!;
    assert.deepEqual(chart.datasets.map((d) => d.label), ["Pool: covered", "Pool: uncovered", "Perps: covered", "Perps: uncovered", "Pool: insurance fund"]);
    const total = curve.points.map((_, k) => chart.datasets.slice(0, 4).reduce((sum, d) => sum + d.data[k].y, 0));
    total.forEach((value, k) => assert.ok(Math.abs(value - curve.points[k].badDebtUsd) <= 1e-9 * Math.max(1, value)));
    assert.ok(chart.datasets[4].data.every((p) => p.y === 500));
  });

  it("draws each scenario's path: price change per round and liquidated USD bars", () => {
    const { panel, scenarios } = model();
    const path = panel.paths.down;
    const price = path.datasets.find((d) => d.label === "WETH price")!;
    assert.equal(price.data.length, scenarios[0].rounds);
    assert.ok(Math.abs(price.data[0].y - (scenarios[0].perRound[0].prices.WETH / 1000 - 1) * 100) < 1e-9);
    const bars = path.datasets.find((d) => d.type === "bar")!;
    assert.deepEqual(bars.data.map((p) => p.y), scenarios[0].perRound.map((r) => r.liquidatedUsd));
    assert.ok(bars.secondaryAxis);
  });

  it("weights the health-factor histogram by debt", () => {
    const { panel } = model();
    const chart = panel.charts.find((c) => c.id === "health")!;
    const bins = chart.datasets[0].data.filter((p) => p.y > 0);
    // a: HF 8000/7000 = 1.143 -> bin [1.1, 1.2): 7000 USD; b: HF 2.0 -> bin [2.0, 2.1): 4000 USD.
    assert.deepEqual(bins, [{ x: 1.1, y: 7000 }, { x: 2, y: 4000 }]);
  });

  it("summarises the header with units", () => {
    const { panel } = model();
    assert.equal(panel.header.elapsed, "12 ms");
    assert.match(panel.header.worstScenario, /^down: \$/);
    assert.match(panel.header.largestAmplification, /^x\d+\.\d\d \(WETH, down\)$/);
  });

  it("exports a chart's data as CSV, one column per dataset", () => {
    const chart = model().panel.charts.find((c) => c.id === "curve")!;
    const lines = chartCsv(chart).trim().split("\n");
    assert.equal(lines[0], "WETH drawdown (%),\"Collateral at risk, no cascade (static)\",Liquidated in the cascade");
    assert.equal(lines.length, 12);
  });
});
