/**
 * Work too big for one machine, without a scheduler: `--shard I/N` computes a deterministic
 * share of a sweep, a 2-D sweep, a curve or a stress test, and `merge` puts the shares back
 * into the output the unsharded run prints, byte for byte. Any engine that can run N
 * processes (a CI matrix, a Kubernetes Indexed Job) runs the shards.
 *
 * A shard file names its command, its share, and a key (SHA-256 of the command, its
 * options and the risk file's text): merge refuses shards of different runs, a missing or
 * repeated share, and anything malformed, with a message, never a wrong result.
 */
import { createHash } from "node:crypto";
import * as z from "zod";
import { UsageError } from "./args";

export const SHARDED_COMMANDS = ["sweep", "sweep2", "curve", "stress"] as const;
export type ShardedCommand = (typeof SHARDED_COMMANDS)[number];

/** Most shards of one run: each recomputes the shared setup (reading, validating the file). */
export const MAX_SHARDS = 10_000;

export interface Slice {
  index: number;
  count: number;
}

export function shardOption(options: Map<string, string>): Slice | undefined {
  const text = options.get("shard");
  if (text === undefined) return undefined;
  const match = /^(\d{1,5})\/(\d{1,5})$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!(count >= 1 && count <= MAX_SHARDS && index >= 0 && index < count))
    throw new UsageError(`--shard must be I/N with 0 <= I < N <= ${MAX_SHARDS} (is "${text}")`);
  if (options.has("format") && options.get("format") !== "json")
    throw new UsageError("--shard writes a shard file (JSON): leave out --format");
  return { index, count };
}

/** The run a shard belongs to: the same command, options and file give the same key. */
export function shardKey(command: ShardedCommand, settings: unknown, riskText: string): string {
  return createHash("sha256").update(JSON.stringify({ command, settings })).update("\0").update(riskText).digest("hex");
}

const indexed = z.tuple([z.number().int().min(0), z.unknown()]);

export const shardFileSchema = z.strictObject({
  cascadeLensShard: z.literal(1),
  command: z.enum(SHARDED_COMMANDS),
  index: z.number().int().min(0),
  count: z.number().int().min(1).max(MAX_SHARDS),
  key: z.string().regex(/^[0-9a-f]{64}$/),
  /** How many items the whole run has (sweep values, grid cells, curve points, paths). */
  total: z.number().int().min(1),
  /** What every shard of the run shares (the parameter, the axes, the asset, the paths' assets). */
  meta: z.unknown(),
  items: z.array(indexed),
  /** curve: the critical shock at this shard's first point with uncovered bad debt. */
  firstUncovered: z
    .strictObject({ k: z.number().int().min(0), criticalShock: z.number() })
    .nullable()
    .optional(),
});
export type ShardFile = z.infer<typeof shardFileSchema>;

export function shardFile(
  command: ShardedCommand,
  slice: Slice,
  key: string,
  total: number,
  meta: unknown,
  items: [number, unknown][],
  firstUncovered?: { k: number; criticalShock: number } | null,
): string {
  const file: ShardFile = {
    cascadeLensShard: 1,
    command,
    index: slice.index,
    count: slice.count,
    key,
    total,
    meta,
    items,
  };
  if (firstUncovered !== undefined) file.firstUncovered = firstUncovered;
  return JSON.stringify(file);
}

/** Why these shards cannot be merged, or their items in index order. */
export function checkShards(shards: readonly ShardFile[]): { items: unknown[]; first: ShardFile } | { error: string } {
  const first = shards[0];
  if (!first) return { error: "merge needs at least one shard" };
  for (const shard of shards) {
    if (
      shard.command !== first.command ||
      shard.key !== first.key ||
      shard.count !== first.count ||
      shard.total !== first.total
    )
      return { error: `shard ${shard.index}/${shard.count} is of another run (command, options or file differ)` };
    if (JSON.stringify(shard.meta) !== JSON.stringify(first.meta))
      return { error: `shard ${shard.index}/${shard.count} disagrees on the run's settings` };
  }
  const seen = new Set<number>();
  for (const shard of shards) {
    if (shard.index >= shard.count) return { error: `shard ${shard.index}/${shard.count} has no such share` };
    if (seen.has(shard.index)) return { error: `shard ${shard.index}/${shard.count} is given twice` };
    seen.add(shard.index);
  }
  const missing = Array.from({ length: first.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0)
    return {
      error: `missing shard${missing.length === 1 ? "" : "s"} ${missing.slice(0, 10).join(", ")} of ${first.count}`,
    };
  // The items must number exactly the run's total before anything is sized from it (a forged total of 2^31 would be gigabytes).
  const held = shards.reduce((sum, shard) => sum + shard.items.length, 0);
  if (held !== first.total) return { error: `the shards hold ${held} items, the run has ${first.total}` };
  const items = new Array<unknown>(first.total);
  const filled = new Uint8Array(first.total);
  for (const shard of shards)
    for (const [i, item] of shard.items) {
      if (i >= first.total || i % shard.count !== shard.index)
        return { error: `shard ${shard.index}/${shard.count} holds item ${i}, which is not its share` };
      if (filled[i]) return { error: `item ${i} appears twice` };
      filled[i] = 1;
      items[i] = item;
    }
  const hole = filled.indexOf(0);
  if (hole >= 0) return { error: `no shard holds item ${hole}` };
  return { items, first };
}
