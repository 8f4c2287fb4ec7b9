import type { Rule } from "./ruleContext";
import { percent, plain, problemAt } from "./ruleContext";

/**
 * CL011: when LT x (1 + LB) >= 1, seizing collateral with the bonus removes more
 * liquidation value than the debt it repays, so each liquidation lowers the health
 * factor: the toxic spiral (Warmuz et al. 2022). Aave's configurator refuses it.
 */
export const toxicLiquidation: Rule = {
  code: "CL011",
  severity: "error",
  title: "liquidationThreshold x (1 + liquidationBonus) must be below 1",
  check(context) {
    return context.file.venues.flatMap((venue, v) => {
      if (venue.kind !== "lending") return [];
      return Object.entries(venue.markets)
        .filter(([, m]) => m.liquidationThreshold * (1 + m.liquidationBonus) >= 1)
        .map(([asset, m]) => {
          const product = m.liquidationThreshold * (1 + m.liquidationBonus);
          const maxThreshold = 1 / (1 + m.liquidationBonus);
          const maxBonus = 1 / m.liquidationThreshold - 1;
          return problemAt(this, context, ["venues", v, "markets", asset, "liquidationThreshold"],
            `liquidationThreshold ${plain(m.liquidationThreshold)} x (1 + liquidationBonus ${plain(m.liquidationBonus)}) = ${product.toFixed(4).replace(/0+$/, "")} >= 1 for ${asset} in "${venue.name}": liquidating this asset lowers the health factor; lower the threshold below ${maxThreshold.toFixed(4).replace(/0+$/, "")} or the bonus below ${percent(maxBonus)}.`);
        });
    });
  },
};
