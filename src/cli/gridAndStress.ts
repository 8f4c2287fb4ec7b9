/**
 * The heavy commands' outputs: `sweep2` and `stress`, and every sharded run (`--shard I/N`
 * on sweep, sweep2, curve, stress) with the `merge` that puts shards back together. The
 * unsharded JSON and the merged JSON come from the same functions, so they are the same
 * bytes.
 */
import { compileResolved, stressOf, stressShare, sweepOf } from "../analysis/analyses";
import { SWEEP2_METRICS, sweep2Of, type Axis, type Sweep2Metric, type Sweep2Result } from "../analysis/sweep2";
import { curveShare, mergeCurveShares, type CurvePoint } from "../engine/curve";
import { stressOfPaths, type MonteCarloResult } from "../engine/monteCarlo";
import { curvePointSchema } from "../engine/resultSchemas";
import type { SweepPoint, SweepResult } from "../engine/sweep";
import * as z from "zod";
import { formatUsd } from "../rules/formatUsd";
import { printable } from "../model/printable";
import type { BookReader } from "../parse/resolveBooks";
import type { RunLimits } from "../rules/runLimits";
import type { ResolvedRiskFile, Validation } from "../rules/validate";
import { UsageError, numberOption, type ParsedArgs } from "./args";
import { checkShards, shardFile, shardKey, shardOption, type ShardFile, type Slice } from "./shards";

/** The sweep's JSON in its fixed shape (SPEC 7): stuck debt is for the panel and the text report. */
export const sweepPointJson = (point: SweepPoint) => ({
  value: point.value,
  scenarios: point.scenarios.map(({ name, badDebtUsd, uncoveredUsd, amplification }) => ({
    name,
    badDebtUsd,
    uncoveredUsd,
    amplification,
  })),
  ...(point.error === undefined ? {} : { error: point.error }),
});

export const sweepJson = (param: string, points: unknown[]) => ({ param, points });
export const curveJson = (asset: string, points: CurvePoint[], criticalShock: number | null) => ({
  asset,
  points,
  criticalShock,
});
export const sweep2Json = (x: Sweep2Result["x"], y: Sweep2Result["y"], metric: Sweep2Metric, cells: unknown[]) => ({
  x,
  y,
  metric,
  cells,
});
export const stressJson = (result: MonteCarloResult) => ({
  paths: result.paths,
  seed: result.seed,
  assets: result.assets,
  badDebtUsd: result.badDebtUsd,
  uncoveredUsd: result.uncoveredUsd,
  uncoveredProbability: result.uncoveredProbability,
});

/** --x PATH --from --to --steps, then --y PATH --from --to --steps: the options after each axis belong to it. */
export function axesOf(args: ParsedArgs): { x: Axis; y: Axis } {
  const axes: Partial<Record<"x" | "y", Partial<Axis>>> = {};
  let current: Partial<Axis> | undefined;
  for (const [name, value] of args.sequence) {
    if (name === "x" || name === "y") {
      if (axes[name]) throw new UsageError(`--${name} is given twice`);
      current = axes[name] = { param: value };
    } else if (name === "from" || name === "to" || name === "steps") {
      if (!current) throw new UsageError(`--${name} must follow --x PATH or --y PATH`);
      if (current[name] !== undefined)
        throw new UsageError(`--${name} is given twice for --${current === axes.x ? "x" : "y"}`);
      current[name] = numberOption(new Map([[name, value]]), name, name === "steps");
    }
  }
  const complete = (which: "x" | "y"): Axis => {
    const axis = axes[which];
    if (!axis?.param || axis.from === undefined || axis.to === undefined || axis.steps === undefined)
      throw new UsageError(`--${which} PATH --from N --to N --steps N is required`);
    return axis as Axis;
  };
  return { x: complete("x"), y: complete("y") };
}

export function metricOf(options: Map<string, string>): Sweep2Metric {
  const metric = options.get("metric") ?? "uncoveredUsd";
  if (!(SWEEP2_METRICS as readonly string[]).includes(metric))
    throw new UsageError(`--metric must be one of ${SWEEP2_METRICS.join(", ")}`);
  return metric as Sweep2Metric;
}

export function stressSettingsOf(options: Map<string, string>): { paths: number; seed: number } {
  const paths = options.has("paths") ? numberOption(options, "paths", true) : 500;
  const seed = options.has("seed") ? Number(options.get("seed")) : 1;
  if (paths > 1_000_000) throw new UsageError("--paths must be at most 1,000,000");
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new UsageError("--seed must be a whole number from 0 to 4294967295");
  return { paths, seed };
}

const valueText = (metric: Sweep2Metric, value: number | null): string =>
  value === null ? "n/a" : metric === "amplification" ? `x${value.toFixed(2)}` : formatUsd(value);

function sweep2Text(result: Sweep2Result): string {
  const width = 10;
  const lines = [
    `Sweep of ${result.x.param} (rows) x ${result.y.param} (columns): ${result.metric}, worst scenario; * a rule fires`,
    ["".padStart(width), ...result.y.values.map((y) => String(Number(y.toPrecision(6))).padStart(width))].join(" "),
  ];
  result.x.values.forEach((x, i) => {
    const row = result.cells.slice(i * result.y.values.length, (i + 1) * result.y.values.length);
    lines.push(
      [
        String(Number(x.toPrecision(6))).padStart(width),
        ...row.map((c) => `${valueText(result.metric, c.value)}${c.rules.length ? "*" : ""}`.padStart(width)),
      ].join(" "),
    );
  });
  return lines.map(printable).join("\n");
}

const csvCell = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function sweep2Csv(result: Sweep2Result): string {
  const lines = [[result.x.param, result.y.param, result.metric, "rules", "error"].map(csvCell).join(",")];
  for (const c of result.cells)
    lines.push(
      [
        String(c.x),
        String(c.y),
        c.value === null ? "" : String(c.value),
        c.rules.join(" "),
        csvCell(c.error ?? ""),
      ].join(","),
    );
  return lines.join("\n");
}

function stressText(result: MonteCarloResult): string {
  return [
    `Stress test: ${result.paths} paths, seed ${result.seed}, assets ${result.assets.join(", ")}`,
    `  bad debt: mean ${formatUsd(result.badDebtUsd.mean)}, 95 % ${formatUsd(result.badDebtUsd.q95)}, 99 % ${formatUsd(result.badDebtUsd.q99)}, max ${formatUsd(result.badDebtUsd.max)}`,
    `  uncovered: mean ${formatUsd(result.uncoveredUsd.mean)}, 99 % ${formatUsd(result.uncoveredUsd.q99)}; paths with uncovered bad debt ${(result.uncoveredProbability * 100).toFixed(1)} %`,
  ]
    .map(printable)
    .join("\n");
}

export interface RunInput {
  args: ParsedArgs;
  format: string;
  validation: Validation;
  resolved: ResolvedRiskFile;
  readBook: BookReader;
  limits: RunLimits;
  check: () => void;
}

/** sweep2's output (or its shard); throws UsageError for a request the file cannot answer. */
export function sweep2Output(input: RunInput): string {
  const { args, validation, readBook, limits, check } = input;
  const slice = shardOption(args.options);
  const { x, y } = axesOf(args);
  const metric = metricOf(args.options);
  const answer = sweep2Of(validation, { x, y, metric, slice }, readBook, limits, check);
  if ("error" in answer) throw new UsageError(answer.error);
  const { result, indices } = answer;
  if (slice) {
    const key = shardKey("sweep2", { x, y, metric }, validation.doc.text);
    const total = result.x.values.length * result.y.values.length;
    return shardFile(
      "sweep2",
      slice,
      key,
      total,
      { x: result.x, y: result.y, metric },
      result.cells.map((c, i) => [indices[i], c]),
    );
  }
  if (input.format === "json") return JSON.stringify(sweep2Json(result.x, result.y, metric, result.cells));
  return input.format === "csv" ? sweep2Csv(result) : sweep2Text(result);
}

export function stressOutput(input: RunInput): string {
  const { args, resolved, check } = input;
  const settings = stressSettingsOf(args.options);
  const slice = shardOption(args.options);
  if (slice) {
    const { assets, items } = stressShare(resolved, settings, slice, check);
    const key = shardKey("stress", settings, input.validation.doc.text);
    return shardFile("stress", slice, key, settings.paths, { ...settings, assets }, items);
  }
  return stressPrinted(stressOf(resolved, settings), input.format);
}

export const stressPrinted = (result: MonteCarloResult, format: string): string =>
  format === "json" ? JSON.stringify(stressJson(result)) : stressText(result);

/** A shard of `curve` (the unsharded curve keeps its own path in main.ts). */
export function curveShardOutput(input: RunInput, asset: string, slice: Slice): string {
  const settings = input.resolved.file.simulation.curve;
  const share = curveShare(compileResolved(input.resolved), asset, settings, slice, input.check);
  const key = shardKey("curve", { asset }, input.validation.doc.text);
  return shardFile("curve", slice, key, settings.steps + 1, { asset }, share.points, share.firstUncovered);
}

/** A shard of `sweep`: its values' points, by their index among the N+1 values. */
export function sweepShardOutput(
  input: RunInput,
  request: { param: string; from: number; to: number; steps: number },
  slice: Slice,
): string {
  const sweep = sweepOf(input.validation, { ...request, slice }, input.readBook, input.limits, input.check);
  if ("error" in sweep) throw new UsageError(sweep.error);
  const key = shardKey("sweep", request, input.validation.doc.text);
  const items: [number, unknown][] = sweep.points.map((point, i) => [
    slice.index + i * slice.count,
    sweepPointJson(point),
  ]);
  return shardFile("sweep", slice, key, request.steps + 1, { param: sweep.param }, items);
}

export const sweepOutputJson = (sweep: SweepResult): string =>
  JSON.stringify(sweepJson(sweep.param, sweep.points.map(sweepPointJson)));

const axisMeta = z.strictObject({ param: z.string(), values: z.array(z.number()) });
const metaSchemas = {
  sweep: z.strictObject({ param: z.string() }),
  sweep2: z.strictObject({ x: axisMeta, y: axisMeta, metric: z.enum(SWEEP2_METRICS) }),
  curve: z.strictObject({ asset: z.string() }),
  stress: z.strictObject({
    paths: z.number().int().min(1),
    seed: z.number().int().min(0),
    assets: z.array(z.string()),
  }),
};
const pathItem = z.tuple([z.number(), z.number()]);

/** The merged output of checked shards: what the unsharded `--format json` prints. */
export function mergedJson(shards: readonly ShardFile[]): string | { error: string } {
  const checked = checkShards(shards);
  if ("error" in checked) return checked;
  const { items, first } = checked;
  const malformed = { error: `the ${first.command} shards' settings or items are malformed` };
  switch (first.command) {
    case "sweep": {
      const meta = metaSchemas.sweep.safeParse(first.meta);
      return meta.success ? JSON.stringify(sweepJson(meta.data.param, items)) : malformed;
    }
    case "sweep2": {
      const meta = metaSchemas.sweep2.safeParse(first.meta);
      if (!meta.success || meta.data.x.values.length * meta.data.y.values.length !== first.total) return malformed;
      return JSON.stringify(sweep2Json(meta.data.x, meta.data.y, meta.data.metric, items));
    }
    case "curve": {
      const meta = metaSchemas.curve.safeParse(first.meta);
      const points = z.array(curvePointSchema).safeParse(items);
      if (!meta.success || !points.success) return malformed;
      const { criticalShock } = mergeCurveShares(
        shards.map((s) => ({ points: [], firstUncovered: s.firstUncovered ?? null })),
      );
      // The shards' own first uncovered points must agree with the points they hold.
      const k = points.data.findIndex((p) => p.uncoveredUsd > 0);
      const firsts = shards.flatMap((s) => (s.firstUncovered ? [s.firstUncovered.k] : []));
      if (k < 0 !== (firsts.length === 0) || (k >= 0 && Math.min(...firsts) !== k)) return malformed;
      return JSON.stringify(curveJson(meta.data.asset, points.data, criticalShock));
    }
    case "stress": {
      const meta = metaSchemas.stress.safeParse(first.meta);
      const pairs = z.array(pathItem).safeParse(items);
      if (!meta.success || !pairs.success || meta.data.paths !== first.total) return malformed;
      const { paths, seed, assets } = meta.data;
      return stressPrinted(stressOfPaths({ paths, seed }, assets, pairs.data), "json");
    }
  }
}
