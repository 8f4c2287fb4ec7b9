import type { PerpsMarket } from "../model/schema";
import type { Rule } from "./ruleContext";
import { percent, problemAt } from "./ruleContext";
import { baseMaintenanceMargin } from "../model/styles";

/** CL020: a new position at maximum leverage would be liquidatable the moment it opens. */
export const maintenanceAboveInitial: Rule = {
  code: "CL020",
  severity: "error",
  title: "maintenanceMargin must be below initialMargin",
  check(context) {
    return context.file.venues.flatMap((venue, v) => {
      if (venue.kind !== "perps") return [];
      // With maintenanceTiers, the first tier's rate is the market's maintenance margin.
      return Object.entries(venue.markets)
        .filter(([, m]) => baseMaintenanceMargin(m) >= m.initialMargin)
        .map(([name, m]) => {
          const path = maintenancePath(v, name, m);
          const problem = problemAt(
            this,
            context,
            path,
            `maintenanceMargin ${percent(baseMaintenanceMargin(m))} >= initialMargin ${percent(m.initialMargin)} on ${name}: a position opened at maximum leverage is liquidatable at once; set it below ${percent(m.initialMargin)} (dYdX v4 uses 60 % of initial).`,
          );
          const maintenance = Number((m.initialMargin * 0.6).toFixed(4));
          // One value to change only without tiers (with tiers, the first tier and any equal maintenanceMargin would both move).
          if (m.maintenanceTiers) return problem;
          return {
            ...problem,
            fixes: [
              {
                title: `Set maintenanceMargin to ${maintenance} (60 % of initial, as dYdX v4)`,
                range: context.doc.rangeOf(path),
                newText: String(maintenance),
                preferred: true,
              },
            ],
          };
        });
    });
  },
};

/** CL021: the fee takes all the equity a liquidation finds, so any gap between oracle and fill becomes bad debt. */
export const maintenanceBelowFee: Rule = {
  code: "CL021",
  severity: "warning",
  title: "maintenanceMargin should exceed liquidationFee",
  check(context) {
    return context.file.venues.flatMap((venue, v) => {
      // SPEC 8.9: an options market whose fee reaches its risk move leaves no margin buffer either.
      if (venue.kind === "options")
        return Object.entries(venue.markets)
          .filter(([, m]) => m.liquidationFee >= m.riskMove)
          .map(([name, m]) =>
            problemAt(
              this,
              context,
              ["venues", v, "markets", name, "liquidationFee"],
              `liquidationFee ${percent(m.liquidationFee)} >= riskMove ${percent(m.riskMove)} on ${name}: the fee can take the whole margin the risk move requires; lower the fee below ${percent(m.riskMove)}.`,
            ),
          );
      if (venue.kind !== "perps") return [];
      return Object.entries(venue.markets)
        .filter(([, m]) => baseMaintenanceMargin(m) <= m.liquidationFee)
        .map(([name, m]) =>
          problemAt(
            this,
            context,
            ["venues", v, "markets", name, "liquidationFee"],
            `liquidationFee ${percent(m.liquidationFee)} >= maintenanceMargin ${percent(baseMaintenanceMargin(m))} on ${name}: the fee consumes the whole remaining margin, leaving no buffer for slippage at liquidation; lower the fee below ${percent(baseMaintenanceMargin(m))}.`,
          ),
        );
    });
  },
};

/** Where a market's maintenance margin is written: its own field, or its first tier's rate. */
function maintenancePath(v: number, name: string, m: PerpsMarket): (string | number)[] {
  const market = ["venues", v, "markets", name];
  return m.maintenanceMargin === undefined && m.maintenanceTiers
    ? [...market, "maintenanceTiers", 0, 1]
    : [...market, "maintenanceMargin"];
}
