/** Messages between the panel host and its webview, over the one channel (channel.ts), validated with zod on both ends. */
import * as z from "zod";
import { panelModelSchema } from "./chartModel";
import type { Direction } from "./channel";

/**
 * A PNG as a data URL, checked whole: a prefix check would let a webview (or anything
 * that posts to it) append markup that the HTML report then embeds.
 */
export const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;
const pngDataUrl = z.string().regex(PNG_DATA_URL);

/** What the panel shows: charts (fresh, or stale beside errors), a run in progress, or only errors. */
export const panelViewSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("show"),
    model: panelModelSchema,
    /** stale: the file changed or has errors since these results; they are kept, marked. */
    freshness: z.enum(["fresh", "stale"]),
    errors: z.array(z.string()),
  }),
  z.strictObject({ type: z.literal("running"), fileName: z.string() }),
  z.strictObject({ type: z.literal("problems"), fileName: z.string(), errors: z.array(z.string()) }),
]);
export type PanelView = z.infer<typeof panelViewSchema>;

export const chartImageSchema = z.strictObject({ chartId: z.string(), title: z.string(), dataUrl: pngDataUrl });

/** The panel host <-> webview channel (channel.ts), validated on both ends. */
export const hostToWebview = {
  requests: {
    /** Export Report: every chart rendered to PNG. */
    collectImages: { params: z.strictObject({}), result: z.strictObject({ images: z.array(chartImageSchema) }) },
  },
  notifications: {
    view: panelViewSchema,
    /** Which file the panel belongs to, for setState (and so the serializer can revive it). */
    identity: z.strictObject({ uri: z.string() }),
    /** Run Scenario: show this scenario's path. */
    select: z.strictObject({ scenario: z.string() }),
  },
} satisfies Direction;

export const webviewToHost = {
  requests: {},
  notifications: {
    ready: z.strictObject({}),
    exportPng: z.strictObject({ chartId: z.string(), title: z.string(), dataUrl: pngDataUrl }),
    exportCsv: z.strictObject({ chartId: z.string(), title: z.string() }),
  },
} satisfies Direction;

/** What the webview persists with setState, and the serializer revives the panel from. */
export const panelStateSchema = z.strictObject({ uri: z.string(), scenario: z.string().optional() });
export type PanelState = z.infer<typeof panelStateSchema>;
