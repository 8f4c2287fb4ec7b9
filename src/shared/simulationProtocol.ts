/**
 * The analysis worker <-> simulation workers channel (see channel.ts). The analysis
 * worker validates a file once per version and hands a simulation worker the resolved
 * file and its books in shared memory; a run is cancelled by terminating its worker.
 */
import * as z from "zod";
import { riskFileSchema } from "../model/schema";
import {
  analysisJobsSchema,
  limitsSchema,
  simulationOutputSchema,
  sweep2RequestSchema,
  sweep2ShareSchema,
  sweepAnswerSchema,
  sweepRequestSchema,
} from "./resultProtocol";
import type { Direction } from "./channel";

// Columns may live in shared memory (a SharedArrayBuffer), so the buffer's kind is left open.
const float64 = z.custom<Float64Array>((value) => value instanceof Float64Array, "expected a Float64Array");
const int32 = z.custom<Int32Array>((value) => value instanceof Int32Array, "expected an Int32Array");
const uint8 = z.custom<Uint8Array>((value) => value instanceof Uint8Array, "expected a Uint8Array");
const names = z.array(z.string());

export const sharedBookSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("lending"),
    count: z.number().int().min(0),
    sourceLines: int32.optional(),
    collateralAssets: names,
    collateral: z.array(float64),
    debtAssets: names,
    debt: z.array(float64),
  }),
  z.strictObject({
    kind: z.literal("perps"),
    count: z.number().int().min(0),
    sourceLines: int32.optional(),
    markets: names,
    marketOf: int32,
    size: float64,
    entryPrice: float64,
    margin: float64,
  }),
  z.strictObject({
    kind: z.literal("options"),
    count: z.number().int().min(0),
    sourceLines: int32.optional(),
    markets: names,
    marketOf: int32,
    isCall: uint8,
    strike: float64,
    expiryDays: float64,
    size: float64,
    premium: float64,
    margin: float64,
  }),
]);

/** A book a sweep point may ask for again: a CSV by the path and venue shape it was read for, or a synthetic book by its spec. */
const preparedBookSchema = z.union([
  z.strictObject({
    relativePath: z.string(),
    kind: z.enum(["lending", "perps", "options"]),
    markets: names,
    book: sharedBookSchema,
  }),
  z.strictObject({ syntheticKey: z.string(), book: sharedBookSchema }),
]);
export type PreparedBook = z.infer<typeof preparedBookSchema>;

const runOutputSchema = z.union([
  simulationOutputSchema,
  /** A located failure of the simulation itself (a price driven to 0, an overflow): the analysis worker places it in the file. */
  z.strictObject({
    simulationError: z.strictObject({ message: z.string(), path: z.array(z.union([z.string(), z.number()])) }),
  }),
]);
export type RunOutput = z.infer<typeof runOutputSchema>;

export const analysisToSimulation = {
  requests: {
    run: {
      params: z.strictObject({
        fileName: z.string(),
        /** The validated file; inline positions are in `books`, not repeated here. */
        file: riskFileSchema,
        /** One per venue, in the file's order. */
        books: z.array(sharedBookSchema),
        /** The liquidation curve's asset, or null for no curve. */
        curveAsset: z.string().nullable(),
        jobs: analysisJobsSchema,
      }),
      result: runOutputSchema,
    },
    /** One share of a sweep: each point is the file with one value replaced, validated again (it may break a rule) and simulated. */
    sweep: {
      params: z.strictObject({
        text: z.string(),
        fileName: z.string(),
        books: z.array(preparedBookSchema),
        sweep: sweepRequestSchema,
        limits: limitsSchema,
      }),
      result: sweepAnswerSchema,
    },
    /** One share of a two-parameter sweep's cells (as a sweep's points). */
    sweep2: {
      params: z.strictObject({
        text: z.string(),
        fileName: z.string(),
        books: z.array(preparedBookSchema),
        sweep2: sweep2RequestSchema,
        limits: limitsSchema,
      }),
      result: sweep2ShareSchema,
    },
  },
  notifications: {},
} satisfies Direction;

export const simulationToAnalysis = { requests: {}, notifications: {} } satisfies Direction;
