/** SPEC section 4, step 2: net flows move prices through impact, contagion and the clamp. */
import type { CompiledModel } from "./compiledModel";
import type { RoundTally } from "./roundTally";
import { SimulationError } from "./simulationError";

export function applyPriceStep(model: CompiledModel, tally: RoundTally, market: Float64Array): void {
  const assetCount = model.assetNames.length;
  const impactReturn = new Float64Array(assetCount);
  for (let a = 0; a < assetCount; a++) {
    const net = tally.sell[a] - tally.buy[a];
    const quantityUsd = Math.abs(net);
    if (net > 0) impactReturn[a] = -model.liquidity[a].impact(quantityUsd);
    else if (net < 0) impactReturn[a] = 1 / (1 - model.liquidity[a].impact(quantityUsd)) - 1;
  }
  const totalReturn = impactReturn.slice();
  for (const edge of model.contagion) totalReturn[edge.to] += edge.weight * impactReturn[edge.from];
  const clamp = model.maxRoundMove;
  for (let b = 0; b < assetCount; b++) {
    let move = totalReturn[b];
    if (clamp !== null) move = Math.min(clamp, Math.max(-clamp, move));
    const price = market[b] * (1 + move);
    if (!(price > 0) || !Number.isFinite(price))
      throw priceError(model, tally, b, move, price, impactReturn[b], market[b]);
    market[b] = price;
  }
}

/**
 * A price that leaves (0, Infinity) names its cause: the asset's own buy-side impact
 * (1/(1-I) grows without bound as an AMM's I approaches 1), a price already so large that
 * any rise overflows, a price worn below the smallest double by round after round of
 * sales (each move above -100 %), or contagion pushing a move past -100 %.
 */
function priceError(
  model: CompiledModel,
  tally: RoundTally,
  b: number,
  move: number,
  price: number,
  ownReturn: number,
  market: number,
): SimulationError {
  const name = model.assetNames[b];
  // A buy-back that more than doubles the price is the market's fault; a modest move past 1.8e308, the price's.
  if (!Number.isFinite(price) && Number.isFinite(ownReturn) && ownReturn <= 1) {
    return new SimulationError(
      `The price of ${name} overflows (beyond 1.8e308 USD) when a round moves it by ${move}: it was already ${market.toPrecision(4)}. Check ${name}'s price and the scenario's shock.`,
      ["assets", name, "price"],
    );
  }
  if (!Number.isFinite(ownReturn) || !Number.isFinite(price)) {
    const boughtUsd = tally.buy[b] - tally.sell[b];
    return new SimulationError(
      `Buying back ${boughtUsd.toPrecision(4)} USD of ${name} in one round moves its price to ${price} under its liquidity model: the market cannot absorb the short liquidations. Deepen ${name}'s liquidity or add a circuit breaker (simulation.circuitBreaker.maxRoundMove).`,
      ["assets", name, "liquidity"],
    );
  }
  if (move > -1) {
    return new SimulationError(
      `The price of ${name} fell below the smallest positive number a double holds (5e-324) after rounds of forced sales (this round moved it by ${move}): ${name}'s liquidity cannot absorb the liquidations round after round. Deepen its liquidity, add a circuit breaker, or lower simulation.maxRounds.`,
      ["assets", name, "liquidity"],
    );
  }
  return new SimulationError(
    `The price of ${name} would become ${price} (a round move of ${move}): contagion into ${name} exceeds -100 %. Lower the contagion weights that point at ${name}.`,
    ["assets", name],
  );
}
