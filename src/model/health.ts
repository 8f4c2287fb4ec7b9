/** Health of single positions at given prices, for rules and hovers (the engine has its own typed-array loop). */
export function lendingHealthFactor(
  collateral: Record<string, number>,
  debt: Record<string, number>,
  prices: Record<string, number>,
  liquidationThreshold: (asset: string) => number,
): number {
  let liquidationValue = 0;
  let debtValue = 0;
  for (const [asset, amount] of Object.entries(collateral))
    liquidationValue += amount * prices[asset] * liquidationThreshold(asset);
  for (const [asset, amount] of Object.entries(debt)) debtValue += amount * prices[asset];
  return debtValue === 0 ? Number.POSITIVE_INFINITY : liquidationValue / debtValue;
}

/** Equity and maintenance requirement of a perps position at price `price`. */
export function perpsMargin(
  size: number,
  entryPrice: number,
  margin: number,
  price: number,
  maintenanceMargin: number,
): { equity: number; requirement: number } {
  return { equity: margin + size * (price - entryPrice), requirement: Math.abs(size) * price * maintenanceMargin };
}

/**
 * The price of `asset` alone (other prices fixed) at which a lending position's health
 * factor is 1, with the position's debt value: HF = (others + c x p x LT) / debt = 1.
 */
export function criticalCollateralPrice(
  collateral: Record<string, number>,
  debt: Record<string, number>,
  prices: Record<string, number>,
  liquidationThreshold: (asset: string) => number,
  asset: string,
): { price: number; debtUsd: number } {
  const debtUsd = Object.entries(debt).reduce((sum, [a, b]) => sum + b * prices[a], 0);
  const others = Object.entries(collateral).reduce(
    (sum, [a, c]) => (a === asset ? sum : sum + c * prices[a] * liquidationThreshold(a)),
    0,
  );
  return { price: (debtUsd - others) / (collateral[asset] * liquidationThreshold(asset)), debtUsd };
}

/** Where an isolated-margin perps position is liquidated: M + s(p - e) = |s| p m, solved for p. */
export function perpsLiquidationPrice(
  size: number,
  entryPrice: number,
  margin: number,
  maintenanceMargin: number,
): number {
  return size > 0
    ? (size * entryPrice - margin) / (size * (1 - maintenanceMargin))
    : (margin - size * entryPrice) / (-size * (1 + maintenanceMargin));
}
