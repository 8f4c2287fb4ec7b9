/**
 * The engine's results, declared once as zod schemas: the engine's types are inferred
 * from them (results.ts, curve.ts, sweep.ts, monteCarlo.ts), and the workers' protocols
 * validate with them, so a field the engine adds is in the protocol the moment it exists.
 * Every object is strict: an unknown field arriving from a worker is an error.
 */
import * as z from "zod";

const assetNumbers = z.record(z.string(), z.number());

export const roundResultSchema = z.strictObject({
  round: z.number(),
  prices: assetNumbers,
  liquidations: z.number(),
  liquidatedUsd: z.number(),
  unprofitable: z.number(),
});

export const venueResultSchema = z.strictObject({
  name: z.string(),
  badDebtUsd: z.number(),
  coveredUsd: z.number(),
  uncoveredUsd: z.number(),
  stuckDebtUsd: z.number(),
  liquidations: z.number(),
  /**
   * Lending: debt liquidators repaid over the run; 0 for perps. Not in the CLI's JSON (its
   * shape is fixed): with stuck debt it gives the share of liquidatable debt left untaken.
   */
  repaidUsd: z.number(),
  /** SPEC 8.1: debt removed without repayment (version 2 styles); 0 otherwise. */
  writtenOffUsd: z.number(),
  /** SPEC 8.1: the mechanism's own figures (compound reserves, maker auctions, liquity pool, perps backstop); {} otherwise. */
  details: z.record(z.string(), z.number()),
  /**
   * The mechanism's figures after each round (compound reserves, maker auctions, the
   * liquity pool, backstop takeovers), for the panel; [] for venues without one. Not in the
   * CLI's JSON (its shape is fixed).
   */
  mechanismRounds: z.array(z.record(z.string(), z.number())),
});

export const scenarioResultSchema = z.strictObject({
  name: z.string(),
  rounds: z.number(),
  halted: z.boolean(),
  finalPrices: assetNumbers,
  drawdown: assetNumbers,
  amplification: assetNumbers,
  liquidatedUsd: z.number(),
  venues: z.array(venueResultSchema),
  perRound: z.array(roundResultSchema),
});

export const curvePointSchema = z.strictObject({
  drawdown: z.number(),
  staticUsd: z.number(),
  finalDrawdown: z.number(),
  liquidatedUsd: z.number(),
  badDebtUsd: z.number(),
  uncoveredUsd: z.number(),
});

export const curveResultSchema = z.strictObject({
  asset: z.string(),
  points: z.array(curvePointSchema),
  criticalShock: z.number().nullable(),
  /** Bad debt per venue at each point (for the panel; the CLI prints only the SPEC fields). */
  venues: z
    .array(
      z.strictObject({
        name: z.string(),
        badDebtUsd: z.array(z.number()),
        uncoveredUsd: z.array(z.number()),
        stuckDebtUsd: z.array(z.number()),
        repaidUsd: z.array(z.number()),
      }),
    )
    .optional(),
});

export const sweepScenarioSchema = z.strictObject({
  name: z.string(),
  badDebtUsd: z.number(),
  uncoveredUsd: z.number(),
  /** Not in the CLI's JSON (its shape is fixed); the panel charts it beside bad debt. */
  stuckDebtUsd: z.number(),
  amplification: assetNumbers,
});

export const sweepPointSchema = z.strictObject({
  value: z.number(),
  scenarios: z.array(sweepScenarioSchema),
  /** Why this value could not be simulated (e.g. out of the field's range). */
  error: z.string().optional(),
});

export const sweepResultSchema = z.strictObject({ param: z.string(), points: z.array(sweepPointSchema) });

export const distributionSchema = z.strictObject({
  mean: z.number(),
  q95: z.number(),
  q99: z.number(),
  max: z.number(),
});

export const monteCarloResultSchema = z.strictObject({
  paths: z.number(),
  seed: z.number(),
  assets: z.array(z.string()),
  badDebtUsd: distributionSchema,
  uncoveredUsd: distributionSchema,
  /** Share of paths with uncovered bad debt. */
  uncoveredProbability: z.number(),
  /** Bad debt per path, in path order (for the histogram). */
  samples: z.array(z.number()),
});
