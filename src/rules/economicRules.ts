/** The economic rules of SPEC section 6, in code order. Each lives in its own file. */
import { bonusBelowExecutionCost } from "./bonusBelowExecutionCost";
import { liquidatableAtFilePrices } from "./liquidatableAtFilePrices";
import { ltvAboveThreshold } from "./ltvAboveThreshold";
import { maintenanceAboveInitial, maintenanceBelowFee } from "./marginOrder";
import type { Rule } from "./ruleContext";
import { supplyCapBeyondLiquidity } from "./supplyCapBeyondLiquidity";
import { toxicLiquidation } from "./toxicLiquidation";

export const economicRules: readonly Rule[] = [
  ltvAboveThreshold,
  toxicLiquidation,
  bonusBelowExecutionCost,
  supplyCapBeyondLiquidity,
  maintenanceAboveInitial,
  maintenanceBelowFee,
  liquidatableAtFilePrices,
];
