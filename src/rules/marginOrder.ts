import type { Rule } from "./ruleContext";
import { percent, problemAt } from "./ruleContext";

/** CL020: a new position at maximum leverage would be liquidatable the moment it opens. */
export const maintenanceAboveInitial: Rule = {
  code: "CL020",
  severity: "error",
  title: "maintenanceMargin must be below initialMargin",
  check(context) {
    return context.file.venues.flatMap((venue, v) => {
      if (venue.kind !== "perps") return [];
      return Object.entries(venue.markets)
        .filter(([, m]) => m.maintenanceMargin >= m.initialMargin)
        .map(([name, m]) => {
          const path = ["venues", v, "markets", name, "maintenanceMargin"];
          const problem = problemAt(
            this,
            context,
            path,
            `maintenanceMargin ${percent(m.maintenanceMargin)} >= initialMargin ${percent(m.initialMargin)} on ${name}: a position opened at maximum leverage is liquidatable at once; set it below ${percent(m.initialMargin)} (dYdX v4 uses 60 % of initial).`,
          );
          const maintenance = Number((m.initialMargin * 0.6).toFixed(4));
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
      if (venue.kind !== "perps") return [];
      return Object.entries(venue.markets)
        .filter(([, m]) => m.maintenanceMargin <= m.liquidationFee)
        .map(([name, m]) =>
          problemAt(
            this,
            context,
            ["venues", v, "markets", name, "liquidationFee"],
            `liquidationFee ${percent(m.liquidationFee)} >= maintenanceMargin ${percent(m.maintenanceMargin)} on ${name}: the fee consumes the whole remaining margin, leaving no buffer for slippage at liquidation; lower the fee below ${percent(m.maintenanceMargin)}.`,
          ),
        );
    });
  },
};
