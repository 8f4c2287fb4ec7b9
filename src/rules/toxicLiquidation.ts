import type { Rule } from "./ruleContext";
import { percent, plain, problemAt, roundDown } from "./ruleContext";

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
      // The bonus form of the rule (aave styles); morpho's incentive factor is checked in styleRules.ts.
      return Object.entries(venue.markets)
        .flatMap(([asset, m]) =>
          m.liquidationBonus === undefined ? [] : [[asset, { ...m, liquidationBonus: m.liquidationBonus }] as const],
        )
        .filter(([, m]) => m.liquidationThreshold * (1 + m.liquidationBonus) >= 1)
        .map(([asset, m]) => {
          const product = m.liquidationThreshold * (1 + m.liquidationBonus);
          const maxThreshold = 1 / (1 + m.liquidationBonus);
          const maxBonus = 1 / m.liquidationThreshold - 1;
          const marketPath = ["venues", v, "markets", asset];
          const problem = problemAt(
            this,
            context,
            [...marketPath, "liquidationThreshold"],
            `liquidationThreshold ${plain(m.liquidationThreshold)} x (1 + liquidationBonus ${plain(m.liquidationBonus)}) = ${product.toFixed(4).replace(/0+$/, "")} >= 1 for ${asset} in "${venue.name}": liquidating this asset lowers the health factor; lower the threshold below ${maxThreshold.toFixed(4).replace(/0+$/, "")} or the bonus below ${percent(maxBonus)}.`,
          );
          // The largest 4-decimal values with LT x (1 + LB) < 1, changing one parameter each.
          const threshold = roundDown(maxThreshold, 4);
          const bonus = roundDown(maxBonus, 4);
          const fixes = [
            {
              title: `Lower liquidationThreshold to ${threshold}`,
              range: context.doc.rangeOf([...marketPath, "liquidationThreshold"]),
              newText: String(threshold),
            },
          ];
          if (bonus >= 0)
            fixes.push({
              title: `Lower liquidationBonus to ${bonus}`,
              range: context.doc.rangeOf([...marketPath, "liquidationBonus"]),
              newText: String(bonus),
            });
          return { ...problem, fixes };
        });
    });
  },
};
