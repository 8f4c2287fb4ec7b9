/** Command-line arguments: a command, positional files, and --name value options. */
export class UsageError extends Error {}

export interface ParsedArgs {
  command: string;
  files: string[];
  /** The last value of each option. */
  options: Map<string, string>;
  /** Every option in the order given (sweep2 reads --from/--to/--steps after --x and after --y). */
  sequence: [string, string][];
}

const VALUE_OPTIONS = new Set([
  "format",
  "scenario",
  "asset",
  "param",
  "from",
  "to",
  "steps",
  "max-positions",
  "max-rounds",
  "max-book-mb",
  "max-seconds",
  "output",
  "base",
  "x",
  "y",
  "metric",
  "shard",
  "paths",
  "seed",
  "threads",
]);

/** Options without a value (their presence is "true"). */
const FLAG_OPTIONS = new Set(["force"]);

/** Short spellings. */
const SHORT_OPTIONS: Record<string, string> = { "-o": "output" };

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError("");
  const files: string[] = [];
  const options = new Map<string, string>();
  const sequence: [string, string][] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (Object.hasOwn(SHORT_OPTIONS, arg)) {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      options.set(SHORT_OPTIONS[arg], value);
      sequence.push([SHORT_OPTIONS[arg], value]);
    } else if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (FLAG_OPTIONS.has(name) && inline === undefined) {
        options.set(name, "true");
        sequence.push([name, "true"]);
        continue;
      }
      if (!VALUE_OPTIONS.has(name)) throw new UsageError(`unknown option --${name}`);
      const value = inline ?? rest[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
      sequence.push([name, value]);
    } else files.push(arg);
  }
  return { command, files, options, sequence };
}

export function numberOption(options: Map<string, string>, name: string, integer = false): number {
  const text = options.get(name);
  if (text === undefined) throw new UsageError(`--${name} is required`);
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || (integer && (!Number.isInteger(value) || value < 1))) {
    throw new UsageError(`--${name} must be ${integer ? "a whole number >= 1" : "a number"} (is "${text}")`);
  }
  return value;
}

/** An optional whole-number option, or the fallback when it is absent. */
export function optionalCount(options: Map<string, string>, name: string, fallback: number): number {
  return options.has(name) ? numberOption(options, name, true) : fallback;
}

export function formatOption(options: Map<string, string>, allowed: readonly string[]): string {
  const format = options.get("format") ?? "text";
  if (!allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(", ")}`);
  return format;
}

export const USAGE = `Usage:
  cascade-lens validate FILE... [--format text|json]
  cascade-lens simulate FILE [--scenario NAME] [--format text|json]
  cascade-lens curve FILE [--asset A] [--format text|json|csv]
  cascade-lens sweep FILE --param PATH --from X --to Y --steps N [--format text|json]
  cascade-lens sweep2 FILE --x PATH --from X0 --to X1 --steps N --y PATH --from Y0 --to Y1 --steps M
               [--metric uncoveredUsd|badDebtUsd|stuckDebtUsd|amplification] [--format text|json|csv]
  cascade-lens stress FILE [--paths N] [--seed S] [--format text|json]     Monte Carlo, as the editor's
  --shard I/N (sweep, sweep2, curve, stress): compute share I of N (0-based) as a shard file (JSON)
  --threads N (curve, stress): split over N worker threads of this process; the same output as one thread
  cascade-lens merge OUT.json SHARD...   the shards' whole result, byte-identical to the unsharded --format json
  cascade-lens import FORMAT FILE [-o OUT] [--force]     FORMAT: compound-v3, aave-v3, morpho-blue, dydx-v4, hyperliquid
  cascade-lens diff BASE NEW [--format text|json|markdown]
  cascade-lens validate FILE --base BASE   also raises CL040 (thresholds.stewardLimits) against BASE

Limits (any command; a file above one gets a located error): --max-positions N (default none),
  --max-rounds N (default none), --max-book-mb N (CSV books; default 400);
  --max-seconds S stops simulate, curve or sweep after S seconds (exit 2; default none).

Exit codes: 0 ok (validate: no error), 1 the file has errors, 2 usage or I/O failure.`;
