/**
 * Turns each venue's `positions` (inline, CSV file or synthetic) into a columnar book.
 * CSV problems are reported twice: at the CSV's line, and on the `file` reference, so
 * they are visible from the risk file too.
 */
import type { Book, LendingBook, PerpsBook } from "../model/book";
import { lendingBookFromPositions, perpsBookFromPositions } from "../model/inlineBook";
import type { Problem } from "../model/problem";
import type { RiskFile } from "../model/schema";
import { syntheticLendingBook, syntheticPerpsBook } from "../model/syntheticBook";
import { parseLendingCsv, parsePerpsCsv, type CsvResult } from "./csvBook";
import type { JsonDocument } from "./jsonDocument";

/** What a book reader may answer: the CSV's text, a book already parsed elsewhere (off the editor's thread), "still loading", or why it cannot be read. */
export type BookReadResult = { text: string } | { parsed: CsvResult<Book> } | { pending: true } | { error: string };
/** The venue a book is read for: its parse depends on the kind and the known markets. */
export interface BookShape {
  kind: "lending" | "perps";
  markets: readonly string[];
}
/** Reads a CSV book named relative to the risk file. Front ends supply it (fs, an open editor, a background loader). */
export type BookReader = (relativePath: string, shape: BookShape) => BookReadResult;

/** At most this many CSV problems are mirrored onto the risk file's `file` reference. */
const MIRRORED_PER_FILE = 5;

/**
 * The last few CSV parses, reused when the same text is read for the same venue shape:
 * a risk file is validated on every pause in typing, its million-row book rarely changes.
 * Books are never mutated after parsing (the engine copies what it changes).
 */
const recentParses = new Map<string, { text: string; result: CsvResult<LendingBook | PerpsBook> }>();
const RECENT_PARSES = 4;

export function parseCsvBook(shape: BookShape, file: string, text: string): CsvResult<LendingBook | PerpsBook> {
  const known = shape.markets;
  const key = `${shape.kind}\0${file}\0${known.join("\0")}`;
  const recent = recentParses.get(key);
  if (recent && recent.text === text) return recent.result;
  const result = shape.kind === "lending" ? parseLendingCsv(text, file, new Set(known)) : parsePerpsCsv(text, file, new Set(known));
  recentParses.delete(key);
  recentParses.set(key, { text, result });
  if (recentParses.size > RECENT_PARSES) recentParses.delete(recentParses.keys().next().value!);
  return result;
}

export function resolveBooks(file: RiskFile, doc: JsonDocument, readBook: BookReader): { books: (Book | undefined)[]; problems: Problem[]; pending: string[] } {
  const problems: Problem[] = [];
  const pending: string[] = [];
  const books = file.venues.map((venue, v): Book | undefined => {
    const positions = venue.positions;
    if (Array.isArray(positions)) {
      return venue.kind === "lending" ? lendingBookFromPositions(positions as never) : perpsBookFromPositions(positions as never);
    }
    if ("synthetic" in positions) {
      if (venue.kind === "lending" && "collateral" in positions.synthetic) {
        const spec = positions.synthetic;
        const collateral = file.assets[spec.collateral];
        const debt = file.assets[spec.debt];
        const market = venue.markets[spec.collateral];
        if (!collateral || !debt || !market) return undefined;
        return syntheticLendingBook(spec, { collateral: collateral.price, debt: debt.price }, market.liquidationThreshold);
      }
      if (venue.kind === "perps" && "market" in positions.synthetic) {
        const market = venue.markets[positions.synthetic.market];
        const asset = market && file.assets[market.asset];
        return asset ? syntheticPerpsBook(positions.synthetic, asset.price) : undefined;
      }
      return undefined;
    }
    const filePath = ["venues", v, "positions", "file"];
    const shape: BookShape = { kind: venue.kind, markets: Object.keys(venue.markets) };
    const read = readBook(positions.file, shape);
    if ("error" in read) {
      problems.push({ code: "CL002", severity: "error", message: `Cannot read the position book "${positions.file}": ${read.error}`, range: doc.rangeOf(filePath) });
      return undefined;
    }
    if ("pending" in read) {
      pending.push(positions.file);
      return undefined;
    }
    const result = "parsed" in read ? read.parsed : parseCsvBook(shape, positions.file, read.text);
    problems.push(...result.problems);
    result.problems.slice(0, MIRRORED_PER_FILE).forEach((problem) => problems.push({ ...problem, file: undefined, range: doc.rangeOf(filePath) }));
    if (result.problems.length > MIRRORED_PER_FILE) {
      problems.push({ code: result.problems[0].code, severity: "error", message: `${positions.file}: ${result.problems.length - MIRRORED_PER_FILE} more problems, see the CSV file.`, range: doc.rangeOf(filePath) });
    }
    return result.problems.some((p) => p.severity === "error") ? undefined : result.book;
  });
  return { books, problems, pending };
}
