/** Messages between the panel host and its webview, validated with zod on both ends. */
import { z } from "zod";
import { panelModelSchema } from "./chartModel";

/**
 * A PNG as a data URL, checked whole: a prefix check would let a webview (or anything
 * that posts to it) append markup that the HTML report then embeds.
 */
export const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;
const pngDataUrl = z.string().regex(PNG_DATA_URL);

export const toWebviewSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("show"),
    model: panelModelSchema,
    /** stale: the file changed or has errors since these results; they are kept, marked. */
    freshness: z.enum(["fresh", "stale"]),
    errors: z.array(z.string()),
  }),
  z.strictObject({ type: z.literal("running"), fileName: z.string() }),
  /** Which file the panel belongs to, for setState (and so the serializer can revive it). */
  z.strictObject({ type: z.literal("identity"), uri: z.string() }),
  /** Run Scenario: show this scenario's path. */
  z.strictObject({ type: z.literal("select"), scenario: z.string() }),
  /** Export Report: render every chart to PNG and send them back. */
  z.strictObject({ type: z.literal("collectImages"), requestId: z.number() }),
  z.strictObject({ type: z.literal("problems"), fileName: z.string(), errors: z.array(z.string()) }),
]);

export const fromWebviewSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ready") }),
  z.strictObject({ type: z.literal("exportPng"), chartId: z.string(), title: z.string(), dataUrl: pngDataUrl }),
  z.strictObject({ type: z.literal("exportCsv"), chartId: z.string(), title: z.string() }),
  z.strictObject({
    type: z.literal("images"),
    requestId: z.number(),
    images: z.array(z.strictObject({ chartId: z.string(), title: z.string(), dataUrl: pngDataUrl })),
  }),
]);

export type ToWebview = z.infer<typeof toWebviewSchema>;
export type FromWebview = z.infer<typeof fromWebviewSchema>;

/** What the webview persists with setState, and the serializer revives the panel from. */
export const panelStateSchema = z.strictObject({ uri: z.string(), scenario: z.string().optional() });
export type PanelState = z.infer<typeof panelStateSchema>;
