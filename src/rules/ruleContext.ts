/** What every rule sees: the typed file, its located document, and the resolved books. */
import { positionId, type Book } from "../model/book";
import type { Problem, Severity, TextRange } from "../model/problem";
import type { RiskFile } from "../model/schema";
import type { JsonDocument, JsonPath } from "../parse/jsonDocument";

export interface RuleContext {
  file: RiskFile;
  doc: JsonDocument;
  /** Books by venue index; absent where the book could not be read. */
  books: (Book | undefined)[];
}

export interface Rule {
  code: string;
  severity: Severity;
  /** One line for documentation and hovers. */
  title: string;
  check(context: RuleContext): Problem[];
}

export function problemAt(
  rule: Pick<Rule, "code" | "severity">,
  context: RuleContext,
  path: JsonPath,
  message: string,
  preferKey = false,
): Problem {
  return { code: rule.code, severity: rule.severity, message, range: context.doc.rangeOf(path, preferKey) };
}

/**
 * Where a position is: its `id` in an inline book, its CSV line (plus the file reference),
 * or the synthetic generator's node.
 */
export function positionProblems(
  rule: Pick<Rule, "code" | "severity">,
  context: RuleContext,
  venueIndex: number,
  positionIndex: number,
  message: string,
): Problem[] {
  const venue = context.file.venues[venueIndex];
  const book = context.books[venueIndex];
  const positionsPath: JsonPath = ["venues", venueIndex, "positions"];
  if (Array.isArray(venue.positions)) {
    return [problemAt(rule, context, [...positionsPath, positionIndex, "id"], message)];
  }
  if ("file" in venue.positions && book?.sourceLines) {
    const line = book.sourceLines[positionIndex];
    const csvRange: TextRange = {
      start: { line, character: 0 },
      end: { line, character: positionId(book, positionIndex).length || 1 },
    };
    return [
      { code: rule.code, severity: rule.severity, message, range: csvRange, file: venue.positions.file },
      problemAt(rule, context, [...positionsPath, "file"], `${venue.positions.file} line ${line + 1}: ${message}`),
    ];
  }
  return [problemAt(rule, context, [...positionsPath, "synthetic"], message, true)];
}

export const percent = (fraction: number, digits = 2): string =>
  `${(fraction * 100).toFixed(digits).replace(/\.?0+$/, "")} %`;
export const plain = (value: number): string => String(Number(value.toPrecision(6)));

/** `value` rounded down to `digits` decimals, strictly below `value` when it is already round. */
export function roundDown(value: number, digits: number): number {
  const scale = 10 ** digits;
  const rounded = Math.floor(value * scale - 1e-9) / scale;
  return Number(rounded.toFixed(digits));
}
