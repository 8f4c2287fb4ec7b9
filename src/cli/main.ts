/**
 * `cascade-lens`: the command-line front end of SPEC section 7. It shares every rule and
 * number with the extension; it only reads files and prints.
 */
import * as path from "node:path";
import { curveAssetOf, curveOf, simulateAll, sweepOf } from "../analysis/analyses";
import { DEFAULT_MAX_BOOK_BYTES, fileBookReader, readRegularFile, sizeText } from "../analysis/fileBookReader";
import type { ScenarioResult } from "../engine/results";
import { SimulationError } from "../engine/simulationError";
import { MAX_SWEEP_STEPS } from "../engine/sweep";
import { hasName } from "../model/names";
import { printable } from "../model/printable";
import type { Problem } from "../model/problem";
import { UNLIMITED, type RunLimits } from "../rules/runLimits";
import { MAX_RISK_FILE_CHARS, validateRiskText, type Validation } from "../rules/validate";
import { USAGE, UsageError, formatOption, numberOption, optionalCount, parseArgs } from "./args";
import { stewardProblemsAgainst } from "../rules/stewardLimits";
import { diffCommand } from "./diffCommand";
import { mergeCurveShares, type CurveResult, type CurveShare } from "../engine/curve";
import { sharesInThreads, stressFromShares, type StressShareResult } from "../worker/shareThreads";
import {
  curveJson,
  stressPrinted,
  stressSettingsOf,
  curveShardOutput,
  stressOutput,
  sweep2Output,
  sweepOutputJson,
  sweepShardOutput,
  type RunInput,
} from "./gridAndStress";
import { importCommand } from "./importCommand";
import { mergeCommand } from "./mergeCommand";
import { shardOption } from "./shards";
import { curveCsv, curveReport, problemLine, simulationReport, sweepReport } from "./textReports";

export const EXIT_OK = 0;
export const EXIT_FILE_ERRORS = 1;
export const EXIT_USAGE = 2;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

class IoError extends Error {}

/**
 * --max-seconds, counted from the process start (reading and validating a large file is
 * part of the run): checked between the loading stages and between cascade rounds,
 * wherever they run (scenarios, curve points, the critical-shock bisection, sweep
 * values). The CLI runs on one thread, so it cannot interrupt a round.
 */
class TimeLimit {
  private readonly at: number;
  constructor(readonly seconds: number) {
    // performance.now() counts from the process's time origin.
    this.at = seconds * 1000;
  }
  readonly check = (): void => {
    if (performance.now() > this.at)
      throw new IoError(
        `stopped after ${this.seconds} s, the --max-seconds limit; lower maxRounds, the curve's steps or the book, or raise the limit`,
      );
  };
}

function timeLimitOf(options: Map<string, string>): TimeLimit {
  const seconds = options.has("max-seconds") ? numberOption(options, "max-seconds") : Infinity;
  if (!(seconds > 0)) throw new UsageError("--max-seconds must be a number > 0");
  return new TimeLimit(seconds);
}

interface FileLimits extends RunLimits {
  maxBookBytes: number;
}

/** The CLI limits nothing unless asked: CI must get the numbers of any file the SPEC allows. */
function limitOptions(options: Map<string, string>): FileLimits {
  return {
    maxPositions: optionalCount(options, "max-positions", UNLIMITED.maxPositions),
    maxRounds: optionalCount(options, "max-rounds", UNLIMITED.maxRounds),
    maxBookBytes: optionalCount(options, "max-book-mb", DEFAULT_MAX_BOOK_BYTES / 1048576) * 1048576,
  };
}

function readRiskFile(file: string, limits: FileLimits): Validation {
  // Not read past the size validation accepts (MAX_RISK_FILE_CHARS: the memory its syntax tree may need).
  const read = readRegularFile(
    file,
    MAX_RISK_FILE_CHARS,
    (size) =>
      `${size === "grew" ? "the file grew past" : `the file is ${sizeText(size)}, above`} the ${sizeText(MAX_RISK_FILE_CHARS)} a risk file may have; move its positions to a CSV book`,
  );
  if ("error" in read) throw new IoError(`cannot read ${file}: ${read.error}`);
  return validateRiskText(read.text, fileBookReader(file, limits.maxBookBytes), limits);
}

/** A scenario's JSON in its fixed shape (the engine's result also carries what the panel needs). */
const scenarioJson = (result: ScenarioResult) => ({
  name: result.name,
  rounds: result.rounds,
  halted: result.halted,
  finalPrices: result.finalPrices,
  drawdown: result.drawdown,
  amplification: result.amplification,
  liquidatedUsd: result.liquidatedUsd,
  // SPEC 8.1: every venue, in every file, gains writtenOffUsd and details (no other number changes).
  venues: result.venues.map(
    ({ name, badDebtUsd, coveredUsd, uncoveredUsd, stuckDebtUsd, liquidations, writtenOffUsd, details }) => ({
      name,
      badDebtUsd,
      coveredUsd,
      uncoveredUsd,
      stuckDebtUsd,
      liquidations,
      writtenOffUsd,
      details,
    }),
  ),
  perRound: result.perRound,
});

/** Problems with the CSV path made relative to where the CLI runs, like the risk file's (an absolute one stays). */
const withFile = (file: string, problem: Problem) => ({
  file: !problem.file
    ? file
    : path.isAbsolute(problem.file)
      ? problem.file
      : path.join(path.dirname(file), problem.file),
  code: problem.code,
  severity: problem.severity,
  message: problem.message,
  range: problem.range,
});

export interface RunOptions {
  /** The bundle worker threads run (--threads); the CLI passes its own file. */
  threadScript?: string;
}

/** Every command but --threads, whose threads end asynchronously (runCli). */
export function run(argv: readonly string[], output: Output, options: RunOptions = {}): number {
  const code = runCli(argv, output, options);
  if (typeof code !== "number") throw new Error("--threads runs asynchronously: call runCli");
  return code;
}

/** The exit code; a Promise of it only for --threads, whose threads end asynchronously. */
export function runCli(argv: readonly string[], output: Output, options: RunOptions = {}): number | Promise<number> {
  // Asked for, the usage is the answer (stdout, exit 0); after a mistake it is on stderr, exit 2.
  if (argv.includes("--help") || argv.includes("-h")) {
    output.out(USAGE);
    return EXIT_OK;
  }
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case "validate":
        return validateCommand(
          args.files,
          formatOption(args.options, ["text", "json"]),
          limitOptions(args.options),
          output,
          args.options.get("base"),
        );
      case "diff":
        return diffCommand(args, {
          ...output,
          read: (file) => readRiskFile(file, limitOptions(args.options)),
          onRound: timeLimitOf(args.options).check,
        });
      case "import":
        return importCommand(args, output, (message) => new IoError(message));
      case "simulate":
      case "curve":
      case "sweep":
      case "sweep2":
      case "stress":
        return analysisCommand(args.command, args, output, options);
      case "merge":
        return mergeCommand(args, output, (message) => new IoError(message));
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) output.err(printable(`cascade-lens: ${error.message}`));
      output.err(USAGE);
      return EXIT_USAGE;
    }
    if (error instanceof IoError) {
      output.err(printable(`cascade-lens: ${error.message}`));
      return EXIT_USAGE;
    }
    throw error;
  }
}

function validateCommand(
  files: string[],
  format: string,
  limits: FileLimits,
  output: Output,
  baseFile?: string,
): number {
  if (files.length === 0) throw new UsageError("validate needs at least one FILE");
  // --base: CL040 against that file (the steward limits), for each file that validates.
  const base = baseFile === undefined ? undefined : readRiskFile(baseFile, limits).resolved;
  if (baseFile !== undefined && !base) throw new IoError(`the base ${baseFile} has errors; validate it first`);
  // One unreadable file (a CI glob catching a pipe, a file deleted meanwhile) must not hide
  // the problems of the others: it is reported, the rest validated, and the exit code is 2.
  let unreadable = 0;
  const all = files.flatMap((file) => {
    try {
      const validation = readRiskFile(file, limits);
      const steward = base && validation.resolved ? stewardProblemsAgainst(base, validation.resolved, baseFile!) : [];
      return [...validation.problems, ...steward].map((problem) => withFile(file, problem));
    } catch (error) {
      if (!(error instanceof IoError)) throw error;
      output.err(printable(`cascade-lens: ${error.message}`));
      unreadable++;
      return [];
    }
  });
  if (format === "json") output.out(JSON.stringify(all));
  else {
    for (const problem of all) output.out(problemLine(problem.file, { ...problem, file: undefined }));
    const errors = all.filter((p) => p.severity === "error").length;
    const notRead = unreadable > 0 ? ` (${unreadable} could not be read)` : "";
    output.out(
      printable(
        `${files.length} file${files.length === 1 ? "" : "s"}${notRead}: ${errors} error${errors === 1 ? "" : "s"}, ${all.length - errors} other problem${all.length - errors === 1 ? "" : "s"}`,
      ),
    );
  }
  if (unreadable > 0) return EXIT_USAGE;
  return all.some((p) => p.severity === "error") ? EXIT_FILE_ERRORS : EXIT_OK;
}

function analysisCommand(
  command: "simulate" | "curve" | "sweep" | "sweep2" | "stress",
  args: ReturnType<typeof parseArgs>,
  output: Output,
  options: RunOptions,
): number | Promise<number> {
  if (args.files.length !== 1) throw new UsageError(`${command} needs exactly one FILE`);
  const file = args.files[0];
  const format = formatOption(
    args.options,
    command === "curve" || command === "sweep2" ? ["text", "json", "csv"] : ["text", "json"],
  );
  const slice = shardOption(args.options);
  if (slice && command === "simulate") throw new UsageError("--shard works with sweep, sweep2, curve and stress");
  const threads = args.options.has("threads") ? numberOption(args.options, "threads", true) : 1;
  if (threads > 1 && (slice || (command !== "curve" && command !== "stress")))
    throw new UsageError("--threads works with curve and stress (without --shard)");
  if (threads > 64) throw new UsageError("--threads must be at most 64 (each thread compiles its own model)");
  const threadScript = () => options.threadScript ?? path.resolve(__dirname, "cli.js");
  // The threaded path ends asynchronously: its errors are reported as the synchronous ones are.
  const threaded = async (work: () => Promise<void>): Promise<number> => {
    try {
      await work();
      return EXIT_OK;
    } catch (error) {
      output.err(printable(`cascade-lens: ${(error as Error).message}`));
      return EXIT_FILE_ERRORS;
    }
  };
  const sweepRequest =
    command === "sweep"
      ? {
          param: args.options.get("param") ?? "",
          from: numberOption(args.options, "from"),
          to: numberOption(args.options, "to"),
          steps: numberOption(args.options, "steps", true),
        }
      : undefined;
  if (sweepRequest && !sweepRequest.param) throw new UsageError("--param is required");
  if (sweepRequest && sweepRequest.steps > MAX_SWEEP_STEPS)
    throw new UsageError(
      `--steps must be at most ${MAX_SWEEP_STEPS.toLocaleString("en-US")} (is ${sweepRequest.steps})`,
    );
  const limits = limitOptions(args.options);
  const time = timeLimitOf(args.options);
  const validation = readRiskFile(file, limits);
  time.check();
  const errors = validation.problems.filter((p) => p.severity === "error");
  if (errors.length > 0 || !validation.resolved) {
    for (const problem of errors) output.err(problemLine(file, problem));
    output.err(
      printable(
        `cascade-lens: ${file} has ${errors.length} error${errors.length === 1 ? "" : "s"}; fix ${errors.length === 1 ? "it" : "them"} before ${command === "simulate" ? "simulating" : `running ${command}`}.`,
      ),
    );
    return EXIT_FILE_ERRORS;
  }
  const resolved = validation.resolved;
  const runInput = (): RunInput => ({
    args,
    format,
    validation,
    resolved,
    readBook: fileBookReader(file, limits.maxBookBytes),
    limits,
    check: time.check,
  });
  try {
    if (command === "simulate") {
      const scenario = args.options.get("scenario");
      if (scenario !== undefined && !resolved.file.scenarios.some((s) => s.name === scenario)) {
        throw new UsageError(
          `no scenario named "${scenario}"; scenarios: ${resolved.file.scenarios.map((s) => s.name).join(", ")}`,
        );
      }
      const results = simulateAll(resolved, scenario, { onRound: time.check });
      output.out(
        format === "json"
          ? JSON.stringify({ file, scenarios: results.map(scenarioJson) })
          : simulationReport(file, results),
      );
    } else if (command === "curve") {
      const asset = curveAssetOf(resolved, args.options.get("asset"));
      if (!hasName(resolved.file.assets, asset))
        throw new UsageError(`unknown asset "${asset}"; assets: ${Object.keys(resolved.file.assets).join(", ")}`);
      if (slice) {
        output.out(curveShardOutput(runInput(), asset, slice));
        return EXIT_OK;
      }
      const printCurve = (curve: CurveResult) =>
        output.out(
          format === "json"
            ? JSON.stringify(curveJson(curve.asset, curve.points, curve.criticalShock))
            : format === "csv"
              ? curveCsv(curve)
              : curveReport(curve),
        );
      if (threads > 1)
        return threaded(async () => {
          const shares = (await sharesInThreads(
            threadScript(),
            resolved,
            { kind: "curve", asset },
            threads,
          )) as CurveShare[];
          printCurve({ asset, ...mergeCurveShares(shares) });
        });
      printCurve(curveOf(resolved, asset, { onRound: time.check }));
    } else if (command === "sweep2") output.out(sweep2Output(runInput()));
    else if (command === "stress" && threads > 1 && !slice) {
      const settings = stressSettingsOf(args.options);
      return threaded(async () => {
        const shares = (await sharesInThreads(
          threadScript(),
          resolved,
          { kind: "stress", settings },
          threads,
        )) as StressShareResult[];
        output.out(stressPrinted(stressFromShares(settings, shares), format));
      });
    } else if (command === "stress") output.out(stressOutput(runInput()));
    else if (slice) output.out(sweepShardOutput(runInput(), sweepRequest!, slice));
    else {
      const sweep = sweepOf(validation, sweepRequest!, fileBookReader(file, limits.maxBookBytes), limits, time.check);
      if ("error" in sweep) throw new UsageError(sweep.error);
      output.out(format === "json" ? sweepOutputJson(sweep) : sweepReport(sweep));
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof SimulationError) {
      const range = validation.doc.rangeOf(error.path);
      output.err(problemLine(file, { code: "CL002", severity: "error", message: error.message, range }));
      return EXIT_FILE_ERRORS;
    }
    throw error;
  }
}
