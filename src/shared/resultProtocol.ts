/**
 * What an analysis of one risk file answers, as every channel carries it: located problems,
 * the engine's results (schemas from engine/resultSchemas.ts, written once) and the
 * panel's charts. Strict objects throughout: an unknown field is an error, not dropped.
 */
import * as z from "zod";
import {
  curveResultSchema,
  monteCarloResultSchema,
  scenarioResultSchema,
  sweepResultSchema,
} from "../engine/resultSchemas";
import { panelModelSchema } from "./chartModel";

const position = z.strictObject({ line: z.number(), character: z.number() });
export const rangeSchema = z.strictObject({ start: position, end: position });

export const problemSchema = z.strictObject({
  code: z.string(),
  severity: z.enum(["error", "warning", "information"]),
  message: z.string(),
  range: rangeSchema,
  file: z.string().optional(),
  fixes: z
    .array(
      z.strictObject({ title: z.string(), range: rangeSchema, newText: z.string(), preferred: z.boolean().optional() }),
    )
    .optional(),
});

/** The user's cascadeLens.limits.* for one file (the time limit is the run's timeout, not the worker's). */
export const limitsSchema = z.strictObject({
  maxPositions: z.number().positive(),
  maxRounds: z.number().positive(),
  maxBookBytes: z.number().positive(),
});
export type Limits = z.infer<typeof limitsSchema>;

/** What a run does besides the file's scenarios and curve: a custom scenario, critical shocks, a stress test. */
export const analysisJobsSchema = z.strictObject({
  /** Scenarios run after the file's own (Run Scenario's custom shock). */
  extraScenarios: z.array(z.strictObject({ name: z.string(), shocks: z.record(z.string(), z.number()) })).optional(),
  /** Find Critical Shock: the critical shock of each of these assets. */
  criticalShockAssets: z.array(z.string()).optional(),
  monteCarlo: z
    .strictObject({ paths: z.number().int().min(1).max(1_000_000), seed: z.number().int().min(0) })
    .optional(),
  /** Threads a large run's curve and Monte Carlo may split over (the workerCount setting); absent: one. */
  threads: z.number().int().min(1).max(64).optional(),
});
export type AnalysisJobs = z.infer<typeof analysisJobsSchema>;

export const sweepRequestSchema = z.strictObject({
  param: z.string(),
  from: z.number(),
  to: z.number(),
  steps: z.number().int().min(1).max(1000),
  /** Only the values i with i % count === index (a worker's share of a parallel sweep). */
  slice: z.strictObject({ index: z.number().int().min(0), count: z.number().int().min(1) }).optional(),
});

const axisSchema = z.strictObject({
  param: z.string(),
  from: z.number(),
  to: z.number(),
  steps: z.number().int().min(1).max(100),
});

/** Sweep Two Parameters: two axes, the heatmap's metric, and a worker's share of the cells. */
export const sweep2RequestSchema = z.strictObject({
  x: axisSchema,
  y: axisSchema,
  metric: z.enum(["uncoveredUsd", "badDebtUsd", "stuckDebtUsd", "amplification"]),
  slice: z.strictObject({ index: z.number().int().min(0), count: z.number().int().min(1) }).optional(),
});

export const sweep2CellSchema = z.strictObject({
  x: z.number(),
  y: z.number(),
  value: z.number().nullable(),
  scenarios: z.array(sweepResultSchema.shape.points.element.shape.scenarios.element),
  rules: z.array(z.string()),
  error: z.string().optional(),
});

export const sweep2ResultSchema = z.strictObject({
  x: z.strictObject({ param: z.string(), values: z.array(z.number()) }),
  y: z.strictObject({ param: z.string(), values: z.array(z.number()) }),
  metric: sweep2RequestSchema.shape.metric,
  cells: z.array(sweep2CellSchema),
});
export type Sweep2ResultMessage = z.infer<typeof sweep2ResultSchema>;

/** One worker's share: the cells and their indices in the grid. */
export const sweep2ShareSchema = z.union([
  z.strictObject({ result: sweep2ResultSchema, indices: z.array(z.number().int().min(0)) }),
  z.strictObject({ error: z.string() }),
]);
export const sweep2AnswerSchema = z.union([sweep2ResultSchema, z.strictObject({ error: z.string() })]);

/** The stress test's figures without its per-path samples (the panel charts those where the run happened). */
export const monteCarloSummarySchema = monteCarloResultSchema.omit({ samples: true });

/** What a simulation worker computes from a resolved file. */
export const simulationOutputSchema = z.strictObject({
  scenarios: z.array(scenarioResultSchema),
  curve: curveResultSchema.nullable(),
  /** The panel's charts, aggregated where the run happened. */
  panel: panelModelSchema,
  criticalShocks: z.array(z.strictObject({ asset: z.string(), criticalShock: z.number().nullable() })).optional(),
  monteCarlo: monteCarloSummarySchema.optional(),
  positions: z.number(),
  elapsedMs: z.number(),
});

/** One simulation of a file as the editor shows it: the run's output, or the errors that stopped it (then empty). */
const outcomeFiguresSchema = z.strictObject({
  rounds: z.number(),
  halted: z.boolean(),
  finalDrawdown: z.record(z.string(), z.number()),
  amplification: z.record(z.string(), z.number()),
  liquidatedUsd: z.number(),
  badDebtUsd: z.number(),
  uncoveredUsd: z.number(),
  stuckDebtUsd: z.number(),
});

/** A comparison with a base (Compare with Git HEAD / File): the diff's figures, without the runs themselves. */
export const comparisonSummarySchema = z.strictObject({
  base: z.string(),
  verdict: z.string(),
  parameters: z.array(
    z.strictObject({
      path: z.string(),
      at: z.array(z.union([z.string(), z.number()])),
      field: z.string(),
      venue: z.string().nullable(),
      market: z.string().nullable(),
      old: z.unknown(),
      new: z.unknown(),
      relativeChange: z.number().nullable(),
    }),
  ),
  scenarios: z.array(
    z.strictObject({
      name: z.string(),
      base: outcomeFiguresSchema.nullable(),
      new: outcomeFiguresSchema,
      delta: outcomeFiguresSchema.omit({ halted: true }).nullable(),
      baseNote: z.string().optional(),
    }),
  ),
  criticalShock: z.strictObject({
    asset: z.string(),
    base: z.number().nullable(),
    new: z.number().nullable(),
    delta: z.number().nullable(),
  }),
  ownBooks: z.array(z.string()),
});
export type ComparisonSummary = z.infer<typeof comparisonSummarySchema>;

export const analysisResultSchema = z.strictObject({
  /** Errors that stopped the run (validation errors or a located simulation error). */
  blockingProblems: z.array(problemSchema),
  scenarios: z.array(scenarioResultSchema),
  curve: curveResultSchema.nullable(),
  /** null when the run was skipped. */
  panel: panelModelSchema.nullable(),
  criticalShocks: simulationOutputSchema.shape.criticalShocks,
  monteCarlo: monteCarloSummarySchema.optional(),
  positions: z.number(),
  elapsedMs: z.number(),
  /** Present while the file is compared with a base (its overlay is in `panel`). */
  comparison: comparisonSummarySchema.optional(),
});
export type AnalysisResult = z.infer<typeof analysisResultSchema>;

export const sweepAnswerSchema = z.union([sweepResultSchema, z.strictObject({ error: z.string() })]);
