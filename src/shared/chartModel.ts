/**
 * What the panel draws, built by the extension from a simulation (src/analysis/panelModel.ts)
 * and drawn by the webview. Aggregates only: a few hundred points per chart at most.
 */
import * as z from "zod";

export const axisUnitSchema = z.enum(["percent", "usd", "round", "healthFactor", "multiple", "number"]);

export const datasetSchema = z.strictObject({
  label: z.string(),
  type: z.enum(["line", "bar"]),
  data: z.array(z.strictObject({ x: z.number(), y: z.number() })),
  /** Bars with the same stack id are stacked. */
  stack: z.string().optional(),
  /** Reference lines (45-degree, insurance funds) are dashed. */
  dashed: z.boolean().optional(),
  /** Index into the theme's chart palette. */
  colorIndex: z.number().int().min(0),
  /** Plot against the secondary (right) y axis. */
  secondaryAxis: z.boolean().optional(),
});

export const chartSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  xTitle: z.string(),
  yTitle: z.string(),
  y2Title: z.string().optional(),
  xUnit: axisUnitSchema,
  yUnit: axisUnitSchema,
  y2Unit: axisUnitSchema.optional(),
  /** A logarithmic y axis: a tail of a few paths stays visible beside a bar of hundreds. */
  yLog: z.boolean().optional(),
  datasets: z.array(datasetSchema),
  /** Sweep Two Parameters: a grid drawn as a heatmap instead of datasets (x-major values, null where a cell could not run). */
  heatmap: z
    .strictObject({
      xValues: z.array(z.number()),
      yValues: z.array(z.number()),
      values: z.array(z.number().nullable()),
      /** Cells where a rule fires (an error or warning of the changed file): drawn hatched. */
      hatched: z.array(z.boolean()),
      /** The file's own values of the two parameters, marked on the grid. */
      current: z.strictObject({ x: z.number(), y: z.number() }).nullable(),
    })
    .optional(),
  /** A vertical marker, e.g. the critical shock. */
  markerX: z.number().nullable().optional(),
  markerLabel: z.string().optional(),
});

export const panelModelSchema = z.strictObject({
  fileName: z.string(),
  header: z.strictObject({
    criticalShock: z.string(),
    worstScenario: z.string(),
    largestAmplification: z.string(),
    badDebt: z.string(),
    /** Stuck debt beside bad debt: a lower bonus can cut one while the other explodes. */
    stuckDebt: z.string(),
    /** Each venue's liquidation mechanism (SPEC 8), e.g. "Comet: compound · Perps: perps, margin tiers, backstop". */
    mechanisms: z.string(),
    elapsed: z.string(),
  }),
  /** One line of why beside each result that surprises (resultNotes.ts). */
  notes: z.array(z.string()),
  scenarioNames: z.array(z.string()),
  /** Compare with Git HEAD / File: the base's name, the verdict and the headline deltas (the charts carry the base's curves). */
  comparison: z.strictObject({ base: z.string(), verdict: z.string(), deltas: z.array(z.string()) }).optional(),
  /** Charts 1, 2, 4, 5 (and a parameter sweep when one was run); chart 3 (the path) is per scenario. */
  charts: z.array(chartSchema),
  paths: z.record(z.string(), chartSchema),
});

export type AxisUnit = z.infer<typeof axisUnitSchema>;
export type ChartDataset = z.infer<typeof datasetSchema>;
export type ChartSpec = z.infer<typeof chartSchema>;
export type PanelModel = z.infer<typeof panelModelSchema>;
