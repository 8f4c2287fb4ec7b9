/** Builds the charts, the header and the notes of the panel from one analysis (pure; unit-tested). */
import { multiple, signedPercent } from "./summaries";
import type { BookDistribution } from "../engine/bookDistribution";
import type { CurveResult } from "../engine/curve";
import type { MonteCarloResult } from "../engine/monteCarlo";
import type { SweepResult } from "../engine/sweep";
import { totalBadDebt, untakenFraction, type ScenarioResult } from "../engine/results";
import { hasName } from "../model/names";
import type { RiskFile } from "../model/schema";
import { formatUsd } from "../rules/formatUsd";
import { resultNotes } from "./resultNotes";
import { largestStuckDebt, scenarioHeadline, worstScenario } from "./headline";
import type { ChartSpec, PanelModel } from "../shared/chartModel";
import type { OptionsInterest } from "../engine/optionsInterest";

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
  /** The file, for notes that read it (contagion targets a scenario does not shock). */
  file?: Pick<RiskFile, "assets" | "scenarios" | "venues">;
  /** Options venues' open interest by strike (SPEC 8.9). */
  optionsInterest?: readonly OptionsInterest[];
}

export function buildPanelModel(input: PanelInput): PanelModel {
  const { curve, scenarios } = input;
  const worst = worstScenario(scenarios);
  const largestBadDebt = [...scenarios].sort((a, b) => totalBadDebt(b) - totalBadDebt(a))[0];
  const amplifications = scenarios.flatMap((s) =>
    Object.entries(s.amplification).map(([asset, amp]) => ({ scenario: s.name, asset, amp })),
  );
  const largest = amplifications.sort((a, b) => b.amp - a.amp)[0];
  const charts: ChartSpec[] = [];
  if (curve) charts.push(curveChart(curve), responseChart(curve), badDebtChart(curve, input.insuranceFunds));
  const profitability = curve && profitabilityChart(curve);
  if (profitability) charts.push(profitability);
  if (input.distribution) charts.push(healthChart(input.distribution));
  if (input.stress) charts.unshift(stressChart(input.stress));
  // What only a version 2 mechanism has (reserves, auctions, the stability pool, a backstop), in the worst scenario.
  const shown = worst ?? scenarios[0];
  if (shown) charts.push(...mechanismCharts(shown, input.file));
  for (const interest of input.optionsInterest ?? []) charts.push(openInterestChart(interest));
  return {
    fileName: input.fileName,
    header: {
      criticalShock: input.criticalShocks?.length
        ? input.criticalShocks
            .map(
              ({ asset, criticalShock }) =>
                `${asset} ${criticalShock === null ? "none" : signedPercent(-criticalShock)}`,
            )
            .join(", ")
        : curve
          ? curve.criticalShock === null
            ? `none to ${signedPercent(-(curve.points.at(-1)?.drawdown ?? 0))} ${curve.asset}`
            : `${curve.asset} ${signedPercent(-curve.criticalShock)}`
          : "n/a",
      worstScenario: worst ? scenarioHeadline(worst) : "no scenarios",
      largestAmplification: largest ? `${multiple(largest.amp)} (${largest.asset}, ${largest.scenario})` : "n/a",
      badDebt: largestBadDebt ? `${formatUsd(totalBadDebt(largestBadDebt))} in ${largestBadDebt.name}` : "n/a",
      stuckDebt: largestStuckDebt(scenarios),
      mechanisms: [input.file ? mechanismsInWords(input.file) : "", largestGammaFlow(scenarios)]
        .filter(Boolean)
        .join(" · "),
      elapsed: `${input.elapsedMs.toFixed(0)} ms`,
    },
    notes: resultNotes(scenarios, curve, input.file),
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
      {
        label: "Collateral at risk, no cascade (static)",
        type: "line",
        data: curve.points.map((p) => ({ x: pct(p.drawdown), y: p.staticUsd })),
        colorIndex: 0,
      },
      {
        label: "Liquidated in the cascade",
        type: "line",
        data: curve.points.map((p) => ({ x: pct(p.drawdown), y: p.liquidatedUsd })),
        colorIndex: 1,
      },
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
      {
        label: "Final drawdown",
        type: "line",
        data: curve.points.map((p) => ({ x: pct(p.drawdown), y: pct(-p.finalDrawdown) })),
        colorIndex: 1,
      },
      {
        label: "No amplification (45°)",
        type: "line",
        data: curve.points.map((p) => ({ x: pct(p.drawdown), y: pct(p.drawdown) })),
        colorIndex: 5,
        dashed: true,
      },
    ],
    markerX: curve.criticalShock === null ? null : pct(curve.criticalShock),
    markerLabel: "critical shock",
  };
}

function badDebtChart(curve: CurveResult, funds: PanelInput["insuranceFunds"]): ChartSpec {
  const x = curve.points.map((p) => pct(p.drawdown));
  const venues = curve.venues ?? [
    {
      name: "All venues",
      badDebtUsd: curve.points.map((p) => p.badDebtUsd),
      uncoveredUsd: curve.points.map((p) => p.uncoveredUsd),
    },
  ];
  const datasets: ChartSpec["datasets"] = venues.flatMap((venue, v) => [
    {
      label: `${venue.name}: covered`,
      type: "bar" as const,
      stack: venue.name,
      data: x.map((xi, k) => ({ x: xi, y: venue.badDebtUsd[k] - venue.uncoveredUsd[k] })),
      colorIndex: 2 * v + 2,
    },
    {
      label: `${venue.name}: uncovered`,
      type: "bar" as const,
      stack: venue.name,
      data: x.map((xi, k) => ({ x: xi, y: venue.uncoveredUsd[k] })),
      colorIndex: 2 * v + 3,
    },
  ]);
  for (const [v, fund] of funds.entries()) {
    if (fund.insuranceFundUsd > 0)
      datasets.push({
        label: `${fund.name}: insurance fund`,
        type: "line",
        data: x.map((xi) => ({ x: xi, y: fund.insuranceFundUsd })),
        dashed: true,
        colorIndex: 2 * v + 2,
      });
  }
  return {
    id: "badDebt",
    title: "Bad debt by venue",
    xTitle: `${curve.asset} drawdown (%)`,
    yTitle: "Bad debt (USD)",
    xUnit: "percent",
    yUnit: "usd",
    datasets,
  };
}

/**
 * Liquidator profitability along the curve: of the lending debt the cascade made
 * liquidatable, the share no liquidator took (stuck over stuck plus repaid), and the stuck
 * debt itself. A rising share is where the bonus stops paying for the slippage.
 */
function profitabilityChart(curve: CurveResult): ChartSpec | undefined {
  const venues = curve.venues ?? [];
  if (venues.length === 0) return undefined;
  const stuck = curve.points.map((_, k) => venues.reduce((sum, v) => sum + v.stuckDebtUsd[k], 0));
  const repaid = curve.points.map((_, k) => venues.reduce((sum, v) => sum + v.repaidUsd[k], 0));
  if (!repaid.some((r, k) => r + stuck[k] > 0)) return undefined;
  return {
    id: "profitability",
    title: "Liquidator profitability: liquidatable debt no liquidator takes",
    xTitle: `${curve.asset} drawdown (%)`,
    yTitle: "Share of liquidatable debt left untaken (%)",
    y2Title: "Stuck debt (USD)",
    xUnit: "percent",
    yUnit: "percent",
    y2Unit: "usd",
    datasets: [
      {
        label: "Untaken share",
        type: "line",
        data: curve.points.map((p, k) => ({
          x: pct(p.drawdown),
          y: pct(untakenFraction(stuck[k], stuck[k], repaid[k])),
        })),
        colorIndex: 1,
      },
      {
        label: "Stuck debt",
        type: "line",
        data: curve.points.map((p, k) => ({ x: pct(p.drawdown), y: stuck[k] })),
        colorIndex: 3,
        dashed: true,
        secondaryAxis: true,
      },
    ],
  };
}

/** Prices and liquidations round by round, from round 0 (the shock itself, nothing liquidated yet). */
function pathChart(result: ScenarioResult): ChartSpec {
  const moved = Object.keys(result.finalPrices).filter(
    (asset) =>
      result.perRound.some((r) => r.prices[asset] !== result.perRound[0].prices[asset]) ||
      hasName(result.amplification, asset),
  );
  const initial = (asset: string) => result.finalPrices[asset] / (1 + result.drawdown[asset]);
  // The shock's move: amplification = final move / shock move, so shock move = drawdown / amplification.
  const shockMove = (asset: string) =>
    hasName(result.amplification, asset) ? result.drawdown[asset] / result.amplification[asset] : 0;
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
        data: [
          { x: 0, y: pct(shockMove(asset)) },
          ...result.perRound.map((r) => ({ x: r.round, y: pct(r.prices[asset] / initial(asset) - 1) })),
        ],
        colorIndex: a,
      })),
      {
        label: "Liquidated per round",
        type: "bar",
        data: [{ x: 0, y: 0 }, ...result.perRound.map((r) => ({ x: r.round, y: r.liquidatedUsd }))],
        colorIndex: 6,
        secondaryAxis: true,
      },
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
      datasets: [
        {
          label: "Lending debt",
          type: "bar",
          data: lending.edges.map((edge, i) => ({ x: edge, y: lending.weightsUsd[i] })),
          colorIndex: 0,
        },
      ],
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
    datasets: [
      {
        label: "Perps notional",
        type: "bar",
        data: perps.edges.map((edge, i) => ({ x: pct(edge), y: perps.weightsUsd[i] })),
        colorIndex: 1,
      },
    ],
    markerX: 0,
    markerLabel: "file price",
  };
}

/** Ids of the sweep's charts start with this; a new sweep replaces them, a new simulation keeps them. */
export const SWEEP_CHART_PREFIX = "sweep";

type SweepScenario = SweepResult["points"][number]["scenarios"][number];

/**
 * A sweep as one chart per metric (uncovered bad debt, stuck debt, bad debt, amplification),
 * each with one line per scenario in its own colour: four metrics of four scenarios on one
 * chart were sixteen lines no one could read.
 */
export function sweepCharts(sweep: SweepResult): ChartSpec[] {
  const names = sweep.points.find((p) => p.scenarios.length > 0)?.scenarios.map((s) => s.name) ?? [];
  const simulated = sweep.points.filter((p) => !p.error);
  const parameter = parameterInWords(sweep.param);
  const metric = (
    id: string,
    what: string,
    unit: "usd" | "multiple",
    pick: (s: SweepScenario) => number,
  ): ChartSpec => ({
    id: `${SWEEP_CHART_PREFIX}-${id}`,
    title: `Sweep of ${parameter}: ${what}`,
    xTitle: parameter,
    yTitle: unit === "usd" ? `${what[0].toUpperCase()}${what.slice(1)} (USD)` : "Largest amplification",
    xUnit: "number",
    yUnit: unit,
    datasets: names.map((name, i) => ({
      label: name,
      type: "line" as const,
      data: simulated.flatMap((p) =>
        p.scenarios.filter((s) => s.name === name).map((s) => ({ x: p.value, y: pick(s) })),
      ),
      colorIndex: i,
    })),
  });
  return [
    metric("uncovered", "uncovered bad debt", "usd", (s) => s.uncoveredUsd),
    metric("stuck", "stuck debt (no liquidator takes it)", "usd", (s) => s.stuckDebtUsd),
    metric("badDebt", "bad debt, covered and uncovered", "usd", (s) => s.badDebtUsd),
    metric("amplification", "largest amplification", "multiple", (s) => Math.max(0, ...Object.values(s.amplification))),
  ];
}

const FIELD_WORDS: Readonly<Record<string, string>> = { ltv: "LTV", Usd: "(USD)" };

/** "venues.Pool.markets.WETH.liquidationBonus" -> "Pool WETH liquidation bonus". */
export function parameterInWords(param: string): string {
  const segments = param
    .split(".")
    .filter(
      (segment) => !["venues", "markets", "assets", "liquidity", "circuitBreaker", "simulation"].includes(segment),
    );
  const field = segments.pop() ?? param;
  const words =
    FIELD_WORDS[field] ??
    field
      .replace(/Usd$/, " Usd")
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .replace(/ usd$/, " (USD)");
  return [...segments, words].join(" ");
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
    yTitle: "Paths (log scale)",
    yLog: true,
    xUnit: "usd",
    yUnit: "number",
    datasets: [
      {
        label: "Paths",
        type: "bar",
        data: counts.map((count, i) => ({ x: ((i + 0.5) * top) / bins, y: count })),
        colorIndex: 1,
      },
    ],
    markerX: stress.badDebtUsd.q99,
    markerLabel: "99 % quantile",
  };
}

/** Each venue's liquidation mechanism, as the header names it (SPEC 8). */
export function mechanismsInWords(file: Pick<RiskFile, "venues">): string {
  return file.venues
    .map((venue) => {
      if (venue.kind === "lending") return `${venue.name}: ${venue.liquidation?.style ?? "aave"}`;
      if (venue.kind === "options")
        return `${venue.name}: options, ${pct(venue.hedgeShare).toFixed(0)} % of dealer delta hedged`;
      const parts = [
        Object.values(venue.markets).some((m) => m.maintenanceTiers) ? "margin tiers" : "flat margin",
        ...(venue.partialLiquidation ? [`partial ${pct(venue.partialLiquidation.fraction).toFixed(0)} %`] : []),
        ...(venue.backstop ? ["backstop"] : []),
      ];
      return `${venue.name}: perps, ${parts.join(", ")}`;
    })
    .join(" · ");
}

const MECHANISM_WORDS: Record<string, { label: string; unit: "usd" | "percent" | "number" }> = {
  reservesUsd: { label: "Reserves", unit: "usd" },
  inventoryUsd: { label: "Unsold collateral", unit: "usd" },
  auctionsRunning: { label: "Auctions running", unit: "number" },
  throttled: { label: "Vault-rounds throttled (cumulative)", unit: "number" },
  holeUtilisation: { label: "Hole used (%)", unit: "number" },
  stabilityPoolLeft: { label: "Stability pool left (units)", unit: "usd" },
  redistributedUsd: { label: "Redistributed (cumulative)", unit: "usd" },
  backstopUsd: { label: "Taken over by the backstop (cumulative)", unit: "usd" },
  dealerHedgeUsd: { label: "Dealer gamma hedging per round", unit: "usd" },
  liquidationHedgeUsd: { label: "Liquidation hedge unwinds per round", unit: "usd" },
};

/** One chart per venue with a mechanism's per-round figures: money on the left axis, counts and shares on the right. */
function mechanismCharts(result: ScenarioResult, file: Pick<RiskFile, "venues"> | undefined): ChartSpec[] {
  return result.venues.flatMap((venue, v): ChartSpec[] => {
    if (venue.mechanismRounds.length === 0) return [];
    const keys = Object.keys(venue.mechanismRounds[0]);
    const fileVenue = file?.venues[v];
    const style = fileVenue?.kind === "lending" ? (fileVenue.liquidation?.style ?? "aave") : "perps backstop";
    return [
      {
        id: `mechanism-${v}`,
        title: `${venue.name} (${style}) in ${result.name}`,
        xTitle: "Round",
        yTitle: "USD",
        y2Title: "Count or share",
        xUnit: "round",
        yUnit: "usd",
        y2Unit: "number",
        datasets: keys.map((key, k) => {
          const words = MECHANISM_WORDS[key] ?? { label: key, unit: "number" as const };
          const scale = key === "holeUtilisation" ? 100 : 1;
          return {
            label: words.label,
            type: "line" as const,
            data: venue.mechanismRounds.map((round, r) => ({ x: r + 1, y: (round[key] ?? 0) * scale })),
            colorIndex: k,
            ...(words.unit === "usd" ? {} : { secondaryAxis: true }),
          };
        }),
      },
    ];
  });
}

/** The largest dealer gamma trade of any round (SPEC 8.9), as the header names it; "" without options venues. */
function largestGammaFlow(scenarios: readonly ScenarioResult[]): string {
  let largest: { usd: number; scenario: string; round: number } | undefined;
  for (const scenario of scenarios)
    for (const venue of scenario.venues)
      venue.mechanismRounds.forEach((round, r) => {
        const usd = round.dealerHedgeUsd;
        if (usd !== undefined && usd > (largest?.usd ?? 0)) largest = { usd, scenario: scenario.name, round: r + 1 };
      });
  return largest
    ? `largest dealer gamma flow ${formatUsd(largest.usd)} (${largest.scenario}, round ${largest.round})`
    : "";
}

/** Open interest by strike: long and short calls and puts, the asset's price marked. */
function openInterestChart(interest: OptionsInterest): ChartSpec {
  const series = [
    ["Long calls", "longCalls"],
    ["Short calls", "shortCalls"],
    ["Long puts", "longPuts"],
    ["Short puts", "shortPuts"],
  ] as const;
  return {
    id: `open-interest-${interest.venue}`,
    title: `${interest.venue}: open interest by strike (${interest.asset})`,
    xTitle: "Strike (USD)",
    yTitle: `Options (${interest.asset})`,
    xUnit: "usd",
    yUnit: "number",
    markerX: interest.price,
    markerLabel: `${interest.asset} now`,
    datasets: series.map(([label, key], k) => ({
      label,
      type: "bar" as const,
      data: interest.strikes.map((s) => ({ x: s.strike, y: s[key] })),
      colorIndex: k,
    })),
  };
}
