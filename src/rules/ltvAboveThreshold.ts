import type { Rule } from "./ruleContext";
import { plain, problemAt } from "./ruleContext";

/** CL010: a position could be opened at the ltv and already be liquidatable. */
export const ltvAboveThreshold: Rule = {
  code: "CL010",
  severity: "error",
  title: "ltv must be below liquidationThreshold",
  check(context) {
    return context.file.venues.flatMap((venue, v) => {
      if (venue.kind !== "lending") return [];
      return Object.entries(venue.markets)
        // ltv 0 with threshold 0 is a market that is not collateral at all (a borrow-only asset).
        .filter(([, m]) => m.ltv >= m.liquidationThreshold && !(m.ltv === 0 && m.liquidationThreshold === 0))
        .map(([asset, m]) =>
          problemAt(this, context, ["venues", v, "markets", asset, "ltv"],
            `ltv ${plain(m.ltv)} >= liquidationThreshold ${plain(m.liquidationThreshold)} for ${asset} in "${venue.name}": a position borrowing the maximum is liquidatable at once; set ltv below ${plain(m.liquidationThreshold)}.`),
        );
    });
  },
};
