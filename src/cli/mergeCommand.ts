/** `cascade-lens merge OUT.json SHARD...`: the shards' whole result, written whole, byte-identical to the unsharded JSON. */
import * as fs from "node:fs";
import { readRegularFile, sizeText } from "../analysis/fileBookReader";
import { printable } from "../model/printable";
import { UsageError, type ParsedArgs } from "./args";
import { mergedJson } from "./gridAndStress";
import { shardFileSchema, type ShardFile } from "./shards";
import { writeWhole } from "./writeWhole";

/** A shard of a 1M-path stress test is tens of MB; past this it is not one of ours. */
const MAX_SHARD_BYTES = 512 * 1024 * 1024;

export function mergeCommand(
  args: ParsedArgs,
  output: { err(text: string): void },
  ioError: (message: string) => Error,
): number {
  const [out, ...files] = args.files;
  if (!out || files.length === 0) throw new UsageError("merge needs OUT.json and at least one SHARD");
  if (!args.options.has("force") && fs.existsSync(out))
    throw ioError(`${out} exists; choose another OUT or add --force`);
  const shards: ShardFile[] = [];
  for (const file of files) {
    const read = readRegularFile(
      file,
      MAX_SHARD_BYTES,
      (size) => `${file} is ${size === "grew" ? "growing" : sizeText(size)}, too large for a shard`,
    );
    if ("error" in read) throw ioError(`cannot read ${file}: ${read.error}`);
    let value: unknown;
    try {
      value = JSON.parse(read.text);
    } catch {
      output.err(printable(`cascade-lens: ${file} is not JSON; is it a shard file (--shard I/N)?`));
      return 1;
    }
    const parsed = shardFileSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      output.err(
        printable(`cascade-lens: ${file} is not a shard file: ${issue.path.join(".") || "(top)"}: ${issue.message}`),
      );
      return 1;
    }
    shards.push(parsed.data);
  }
  const merged = mergedJson(shards);
  if (typeof merged !== "string") {
    output.err(printable(`cascade-lens: cannot merge: ${merged.error}; nothing was written.`));
    return 1;
  }
  writeWhole(out, `${merged}\n`, ioError);
  return 0;
}
