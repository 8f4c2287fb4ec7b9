/** Builds the five charts and the header of the panel from one analysis (pure; unit-tested). */
import { multiple, signedPercent } from "../cli/textReports";
import type { BookDistribution } from "../engine/bookDistribution";
import type { CurveResult } from "../engine/curve";
import type { MonteCarloResult } from "../engine/monteCarlo";
import type { SweepResult } from "../engine/sweep";
import { totalBadDebt, type ScenarioResult } from "../engine/results";
import { hasName } from "../model/names";
import { formatUsd } from "../rules/formatUsd";
import { largestStuckDebt, scenarioHeadline, worstScenario } from "./headline";
import type { ChartSpec, PanelModel } from "../shared/chartModel";

export interface PanelInput {
  fileName: string;
  scenarios: readonly ScenarioResult[];
  curve: CurveResult | null;
  distribution: BookDistribution | null;
  insuranceFunds: readonly { name: string; insuranceFundUsd: number }[];
  elapsedMs: number;
  stress?: MonteCarloResult;
  /** Find Critical Shock: every shocked asset's critical shock, shown in the header. */
  criticalShocks?: readonly { asset: string; criticalShock: number | null }[];
}

export function buildPanelModel(input: PanelInput): PanelModel {
  const { curve, scenarios } = input;
  const worst = worstScenario(scenarios);
  const largestBadDebt = [...scenarios].sort((a, b) => totalBadDebt(b) - totalBadDebt(a))[0];
  const amplifications = scenarios.flatMap((s) => Object.entries(s.amplification).map(([asset, amp]) => ({ scenario: s.name, asset, amp })));
  const largest = amplifications.sort((a, b) => b.amp - a.amp)[0];
  const charts: ChartSpec[] = [];
  if (curve) charts.push(curveChart(curve), responseChart(curve), badDebtChart(curve, input.insuranceFunds));
  if (input.distribution) charts.push(healthChart(input.distribution));
  if (input.stress) charts.unshift(stressChart(input.stress));
  return {
    fileName: input.fileName,
    header: {
      criticalShock: input.criticalShocks?.length
        ? input.criticalShocks.map(({ asset, criticalShock }) => `${asset} ${criticalShock === null ? "none" : signedPercent(-criticalShock)}`).join(", ")
        : curve
          ? curve.criticalShock === null
            ? `none to ${signedPercent(-(curve.points.at(-1)?.drawdown ?? 0))} ${curve.asset}`
            : `${curve.asset} ${signedPercent(-curve.criticalShock)}`
          : "n/a",
      worstScenario: worst ? scenarioHeadline(worst) : "no scenarios",
      largestAmplification: largest ? `${multiple(largest.amp)} (${largest.asset}, ${largest.scenario})` : "n/a",
      badDebt: largestBadDebt ? `${formatUsd(totalBadDebt(largestBadDebt))} in ${largestBadDebt.name}` : "n/a",
      stuckDebt: largestStuckDebt(scenarios),
      elapsed: `${input.elapsedMs.toFixed(0)} ms`,
    },
    scenarioNames: scenarios.map((s) => s.name),
    charts,
    paths: Object.fromEntries(scenarios.map((s) => [s.name, pathChart(s)])),
  };
}

const pct = (fraction: number) => fraction * 100;

function curveChart(curve: CurveResult): ChartSpec {
  return {
    id: "curve",
    title: `Liquidation curve: ${curve.asset}`,
    xTitle: `${curve.asset} drawdown (%)`,
    yTitle: "USD",
    xUnit: "percent",
    yUnit: "usd",
    datasets: [
      { label: "Collateral at risk, no cascade (static)", type: "line", data: curve.points.map((p) => ({ x: pct(p.drawdown), y: p.staticUsd })), colorIndex: 0 },
      { label: "Liquidated in the cascade", type: "line", data: curve.points.map((p) => ({ x: pct(p.drawdown), y: p.liquidatedUsd })), colorIndex: 1 },
    ],
    markerX: curve.criticalShock === null ? null : pct(curve.criticalShock),
    markerLabel: "critical shock",
  };
}

function responseChart(curve: CurveResult): ChartSpec {
  return {
    id: "response",
    title: "Cascade response",
    xTitle: `Initial ${curve.asset} drawdown (%)`,
    yTitle: `Final ${curve.asset} drawdown (%)`,
    xUnit: "percent",
    yUnit: "percent",
    datasets: [
      { label: "Final drawdown", type: "line", data: curve.points.map((p) => ({ x: pct(p.drawdown), y: pct(-p.finalDrawdown) })), colorIndex: 1 },
      { label: "No amplification (45°)", type: "line", data: curve.points.map((p) => ({ x: pct(p.drawdown), y: pct(p.drawdown) })), colorIndex: 5, dashed: true },
    ],
    markerX: curve.criticalShock === null ? null : pct(curve.criticalShock),
    markerLabel: "critical shock",
  };
}

function badDebtChart(curve: CurveResult, funds: PanelInput["insuranceFunds"]): ChartSpec {
  const x = curve.points.map((p) => pct(p.drawdown));
  const venues = curve.venues ?? [{ name: "All venues", badDebtUsd: curve.points.map((p) => p.badDebtUsd), uncoveredUsd: curve.points.map((p) => p.uncoveredUsd) }];
  const datasets: ChartSpec["datasets"] = venues.flatMap((venue, v) => [
    { label: `${venue.name}: covered`, type: "bar" as const, stack: venue.name, data: x.map((xi, k) => ({ x: xi, y: venue.badDebtUsd[k] - venue.uncoveredUsd[k] })), colorIndex: 2 * v + 2 },
    { label: `${venue.name}: uncovered`, type: "bar" as const, stack: venue.name, data: x.map((xi, k) => ({ x: xi, y: venue.uncoveredUsd[k] })), colorIndex: 2 * v + 3 },
  ]);
  for (const [v, fund] of funds.entries()) {
    if (fund.insuranceFundUsd > 0) datasets.push({ label: `${fund.name}: insurance fund`, type: "line", data: x.map((xi) => ({ x: xi, y: fund.insuranceFundUsd })), dashed: true, colorIndex: 2 * v + 2 });
  }
  return { id: "badDebt", title: "Bad debt by venue", xTitle: `${curve.asset} drawdown (%)`, yTitle: "Bad debt (USD)", xUnit: "percent", yUnit: "usd", datasets };
}

function pathChart(result: ScenarioResult): ChartSpec {
  const moved = Object.keys(result.finalPrices).filter((asset) => result.perRound.some((r) => r.prices[asset] !== result.perRound[0].prices[asset]) || hasName(result.amplification, asset));
  const initial = (asset: string) => result.finalPrices[asset] / (1 + result.drawdown[asset]);
  return {
    id: "path",
    title: `Cascade path: ${result.name}`,
    xTitle: "Round",
    yTitle: "Price change from file price (%)",
    y2Title: "Liquidated (USD)",
    xUnit: "round",
    yUnit: "percent",
    y2Unit: "usd",
    datasets: [
      ...moved.map((asset, a) => ({
        label: `${asset} price`,
        type: "line" as const,
        data: result.perRound.map((r) => ({ x: r.round, y: pct(r.prices[asset] / initial(asset) - 1) })),
        colorIndex: a,
      })),
      { label: "Liquidated per round", type: "bar", data: result.perRound.map((r) => ({ x: r.round, y: r.liquidatedUsd })), colorIndex: 6, secondaryAxis: true },
    ],
  };
}

function healthChart(distribution: BookDistribution): ChartSpec {
  const { lendingDebtByHealth: lending, perpsNotionalByDistance: perps } = distribution;
  const hasLending = lending.weightsUsd.some((w) => w > 0);
  const hasPerps = perps.weightsUsd.some((w) => w > 0);
  if (hasLending || !hasPerps) {
    return {
      id: "health",
      title: "Debt by health factor (file prices)",
      xTitle: "Health factor (last bin: 3 and above)",
      yTitle: "Debt (USD)",
      xUnit: "healthFactor",
      yUnit: "usd",
      datasets: [{ label: "Lending debt", type: "bar", data: lending.edges.map((edge, i) => ({ x: edge, y: lending.weightsUsd[i] })), colorIndex: 0 }],
      markerX: 1,
      markerLabel: "HF 1",
    };
  }
  return {
    id: "health",
    title: "Perps notional by distance to liquidation (file prices)",
    xTitle: "Price move to the liquidation price (%)",
    yTitle: "Notional (USD)",
    xUnit: "percent",
    yUnit: "usd",
    datasets: [{ label: "Perps notional", type: "bar", data: perps.edges.map((edge, i) => ({ x: pct(edge), y: perps.weightsUsd[i] })), colorIndex: 1 }],
    markerX: 0,
    markerLabel: "file price",
  };
}

/** Bad debt and uncovered bad debt per scenario against the swept value; amplification on the right axis. */
export function sweepChart(sweep: SweepResult): ChartSpec {
  const names = sweep.points.find((p) => p.scenarios.length > 0)?.scenarios.map((s) => s.name) ?? [];
  const simulated = sweep.points.filter((p) => !p.error);
  const series = (name: string, pick: (s: SweepResult["points"][number]["scenarios"][number]) => number) =>
    simulated.flatMap((p) => p.scenarios.filter((s) => s.name === name).map((s) => ({ x: p.value, y: pick(s) })));
  const maxAmplification = (s: SweepResult["points"][number]["scenarios"][number]) => Math.max(0, ...Object.values(s.amplification));
  return {
    id: "sweep",
    title: `Sweep: ${sweep.param.split(".").slice(-2).join(" ")}`,
    xTitle: sweep.param,
    yTitle: "Bad debt (USD)",
    y2Title: "Largest amplification",
    xUnit: "number",
    yUnit: "usd",
    y2Unit: "multiple",
    datasets: names.flatMap((name, i) => [
      { label: `${name}: bad debt`, type: "line" as const, data: series(name, (s) => s.badDebtUsd), colorIndex: i },
      { label: `${name}: uncovered`, type: "line" as const, data: series(name, (s) => s.uncoveredUsd), colorIndex: i, dashed: true },
      { label: `${name}: amplification`, type: "line" as const, data: series(name, maxAmplification), colorIndex: i + 3, secondaryAxis: true },
    ]),
  };
}

/** Paths by bad debt, 30 bins from 0 to the worst path; the 99 % quantile marked. */
function stressChart(stress: MonteCarloResult): ChartSpec {
  const bins = 30;
  const top = Math.max(stress.badDebtUsd.max, 1);
  const counts = new Array<number>(bins).fill(0);
  for (const value of stress.samples) counts[Math.min(bins - 1, Math.floor((value / top) * bins))]++;
  return {
    id: "stress",
    title: `Stress test: bad debt over ${stress.paths} paths (seed ${stress.seed}); mean ${formatUsd(stress.badDebtUsd.mean)}, 95 % ${formatUsd(stress.badDebtUsd.q95)}, 99 % ${formatUsd(stress.badDebtUsd.q99)}`,
    xTitle: "Bad debt (USD)",
    yTitle: "Paths",
    xUnit: "usd",
    yUnit: "number",
    datasets: [{ label: "Paths", type: "bar", data: counts.map((count, i) => ({ x: ((i + 0.5) * top) / bins, y: count })), colorIndex: 1 }],
    markerX: stress.badDebtUsd.q99,
    markerLabel: "99 % quantile",
  };
}
