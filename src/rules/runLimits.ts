/**
 * Per-run limits: how much work one file may ask for before it is refused with a located
 * error rather than pinning a CPU. The extension reads them from its settings
 * (cascadeLens.limits.*), the CLI from --max-* options; the defaults accept every file the
 * SPEC allows that a laptop can hold.
 */
import type { Problem } from "../model/problem";
import type { RiskFile } from "../model/schema";
import type { JsonDocument } from "../parse/jsonDocument";

export interface RunLimits {
  /** Positions over all venues of one file (inline, CSV and synthetic). */
  maxPositions: number;
  /** The file's simulation.maxRounds may not exceed this. */
  maxRounds: number;
}

export const UNLIMITED: RunLimits = { maxPositions: Infinity, maxRounds: Infinity };

const where = "(setting cascadeLens.limits.%s, CLI option --%s)";
const named = (setting: string, option: string) => where.replace("%s", setting).replace("%s", option);

/** `sizes`: positions per venue (a synthetic book's declared count when it was not generated). */
export function limitProblems(
  file: RiskFile,
  doc: JsonDocument,
  sizes: readonly number[],
  limits: RunLimits,
): Problem[] {
  const problems: Problem[] = [];
  if (file.simulation.maxRounds > limits.maxRounds) {
    problems.push({
      code: "CL002",
      severity: "error",
      message: `maxRounds ${file.simulation.maxRounds} is above the limit of ${limits.maxRounds.toLocaleString("en-US")} rounds per scenario ${named("maxRounds", "max-rounds")}; lower it or raise the limit.`,
      range: doc.rangeOf(["simulation", "maxRounds"]),
    });
  }
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total > limits.maxPositions) {
    // On the largest book: that is where the user would cut.
    const largest = sizes.indexOf(Math.max(...sizes));
    problems.push({
      code: "CL002",
      severity: "error",
      message: `The file holds ${total.toLocaleString("en-US")} positions, above the limit of ${limits.maxPositions.toLocaleString("en-US")} per run ${named("maxPositions", "max-positions")}; sample the book or raise the limit.`,
      range: doc.rangeOf(["venues", largest, "positions"], true),
    });
  }
  return problems;
}
