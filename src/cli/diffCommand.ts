/**
 * `cascade-lens diff BASE NEW [--format text|json|markdown]`: what a change does, for a
 * pull request or a governance post. Both files must validate; CL040 (steward limits) is
 * reported in the output, not as a failure: the exit code says whether the diff ran.
 */
import { compareFiles } from "../analysis/comparison";
import { comparisonJson, comparisonMarkdown, comparisonText } from "../analysis/comparisonReports";
import { printable } from "../model/printable";
import { stewardProblemsAgainst } from "../rules/stewardLimits";
import type { ResolvedRiskFile, Validation } from "../rules/validate";
import { UsageError, formatOption, type ParsedArgs } from "./args";
import { problemLine } from "./textReports";

export interface DiffIo {
  out(text: string): void;
  err(text: string): void;
  read(file: string): Validation;
  onRound(): void;
}

function resolvedOrReport(file: string, validation: Validation, io: DiffIo): ResolvedRiskFile | undefined {
  const errors = validation.problems.filter((p) => p.severity === "error");
  if (errors.length === 0 && validation.resolved) return validation.resolved;
  for (const problem of errors) io.err(problemLine(file, problem));
  return undefined;
}

export function diffCommand(args: ParsedArgs, io: DiffIo): number {
  if (args.files.length !== 2) throw new UsageError("diff needs BASE and NEW");
  const format = formatOption(args.options, ["text", "json", "markdown"]);
  const [baseFile, newFile] = args.files;
  const base = resolvedOrReport(baseFile, io.read(baseFile), io);
  const next = resolvedOrReport(newFile, io.read(newFile), io);
  if (!base || !next) {
    io.err(printable(`cascade-lens: fix the errors above before comparing.`));
    return 1;
  }
  const comparison = compareFiles(base, next, { onRound: io.onRound });
  const problems = stewardProblemsAgainst(base, next, baseFile);
  io.out(
    format === "json"
      ? JSON.stringify(comparisonJson(baseFile, newFile, comparison, problems))
      : format === "markdown"
        ? comparisonMarkdown(baseFile, newFile, comparison, problems)
        : comparisonText(baseFile, newFile, comparison, problems).split("\n").map(printable).join("\n"),
  );
  return 0;
}
