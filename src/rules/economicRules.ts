/** The economic rules of SPEC sections 6 and 8.10, in code order, then CL050 (import placeholders). */
import { bonusBelowExecutionCost } from "./bonusBelowExecutionCost";
import { importPlaceholders } from "./importPlaceholders";
import { liquidatableAtFilePrices } from "./liquidatableAtFilePrices";
import { ltvAboveThreshold } from "./ltvAboveThreshold";
import { maintenanceAboveInitial, maintenanceBelowFee } from "./marginOrder";
import type { Rule } from "./ruleContext";
import { supplyCapBeyondLiquidity } from "./supplyCapBeyondLiquidity";
import { toxicLiquidation } from "./toxicLiquidation";
import { eulerDiscountTooLarge, makerResetTooEarly, morphoToxicIncentive, styleIncentiveBelowCost } from "./styleRules";

export const economicRules: readonly Rule[] = [
  ltvAboveThreshold,
  toxicLiquidation,
  morphoToxicIncentive,
  bonusBelowExecutionCost,
  styleIncentiveBelowCost,
  supplyCapBeyondLiquidity,
  eulerDiscountTooLarge,
  makerResetTooEarly,
  maintenanceAboveInitial,
  maintenanceBelowFee,
  liquidatableAtFilePrices,
  importPlaceholders,
];
