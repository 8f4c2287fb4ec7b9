/**
 * The extension host <-> analysis worker channel (see channel.ts). The host syncs the
 * documents it has open (risk files, and CSV files that may be books) by version, with
 * incremental changes, and forwards file-system events; the worker owns their texts,
 * parsed documents, books and validation, and posts located problems back.
 */
import * as z from "zod";
import { sweepResultSchema } from "../engine/resultSchemas";
import {
  analysisJobsSchema,
  analysisResultSchema,
  limitsSchema,
  problemSchema,
  sweep2AnswerSchema,
  sweep2RequestSchema,
  sweepAnswerSchema,
  sweepRequestSchema,
} from "./resultProtocol";
import type { Direction } from "./channel";
import { chartImageSchema } from "./panelProtocol";

const uri = z.string();
const documentIdentity = {
  uri,
  /** The file on disk (books are read relative to it); null for an untitled or virtual document. */
  filePath: z.string().nullable(),
  /** As problems and the run log name it (relative to the workspace). */
  fileName: z.string(),
};

const textChangeSchema = z.strictObject({
  offset: z.number().int().min(0),
  length: z.number().int().min(0),
  text: z.string(),
});
export type TextChange = z.infer<typeof textChangeSchema>;

const scenarioSchema = z.strictObject({ name: z.string(), shocks: z.record(z.string(), z.number()) });

/** What a validation found, as the host shows it. */
export const fileValidationSchema = z.strictObject({
  uri,
  /** The editor version validated; null for a file read from disk. */
  version: z.number().int().nullable(),
  problems: z.array(problemSchema),
  /** No error stands in the way of a simulation. */
  simulatable: z.boolean(),
  /** Scenarios as written (names and where each starts), for the CodeLenses. */
  scenarios: z.array(z.strictObject({ name: z.string(), line: z.number(), character: z.number() })),
  /** CSV books read (absolute paths or URIs), so the host knows which editors concern the file. */
  booksRead: z.array(z.string()),
  /** The file sets thresholds.stewardLimits: the host measures it against git HEAD (CL040). */
  stewardLimits: z.boolean(),
  elapsedMs: z.number(),
});
export type FileValidation = z.infer<typeof fileValidationSchema>;

/** A resolved file as the palette commands need it to ask their questions. */
export const fileOutlineSchema = z.strictObject({
  scenarios: z.array(scenarioSchema),
  assets: z.array(z.strictObject({ name: z.string(), volatility: z.number().optional() })),
  curve: z.strictObject({ asset: z.string(), maxDrawdown: z.number() }),
  sweepable: z.array(z.strictObject({ label: z.string(), param: z.string(), now: z.number() })),
});
export type FileOutline = z.infer<typeof fileOutlineSchema>;

export const workerStatsSchema = z.strictObject({
  simulationWorkersStarted: z.number(),
  simulationWorkersExited: z.number(),
  sweepWorkersStarted: z.number(),
  running: z.boolean(),
  bookLoads: z.number(),
  validations: z.number(),
  documents: z.number(),
});
export type WorkerStats = z.infer<typeof workerStatsSchema>;

export const hostToAnalysis = {
  requests: {
    /** Validates now (after every change sent before) and answers what was found. */
    validate: { params: z.strictObject({ uri }), result: fileValidationSchema },
    hover: {
      params: z.strictObject({ uri, version: z.number().int(), offset: z.number().int().min(0) }),
      result: z.strictObject({ lines: z.array(z.string()) }),
    },
    /** The resolved file's outline, or null when it has errors. */
    outline: { params: z.strictObject({ uri }), result: fileOutlineSchema.nullable() },
    /** Simulates the current version; `outcomes` are the problems the run found (per scenario, CL012), shown apart from validation's. */
    simulate: {
      params: z.strictObject({
        uri,
        jobs: analysisJobsSchema,
        timeoutMs: z.number().positive(),
        warnAmplification: z.number(),
      }),
      result: z.strictObject({ result: analysisResultSchema, outcomes: z.array(problemSchema) }),
    },
    sweep: {
      params: z.strictObject({
        uri,
        sweep: sweepRequestSchema.omit({ slice: true }),
        workers: z.number().int().min(1).max(64),
        timeoutMs: z.number().positive(),
      }),
      result: sweepAnswerSchema,
    },
    /** Sweep Two Parameters: the grid, split over `workers` simulation workers. */
    sweep2: {
      params: z.strictObject({
        uri,
        sweep2: sweep2RequestSchema.omit({ slice: true }),
        workers: z.number().int().min(1).max(64),
        timeoutMs: z.number().positive(),
      }),
      result: sweep2AnswerSchema,
    },
    /** The HTML report of the file's last run, with the panel's chart images. */
    report: {
      params: z.strictObject({ uri, images: z.array(chartImageSchema), generatedAt: z.string() }),
      result: z.strictObject({ html: z.string() }).nullable(),
    },
    stats: { params: z.strictObject({}), result: workerStatsSchema },
    /** Import Protocol Config: a source file's text to a risk file's (or the located reasons it cannot be). */
    importConfig: {
      params: z.strictObject({ format: z.string(), text: z.string(), sourceName: z.string() }),
      result: z.union([
        z.strictObject({ text: z.string(), placeholders: z.number().int().min(0) }),
        z.strictObject({
          problems: z.array(z.strictObject({ message: z.string(), line: z.number(), character: z.number() })),
        }),
      ]),
    },
  },
  notifications: {
    open: z.strictObject({
      ...documentIdentity,
      version: z.number().int(),
      text: z.string(),
      role: z.enum(["risk", "book"]),
      limits: limitsSchema,
    }),
    change: z.strictObject({ uri, version: z.number().int(), changes: z.array(textChangeSchema) }),
    save: z.strictObject({ uri }),
    close: z.strictObject({ uri }),
    /** Risk files on disk, not open (the workspace scan and watcher); validated from disk. */
    diskFiles: z.strictObject({ files: z.array(z.strictObject({ ...documentIdentity, limits: limitsSchema })) }),
    /** A file changed, appeared or went away on disk (a risk file or a CSV). */
    diskChanged: z.strictObject({ uri, filePath: z.string().nullable(), deleted: z.boolean() }),
    /**
     * The base a risk file is measured against: git HEAD (for CL040 when the file sets
     * steward limits) or what Compare chose; `compare` also runs the base beside each
     * simulation and overlays it. null: none.
     */
    base: z.strictObject({
      uri,
      base: z
        .strictObject({ text: z.string(), label: z.string(), filePath: z.string().nullable(), compare: z.boolean() })
        .nullable(),
    }),
    /** New limits for a file (settings changed). */
    limits: z.strictObject({ uri, limits: limitsSchema }),
  },
} satisfies Direction;

export const analysisToHost = {
  requests: {},
  notifications: {
    validating: z.strictObject({ uri }),
    validated: fileValidationSchema,
    /** A file the worker no longer tracks (deleted on disk): its problems go. */
    forgotten: z.strictObject({ uri }),
    log: z.strictObject({ line: z.string() }),
    /** The worker's copy of a document disagrees with the editor's version: send it whole. */
    resync: z.strictObject({ uri }),
  },
} satisfies Direction;

export type SweepAnswer = z.infer<typeof sweepAnswerSchema>;
export type SweepResultMessage = z.infer<typeof sweepResultSchema>;
