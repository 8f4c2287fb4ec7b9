/**
 * CL012 as the cascade sees it. The static rule compares the bonus with the cost of
 * selling the median liquidation at file prices; in a falling market whole classes of
 * positions stop being worth liquidating, which the median does not see (lowering WETH's
 * bonus from 5 % to 2 % in the lending example keeps the median profitable while hundreds
 * of millions of debt are left to no liquidator). After a simulation, a lending venue gets
 * a warning when, along the liquidation curve or in a scenario, a material share of the
 * debt that became liquidatable is left untaken, with the drawdown where it starts.
 */
import type { CurveResult } from "../engine/curve";
import { stuckBadDebt, untakenFraction, type ScenarioResult } from "../engine/results";
import { hasName } from "../model/names";
import type { Problem } from "../model/problem";
import type { RiskFile } from "../model/schema";
import { isAaveStyle, styleOf } from "../model/styles";
import type { JsonDocument } from "../parse/jsonDocument";
import { formatUsd } from "../rules/formatUsd";

/** The share of newly liquidatable debt left untaken from which a venue is warned. */
export const MATERIAL_UNTAKEN_SHARE = 0.1;

interface Untaken {
  where: string;
  share: number;
  stuckUsd: number;
  liquidatableUsd: number;
  /** The asset whose fall it follows (its bonus is where the warning goes). */
  asset?: string;
}

/**
 * Stuck debt that still has collateral behind it: the part a liquidator could take but
 * does not because it does not pay. Stuck debt beyond the collateral is bad debt, left
 * because nothing is left to seize, which no bonus changes.
 */
const backedStuck = (stuckDebtUsd: number, badDebtUsd: number): number =>
  stuckDebtUsd - stuckBadDebt({ stuckDebtUsd, badDebtUsd });

export function untakenDebtProblems(
  doc: JsonDocument,
  file: RiskFile,
  scenarios: readonly ScenarioResult[],
  curve: CurveResult | null,
): Problem[] {
  const problems: Problem[] = [];
  file.venues.forEach((venue, v) => {
    // The advice is about a liquidator's bonus: the aave styles. Elsewhere debt waits for other reasons
    // (Maker's hole limits, Liquity's last trove) or no liquidator decides (Compound absorbs).
    if (venue.kind !== "lending" || !isAaveStyle(styleOf(venue))) return;
    const found = firstOnCurve(curve, v) ?? mostUntakenScenario(scenarios, v);
    if (!found) return;
    // On the bonus of the asset that fell (the curve's, or the scenario's first shocked one), where the fix is.
    const asset = found.asset !== undefined && hasName(venue.markets, found.asset) ? found.asset : undefined;
    const path = asset ? ["venues", v, "markets", asset, "liquidationBonus"] : ["venues", v, "name"];
    const bonusValue = asset ? venue.markets[asset].liquidationBonus : undefined;
    const bonus = bonusValue !== undefined ? ` (its liquidationBonus is ${(bonusValue * 100).toFixed(1)} %)` : "";
    problems.push({
      code: "CL012",
      severity: "warning",
      message:
        `${found.where}, ${(found.share * 100).toFixed(0)} % of the debt that became liquidatable in venue "${venue.name}" (${formatUsd(found.stuckUsd)} of ${formatUsd(found.liquidatableUsd)}) is left to no liquidator although collateral remains to seize: ` +
        `seizing ${asset ?? "the collateral"}${bonus} does not pay for selling it into the falling market. Raise the bonus, lower the liquidator's cost, or model deeper liquidity.`,
      range: doc.rangeOf(path),
    });
  });
  return problems;
}

function firstOnCurve(curve: CurveResult | null, v: number): Untaken | undefined {
  const venue = curve?.venues?.[v];
  if (!curve || !venue) return undefined;
  for (let k = 0; k < curve.points.length; k++) {
    const stuckUsd = backedStuck(venue.stuckDebtUsd[k], venue.badDebtUsd[k]);
    const s = untakenFraction(stuckUsd, venue.stuckDebtUsd[k], venue.repaidUsd[k]);
    if (stuckUsd > 0 && s >= MATERIAL_UNTAKEN_SHARE) {
      return {
        where: `From a ${(curve.points[k].drawdown * 100).toFixed(1)} % fall of ${curve.asset} (liquidation curve)`,
        share: s,
        stuckUsd,
        liquidatableUsd: venue.stuckDebtUsd[k] + venue.repaidUsd[k],
        asset: curve.asset,
      };
    }
  }
  return undefined;
}

function mostUntakenScenario(scenarios: readonly ScenarioResult[], v: number): Untaken | undefined {
  let worst: Untaken | undefined;
  for (const result of scenarios) {
    const venue = result.venues[v];
    if (!venue) continue;
    const stuckUsd = backedStuck(venue.stuckDebtUsd, venue.badDebtUsd);
    const s = untakenFraction(stuckUsd, venue.stuckDebtUsd, venue.repaidUsd);
    if (stuckUsd > 0 && s >= MATERIAL_UNTAKEN_SHARE && (!worst || s > worst.share)) {
      worst = {
        where: `In scenario "${result.name}"`,
        share: s,
        stuckUsd,
        liquidatableUsd: venue.stuckDebtUsd + venue.repaidUsd,
        asset: Object.keys(result.amplification)[0],
      };
    }
  }
  return worst;
}
