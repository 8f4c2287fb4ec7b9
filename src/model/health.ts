/** Health of single positions at given prices, for rules and hovers (the engine has its own typed-array loop). */
export function lendingHealthFactor(
  collateral: Record<string, number>,
  debt: Record<string, number>,
  prices: Record<string, number>,
  liquidationThreshold: (asset: string) => number,
): number {
  let liquidationValue = 0;
  let debtValue = 0;
  for (const [asset, amount] of Object.entries(collateral)) liquidationValue += amount * prices[asset] * liquidationThreshold(asset);
  for (const [asset, amount] of Object.entries(debt)) debtValue += amount * prices[asset];
  return debtValue === 0 ? Number.POSITIVE_INFINITY : liquidationValue / debtValue;
}

/** Equity and maintenance requirement of a perps position at price `price`. */
export function perpsMargin(size: number, entryPrice: number, margin: number, price: number, maintenanceMargin: number): { equity: number; requirement: number } {
  return { equity: margin + size * (price - entryPrice), requirement: Math.abs(size) * price * maintenanceMargin };
}
