/**
 * Black-Scholes value and delta of one option (no dividend), as SPEC 8.9 marks options
 * positions: σ(S) = volatility + volShock + spotVolBeta·max(0, 1 - S/p0), evaluated at
 * each price where a value or delta is, and time does not pass between rounds.
 */
import { normalCdf, normalDensity } from "./normal";

export interface OptionTerms {
  isCall: boolean;
  strike: number;
  /** Years to expiry: expiryDays / 365. */
  years: number;
  rate: number;
}

/** The market's volatility at asset price S (SPEC 8.9's σ(S)). */
export interface VolatilityModel {
  volatility: number;
  volShock: number;
  spotVolBeta: number;
  /** The asset's file price p0. */
  initialPrice: number;
}

export const sigmaAt = (model: VolatilityModel, price: number): number =>
  model.volatility + model.volShock + model.spotVolBeta * Math.max(0, 1 - price / model.initialPrice);

function d1d2(terms: OptionTerms, price: number, sigma: number): [number, number] {
  const sqrtT = Math.sqrt(terms.years);
  const d1 = (Math.log(price / terms.strike) + (terms.rate + (sigma * sigma) / 2) * terms.years) / (sigma * sqrtT);
  return [d1, d1 - sigma * sqrtT];
}

/** V(S): call S·N(d1) - K·e^(-rT)·N(d2); put K·e^(-rT)·N(-d2) - S·N(-d1). */
export function optionValue(terms: OptionTerms, price: number, sigma: number): number {
  const [d1, d2] = d1d2(terms, price, sigma);
  const discounted = terms.strike * Math.exp(-terms.rate * terms.years);
  return terms.isCall
    ? price * normalCdf(d1) - discounted * normalCdf(d2)
    : discounted * normalCdf(-d2) - price * normalCdf(-d1);
}

/** Δ(S): N(d1) for a call, N(d1) - 1 for a put, σ held at σ(S). */
export function optionDelta(terms: OptionTerms, price: number, sigma: number): number {
  const [d1] = d1d2(terms, price, sigma);
  return terms.isCall ? normalCdf(d1) : normalCdf(d1) - 1;
}

/** Γ and vega (per 1.00 of volatility), for hovers. */
export function optionGreeks(terms: OptionTerms, price: number, sigma: number): { gamma: number; vega: number } {
  const [d1] = d1d2(terms, price, sigma);
  const sqrtT = Math.sqrt(terms.years);
  return { gamma: normalDensity(d1) / (price * sigma * sqrtT), vega: price * normalDensity(d1) * sqrtT };
}
