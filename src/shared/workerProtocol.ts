/**
 * Messages between the extension host and the simulation worker, validated with zod on
 * the receiving side: a worker is another program as far as the host is concerned. Every
 * object is strict: a field the engine adds and this protocol does not name is an error
 * (caught by the tests), never silently dropped on the way.
 */
import { z } from "zod";
import { panelModelSchema } from "./chartModel";

const position = z.strictObject({ line: z.number(), character: z.number() });
export const rangeSchema = z.strictObject({ start: position, end: position });

export const problemSchema = z.strictObject({
  code: z.string(),
  severity: z.enum(["error", "warning", "information"]),
  message: z.string(),
  range: rangeSchema,
  file: z.string().optional(),
  fixes: z.array(z.strictObject({ title: z.string(), range: rangeSchema, newText: z.string(), preferred: z.boolean().optional() })).optional(),
});

const assetNumbers = z.record(z.string(), z.number());

export const scenarioResultSchema = z.strictObject({
  name: z.string(),
  rounds: z.number(),
  halted: z.boolean(),
  finalPrices: assetNumbers,
  drawdown: assetNumbers,
  amplification: assetNumbers,
  liquidatedUsd: z.number(),
  venues: z.array(
    z.strictObject({ name: z.string(), badDebtUsd: z.number(), coveredUsd: z.number(), uncoveredUsd: z.number(), stuckDebtUsd: z.number(), liquidations: z.number(), repaidUsd: z.number() }),
  ),
  perRound: z.array(z.strictObject({ round: z.number(), prices: assetNumbers, liquidations: z.number(), liquidatedUsd: z.number(), unprofitable: z.number() })),
});

export const curveResultSchema = z.strictObject({
  asset: z.string(),
  points: z.array(
    z.strictObject({ drawdown: z.number(), staticUsd: z.number(), finalDrawdown: z.number(), liquidatedUsd: z.number(), badDebtUsd: z.number(), uncoveredUsd: z.number() }),
  ),
  criticalShock: z.number().nullable(),
  venues: z.array(z.strictObject({ name: z.string(), badDebtUsd: z.array(z.number()), uncoveredUsd: z.array(z.number()), stuckDebtUsd: z.array(z.number()), repaidUsd: z.array(z.number()) })).optional(),
});

export const analysisRequestSchema = z.strictObject({
  id: z.number(),
  /** The risk file on disk (its CSV books are read relative to it); null for an untitled or virtual file. */
  filePath: z.string().nullable(),
  /** Shown in the panel's title and header. */
  fileName: z.string(),
  text: z.string(),
  withCurve: z.boolean(),
  /** Scenarios run after the file's own (Run Scenario's custom shock). */
  extraScenarios: z.array(z.strictObject({ name: z.string(), shocks: z.record(z.string(), z.number()) })).optional(),
  /** Find Critical Shock: the critical shock of each of these assets. */
  criticalShockAssets: z.array(z.string()).optional(),
  sweep: z
    .object({
      param: z.string(),
      from: z.number(),
      to: z.number(),
      steps: z.number().int().min(1).max(1000),
      slice: z.strictObject({ index: z.number().int().min(0), count: z.number().int().min(1) }).optional(),
    })
    .optional(),
  /** Run only the sweep (a parallel sweep's helper worker): no scenarios, curve or panel. */
  sweepOnly: z.boolean().optional(),
  monteCarlo: z.strictObject({ paths: z.number().int().min(1).max(1_000_000), seed: z.number().int().min(0) }).optional(),
  /** The user's cascadeLens.limits.* (the runtime limit is the host's watchdog, not the worker's). */
  limits: z.strictObject({ maxPositions: z.number().positive(), maxRounds: z.number().positive(), maxBookBytes: z.number().positive() }).optional(),
});

const distributionSchema = z.strictObject({ mean: z.number(), q95: z.number(), q99: z.number(), max: z.number() });

export const workerMessageSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("progress"), id: z.number(), message: z.string(), fraction: z.number() }),
  z.strictObject({
    kind: z.literal("result"),
    id: z.number(),
    /** Errors that stopped the run (validation errors or a located simulation error). */
    blockingProblems: z.array(problemSchema),
    scenarios: z.array(scenarioResultSchema),
    curve: curveResultSchema.nullable(),
    /** The panel's charts, aggregated in the worker; null when the run was skipped. */
    panel: panelModelSchema.nullable(),
    criticalShocks: z.array(z.strictObject({ asset: z.string(), criticalShock: z.number().nullable() })).optional(),
    sweep: z
      .object({
        param: z.string(),
        points: z.array(z.strictObject({ value: z.number(), error: z.string().optional(), scenarios: z.array(z.strictObject({ name: z.string(), badDebtUsd: z.number(), uncoveredUsd: z.number(), stuckDebtUsd: z.number(), amplification: z.record(z.string(), z.number()) })) })),
      })
      .optional(),
    /** Why a requested sweep could not run (an unknown parameter path). */
    sweepError: z.string().optional(),
    monteCarlo: z
      .object({ paths: z.number(), seed: z.number(), assets: z.array(z.string()), badDebtUsd: distributionSchema, uncoveredUsd: distributionSchema, uncoveredProbability: z.number() })
      .optional(),
    positions: z.number(),
    elapsedMs: z.number(),
  }),
  z.strictObject({ kind: z.literal("failed"), id: z.number(), message: z.string() }),
]);

export type AnalysisRequest = z.infer<typeof analysisRequestSchema>;
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
export type AnalysisResult = Extract<WorkerMessage, { kind: "result" }>;
