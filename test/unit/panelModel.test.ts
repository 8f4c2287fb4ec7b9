/** The series the extension builds for each chart from a simulation result. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chartCsv, exportFileName } from "../../src/analysis/chartCsv";
import { buildPanelModel, parameterInWords, sweepCharts } from "../../src/analysis/panelModel";
import { parseShock } from "../../src/analysis/shockInput";
import { sweepableFields } from "../../src/analysis/sweepableFields";
import { bookDistribution } from "../../src/engine/bookDistribution";
import { compileModel } from "../../src/engine/compiledModel";
import { liquidationCurve } from "../../src/engine/curve";
import { simulateScenario } from "../../src/engine/simulate";
import { panelModelSchema } from "../../src/shared/chartModel";
import { chartConfig, formatValue } from "../../src/webview/chartConfig";
import { lendingVenue, perpsVenue, resolve, riskFile } from "./support";

// Two lending positions (HF 1.143 and 2.0 at WETH 1000) and one perps long.
const file = riskFile({
  assets: { WETH: { price: 1000, liquidity: { model: "linear", depthUsd: 50000 } }, USDC: { price: 1 } },
  venues: [
    lendingVenue({
      insuranceFundUsd: 500,
      positions: [
        { id: "a", collateral: { WETH: 10 }, debt: { USDC: 7000 } },
        { id: "b", collateral: { WETH: 10 }, debt: { USDC: 4000 } },
      ],
    }),
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
  const panel = buildPanelModel({
    fileName: "t.risk.json",
    scenarios,
    curve,
    distribution: bookDistribution(compiled),
    insuranceFunds: [
      { name: "Pool", insuranceFundUsd: 500 },
      { name: "Perps", insuranceFundUsd: 0 },
    ],
    elapsedMs: 12.3,
  });
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
    assert.deepEqual(
      chart.datasets[0].data.map((p) => p.y),
      curve.points.map((p) => p.staticUsd),
    );
    assert.deepEqual(
      chart.datasets[1].data.map((p) => p.x),
      curve.points.map((p) => p.drawdown * 100),
    );
  });

  it("plots the response against the 45-degree line and marks the critical shock", () => {
    const { panel, curve } = model();
    const chart = panel.charts.find((c) => c.id === "response")!;
    const [final, diagonal] = chart.datasets;
    assert.deepEqual(
      final.data.map((p) => p.y),
      curve.points.map((p) => -p.finalDrawdown * 100),
    );
    assert.ok(diagonal.dashed);
    assert.deepEqual(
      diagonal.data.map((p) => p.y),
      diagonal.data.map((p) => p.x),
    );
    assert.equal(chart.markerX, curve.criticalShock === null ? null : curve.criticalShock * 100);
  });

  it("stacks covered and uncovered bad debt per venue and draws each insurance fund", () => {
    const { panel, curve } = model();
    const chart = panel.charts.find((c) => c.id === "badDebt")!;
    assert.deepEqual(
      chart.datasets.map((d) => d.label),
      ["Pool: covered", "Pool: uncovered", "Perps: covered", "Perps: uncovered", "Pool: insurance fund"],
    );
    const total = curve.points.map((_, k) => chart.datasets.slice(0, 4).reduce((sum, d) => sum + d.data[k].y, 0));
    total.forEach((value, k) => assert.ok(Math.abs(value - curve.points[k].badDebtUsd) <= 1e-9 * Math.max(1, value)));
    assert.ok(chart.datasets[4].data.every((p) => p.y === 500));
  });

  it("draws each scenario's path: price change per round and liquidated USD bars", () => {
    const { panel, scenarios } = model();
    const path = panel.paths.down;
    const price = path.datasets.find((d) => d.label === "WETH price")!;
    // Round 0 (the shock) and then every round.
    assert.equal(price.data.length, scenarios[0].rounds + 1);
    assert.ok(Math.abs(price.data[1].y - (scenarios[0].perRound[0].prices.WETH / 1000 - 1) * 100) < 1e-9);
    const bars = path.datasets.find((d) => d.type === "bar")!;
    assert.deepEqual(
      bars.data.map((p) => p.y),
      [0, ...scenarios[0].perRound.map((r) => r.liquidatedUsd)],
    );
    assert.ok(bars.secondaryAxis);
  });

  it("weights the health-factor histogram by debt", () => {
    const { panel } = model();
    const chart = panel.charts.find((c) => c.id === "health")!;
    const bins = chart.datasets[0].data.filter((p) => p.y > 0);
    // a: HF 8000/7000 = 1.143 -> bin [1.1, 1.2): 7000 USD; b: HF 2.0 -> bin [2.0, 2.1): 4000 USD.
    assert.deepEqual(bins, [
      { x: 1.1, y: 7000 },
      { x: 2, y: 4000 },
    ]);
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
    assert.equal(lines[0], 'WETH drawdown (%),"Collateral at risk, no cascade (static)",Liquidated in the cascade');
    assert.equal(lines.length, 12);
    // Drawdowns 0, 5, ..., 50 % as written, not 15.000000000000002.
    assert.deepEqual(
      lines.slice(1).map((line) => line.split(",")[0]),
      ["0", "5", "10", "15", "20", "25", "30", "35", "40", "45", "50"],
    );
    // The 7th point of a 60-step curve to 60 %: (7 x 0.6 / 60) x 100.
    const noisy = { ...chart, datasets: [{ ...chart.datasets[0], data: [{ x: ((7 * 0.6) / 60) * 100, y: 1.25 }] }] };
    assert.equal(((7 * 0.6) / 60) * 100, 7.000000000000001);
    assert.equal(chartCsv(noisy).trim().split("\n")[1], "7,1.25");
    assert.equal(
      exportFileName("/work/pools/lending-pool.risk.json", "Liquidation curve: WETH", "csv"),
      "lending-pool - Liquidation curve WETH.csv",
    );
  });
});

describe("the cascade path chart", () => {
  it("starts at round 0 with the shock and no liquidation, on whole-round ticks", () => {
    const { panel, scenarios } = model();
    const path = panel.paths.down;
    const price = path.datasets.find((d) => d.label === "WETH price")!;
    assert.equal(price.data[0].x, 0);
    assert.ok(Math.abs(price.data[0].y - -30) < 1e-9, `the shock's -30 % at round 0 (is ${price.data[0].y})`);
    assert.deepEqual(
      price.data.map((p) => p.x),
      [0, ...scenarios[0].perRound.map((r) => r.round)],
    );
    const bars = path.datasets.find((d) => d.type === "bar")!;
    assert.deepEqual(bars.data[0], { x: 0, y: 0 });
    assert.deepEqual(
      bars.data.slice(1).map((p) => p.x),
      price.data.slice(1).map((p) => p.x),
      "each bar on its round",
    );
    const theme = {
      foreground: "#000",
      grid: "#ccc",
      fontFamily: "sans",
      fontSize: 12,
      palette: ["#111", "#222", "#333", "#444", "#555", "#666", "#777"],
    };
    const x = (
      chartConfig(path, theme).options!.scales as Record<
        string,
        { ticks: { precision?: number }; min?: number; max?: number }
      >
    ).x;
    assert.equal(x.ticks.precision, 0, "whole rounds only");
    assert.equal(x.min, -0.5);
    assert.equal(x.max, scenarios[0].rounds + 0.5);
    assert.equal(formatValue(1.5, "round"), "");
    assert.equal(formatValue(2, "round"), "round 2");
  });
});

describe("a sweep in the panel", () => {
  it("names the parameter in words, one chart per metric, one line per scenario, stuck debt included", () => {
    assert.equal(parameterInWords("venues.Pool.markets.WETH.liquidationBonus"), "Pool WETH liquidation bonus");
    assert.equal(parameterInWords("venues.Perps.insuranceFundUsd"), "Perps insurance fund (USD)");
    assert.equal(parameterInWords("assets.WETH.liquidity.depthUsd"), "WETH depth (USD)");
    assert.equal(parameterInWords("venues.Core.markets.USDC.ltv"), "Core USDC LTV");
    const sweep = {
      param: "venues.Pool.closeFactor",
      points: [0.4, 0.5].map((value) => ({
        value,
        scenarios: ["a", "b"].map((name, i) => ({
          name,
          badDebtUsd: 10 * i + value,
          uncoveredUsd: i,
          stuckDebtUsd: 100 + i,
          amplification: { WETH: 1.2 },
        })),
      })),
    };
    const charts = sweepCharts(sweep);
    assert.deepEqual(
      charts.map((c) => c.id),
      ["sweep-uncovered", "sweep-stuck", "sweep-badDebt", "sweep-amplification"],
    );
    assert.ok(charts.every((c) => c.datasets.length === 2 && c.xTitle === "Pool close factor"));
    assert.deepEqual(
      charts[1].datasets.map((d) => d.colorIndex),
      [0, 1],
      "a colour per scenario",
    );
    assert.deepEqual(charts[1].datasets[1].data, [
      { x: 0.4, y: 101 },
      { x: 0.5, y: 101 },
    ]);
  });

  it("offers every numeric field the CLI can sweep, defaults included, positions not", () => {
    const fields = sweepableFields(resolve(file).file).map((f) => f.param);
    for (const param of [
      "venues.Pool.closeFactor",
      "venues.Pool.insuranceFundUsd",
      "venues.Pool.liquidatorCostUsd",
      "venues.Pool.markets.WETH.liquidationBonus",
      "venues.Perps.markets.ETH-PERP.maintenanceMargin",
      "assets.WETH.price",
      "assets.WETH.liquidity.depthUsd",
      "simulation.maxRounds",
    ]) {
      assert.ok(fields.includes(param), `${param} in ${fields.join(", ")}`);
    }
    assert.ok(!fields.some((f) => f.includes("positions")));
  });
});

describe("a custom shock as typed", () => {
  it("reads -0.35 in the file's unit and -35% as a percentage, refuses what is ambiguous, and echoes the reading", () => {
    assert.deepEqual(parseShock("-0.35"), { shock: -0.35, echo: "-35.0 % (shock -0.35 in the file's unit)" });
    assert.deepEqual(parseShock(" -35% "), { shock: -0.35, echo: "-35.0 % (shock -0.35 in the file's unit)" });
    assert.deepEqual(parseShock("-35 %"), parseShock("-35%"));
    assert.equal((parseShock("+150%") as { shock: number }).shock, 1.5);
    assert.match(
      (parseShock("-35") as { error: string }).error,
      /ambiguous: write -35% .* or a fraction such as -0\.35/,
    );
    assert.match((parseShock("-100%") as { error: string }).error, /above -100 %/);
    for (const bad of ["", "abc", "0x10", "-35%%", "Infinity", "1e400%"]) assert.ok("error" in parseShock(bad), bad);
  });
});

describe("the stress test's histogram", () => {
  it("has a logarithmic count axis, so a tail of a few paths shows beside the bar at $0", () => {
    const { scenarios, curve } = model();
    const distribution = { min: 0, max: 5e6, mean: 1e4, q95: 0, q99: 2e6 };
    const stress = {
      paths: 500,
      seed: 1,
      assets: ["WETH"],
      badDebtUsd: distribution,
      uncoveredUsd: distribution,
      uncoveredProbability: 0.004,
      samples: [...new Array(497).fill(0), 1e6, 2e6, 5e6],
    };
    const panel = buildPanelModel({
      fileName: "t",
      scenarios,
      curve,
      distribution: null,
      insuranceFunds: [],
      elapsedMs: 1,
      stress,
    });
    const chart = panel.charts.find((c) => c.id === "stress")!;
    assert.equal(chart.yLog, true);
    const theme = { foreground: "#000", grid: "#ccc", fontFamily: "sans", fontSize: 12, palette: ["#111"] };
    const y = (chartConfig(chart, theme).options!.scales as Record<string, { type?: string; min?: number }>).y;
    assert.equal(y.type, "logarithmic");
    assert.ok(y.min! > 0 && y.min! < 1, "a bin of one path has a bar");
    assert.deepEqual(
      chart.datasets[0].data.filter((p) => p.y > 0).map((p) => p.y),
      [497, 1, 1, 1],
    );
  });
});
