/**
 * One line of why beside a result that surprises: a larger shock that ends shallower, a
 * curve whose final drawdown falls as the initial one grows, an asset that follows a
 * shocked one only through liquidation-driven moves. Correct results that look wrong
 * must carry their reason, or a designer will distrust the right ones.
 */
import type { CurveResult } from "../engine/curve";
import { totalStuck, type ScenarioResult } from "../engine/results";
import { hasName } from "../model/names";
import type { RiskFile } from "../model/schema";
import { signedPercent } from "./summaries";
import { formatUsd } from "../rules/formatUsd";

/** Final moves closer than this are the same depth (noise of the model, not a reversal). */
const MATERIAL_REVERSAL = 0.01;

export function resultNotes(
  scenarios: readonly ScenarioResult[],
  curve: CurveResult | null,
  file?: Pick<RiskFile, "assets" | "scenarios">,
): string[] {
  return [
    ...scenarioReversals(scenarios),
    ...(curve ? curveReversal(curve) : []),
    ...(file ? contagionNotes(file) : []),
  ];
}

/** Scenarios that shock one and the same asset, the larger shock ending shallower. */
function scenarioReversals(scenarios: readonly ScenarioResult[]): string[] {
  const single = scenarios.filter((s) => Object.keys(s.amplification).length === 1);
  const notes: string[] = [];
  for (const deeper of single) {
    const asset = Object.keys(deeper.amplification)[0];
    const shock = (s: ScenarioResult) => s.drawdown[asset] / s.amplification[asset];
    for (const milder of single) {
      if (milder === deeper || Object.keys(milder.amplification)[0] !== asset) continue;
      if (!(shock(deeper) < shock(milder) && deeper.drawdown[asset] > milder.drawdown[asset] + MATERIAL_REVERSAL))
        continue;
      notes.push(
        `${deeper.name} ends shallower (${signedPercent(deeper.drawdown[asset])}) than ${milder.name} (${signedPercent(milder.drawdown[asset])}): ${reason(deeper, milder)}`,
      );
      break;
    }
  }
  return notes;
}

function reason(larger: ScenarioResult, smaller: ScenarioResult): string {
  if (totalStuck(larger) > totalStuck(smaller)) {
    return `at the larger shock ${formatUsd(totalStuck(larger))} of debt is left to no liquidator (stuck), so less collateral is sold into the market.`;
  }
  if (larger.halted) return "the larger shock halted the market (circuit breaker) before the cascade ran its course.";
  if (larger.liquidatedUsd < smaller.liquidatedUsd)
    return `fewer positions were worth liquidating (${formatUsd(larger.liquidatedUsd)} liquidated against ${formatUsd(smaller.liquidatedUsd)}), so less was sold.`;
  return "the liquidations fell in fewer, larger rounds, and each round's impact depends on that round's sales.";
}

/** The first point where a larger initial drawdown ends materially shallower than the one before. */
function curveReversal(curve: CurveResult): string[] {
  for (let k = 1; k < curve.points.length; k++) {
    const before = curve.points[k - 1];
    const point = curve.points[k];
    if (point.finalDrawdown > before.finalDrawdown + MATERIAL_REVERSAL) {
      const stuckNow = (curve.venues ?? []).reduce((sum, v) => sum + (v.stuckDebtUsd[k] ?? 0), 0);
      const stuckBefore = (curve.venues ?? []).reduce((sum, v) => sum + (v.stuckDebtUsd[k - 1] ?? 0), 0);
      const why =
        stuckNow > stuckBefore
          ? `more debt is left to no liquidator there (${formatUsd(stuckNow)} stuck against ${formatUsd(stuckBefore)}), so less is sold`
          : "fewer liquidations pay there, so less is sold";
      return [
        `The curve is not monotone: a ${signedPercent(-point.drawdown)} shock of ${curve.asset} ends at ${signedPercent(point.finalDrawdown)}, shallower than ${signedPercent(before.finalDrawdown)} after ${signedPercent(-before.drawdown)}: ${why}.`,
      ];
    }
  }
  return [];
}

/** Contagion targets a scenario does not shock: they move with liquidation sales only. */
function contagionNotes(file: Pick<RiskFile, "assets" | "scenarios">): string[] {
  const notes: string[] = [];
  for (const scenario of file.scenarios) {
    for (const source of Object.keys(scenario.shocks)) {
      const targets = Object.keys(file.assets[source]?.contagion ?? {}).filter(
        (target) => !hasName(scenario.shocks, target),
      );
      if (targets.length > 0) {
        notes.push(
          `In ${scenario.name}, ${targets.join(", ")} follow${targets.length === 1 ? "s" : ""} ${source} through contagion of its liquidation-driven moves, not its shock: shock ${targets.length === 1 ? "it" : "them"} too to model a correlated fall.`,
        );
        return notes;
      }
    }
  }
  return notes;
}
