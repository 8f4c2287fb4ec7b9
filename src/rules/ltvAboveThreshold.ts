import type { Rule } from "./ruleContext";
import { plain, problemAt } from "./ruleContext";
import { styleOf } from "../model/styles";

/** CL010: a position could be opened at the ltv and already be liquidatable. */
export const ltvAboveThreshold: Rule = {
  code: "CL010",
  severity: "error",
  title: "ltv must be below liquidationThreshold",
  check(context) {
    return context.file.venues.flatMap((venue, v) => {
      // maker and liquity lend up to the liquidation ratio itself (SPEC 8.1): there ltv = threshold is the design.
      if (venue.kind !== "lending" || ["maker", "liquity"].includes(styleOf(venue))) return [];
      return (
        Object.entries(venue.markets)
          // ltv 0 with threshold 0 is a market that is not collateral at all (a borrow-only asset).
          .filter(([, m]) => m.ltv >= m.liquidationThreshold && !(m.ltv === 0 && m.liquidationThreshold === 0))
          .map(([asset, m]) => {
            const path = ["venues", v, "markets", asset, "ltv"];
            const problem = problemAt(
              this,
              context,
              path,
              `ltv ${plain(m.ltv)} >= liquidationThreshold ${plain(m.liquidationThreshold)} for ${asset} in "${venue.name}": a position borrowing the maximum is liquidatable at once; set ltv below ${plain(m.liquidationThreshold)}.`,
            );
            // Half a percentage point under the threshold: the step Aave's risk stewards may move in one change.
            const ltv = Math.max(0, Number((m.liquidationThreshold - 0.005).toFixed(4)));
            return {
              ...problem,
              fixes: [
                {
                  title: `Set ltv to ${ltv} (0.5 pp below the threshold)`,
                  range: context.doc.rangeOf(path),
                  newText: String(ltv),
                  preferred: true,
                },
              ],
            };
          })
      );
    });
  },
};
