/**
 * Price impact I(Q) and execution cost C(Q) of each liquidity model (SPEC section 1).
 * Q is the USD size of a net trade; both results are fractions.
 */
import type { Liquidity } from "./schema";

export interface LiquidityCurve {
  impact(quantityUsd: number): number;
  /** Execution cost as a fraction of the traded USD. */
  cost(quantityUsd: number): number;
  /** USD that moves the price by `move` (Infinity if no size does). */
  sizeForImpact(move: number): number;
}

const MAX_IMPACT = 0.99;

export function liquidityCurve(liquidity: Liquidity): LiquidityCurve {
  switch (liquidity.model) {
    case "none":
      return { impact: () => 0, cost: () => 0, sizeForImpact: () => Number.POSITIVE_INFINITY };
    case "linear": {
      const { depthUsd, depthMove } = liquidity;
      const impact = (q: number) => Math.min(MAX_IMPACT, (depthMove * q) / depthUsd);
      return {
        impact,
        cost: (q) => impact(q) / 2,
        sizeForImpact: (move) => (move >= MAX_IMPACT ? Infinity : (move * depthUsd) / depthMove),
      };
    }
    case "sqrt": {
      const { depthUsd, depthMove } = liquidity;
      const impact = (q: number) => Math.min(MAX_IMPACT, depthMove * Math.sqrt(q / depthUsd));
      return {
        impact,
        cost: (q) => (2 * impact(q)) / 3,
        sizeForImpact: (move) => (move >= MAX_IMPACT ? Infinity : depthUsd * (move / depthMove) ** 2),
      };
    }
    case "amm": {
      const reserve = liquidity.reserveUsd;
      return {
        impact: (q) => 1 - (reserve / (reserve + q)) ** 2,
        cost: (q) => q / (reserve + q),
        sizeForImpact: (move) => (move >= 1 ? Infinity : reserve / Math.sqrt(1 - move) - reserve),
      };
    }
    case "book":
      return bookCurve(liquidity.levels);
  }
}

/** Piecewise linear through (0,0) and the levels; the last segment's slope continues, capped. */
function bookCurve(levels: readonly (readonly [number, number])[]): LiquidityCurve {
  const last = levels.length - 1;
  const [lastUsd, lastMove] = levels[last];
  const [prevUsd, prevMove] = last > 0 ? levels[last - 1] : [0, 0];
  const tailSlope = (lastMove - prevMove) / (lastUsd - prevUsd);
  const impact = (q: number): number => {
    if (q > lastUsd) return Math.min(MAX_IMPACT, lastMove + tailSlope * (q - lastUsd));
    let fromUsd = 0;
    let fromMove = 0;
    for (const [usd, move] of levels) {
      if (q <= usd) return fromMove + ((move - fromMove) * (q - fromUsd)) / (usd - fromUsd);
      fromUsd = usd;
      fromMove = move;
    }
    return lastMove;
  };
  const sizeForImpact = (move: number): number => {
    let fromUsd = 0;
    let fromMove = 0;
    for (const [usd, levelMove] of levels) {
      if (move <= levelMove) return fromUsd + ((usd - fromUsd) * (move - fromMove)) / (levelMove - fromMove);
      fromUsd = usd;
      fromMove = levelMove;
    }
    if (move > MAX_IMPACT || tailSlope <= 0) return Infinity;
    return lastUsd + (move - lastMove) / tailSlope;
  };
  return { impact, cost: (q) => impact(q) / 2, sizeForImpact };
}
