/**
 * Turns each venue's `positions` (inline, CSV file or synthetic) into a columnar book.
 * CSV problems are reported twice: at the CSV's line, and on the `file` reference, so
 * they are visible from the risk file too.
 */
import type { Book } from "../model/book";
import { lendingBookFromPositions, optionsBookFromPositions, perpsBookFromPositions } from "../model/inlineBook";
import { parseOptionsCsv } from "./optionsCsv";
import type { Problem } from "../model/problem";
import type { RiskFile } from "../model/schema";
import { generateSynthetic, type SyntheticRequest } from "../model/syntheticBook";
import { csvText, lineCount, parseLendingCsv, parsePerpsCsv, type CsvResult, type CsvSource } from "./csvBook";
import type { JsonDocument } from "./jsonDocument";
import { debtWithoutMarket } from "../model/styles";
import { hasName } from "../model/names";

/**
 * What a book reader may answer: the CSV's text, or its bytes when every one is ASCII (a
 * file read and not decoded, csvBook.ts's CsvSource), a book already parsed elsewhere (off
 * the editor's thread), "still loading", or why it cannot be read.
 */
export type BookReadResult =
  { text: string } | { ascii: Uint8Array } | { parsed: CsvResult<Book> } | { pending: true } | { error: string };
/** The venue a book is read for: its parse depends on the kind and the known markets. */
export interface BookShape {
  kind: "lending" | "perps" | "options";
  markets: readonly string[];
}
/** A generated book, "still generating", or why it could not be. */
export type SyntheticResult = { book: Book } | { pending: true } | { error: string };
/** Generates a synthetic book; `label` names it where it is reported as pending. */
export type SyntheticGenerator = (request: SyntheticRequest, label: string) => SyntheticResult;
/**
 * Reads a CSV book named relative to the risk file. Front ends supply it (fs, an open
 * editor, a background loader); one may also say where synthetic books are generated
 * (the extension: large ones off its thread), by default here, at once.
 */
export type BookReader = ((relativePath: string, shape: BookShape) => BookReadResult) & {
  generate?: SyntheticGenerator;
};

/**
 * Generated positions one file may ask for over all its venues (each venue may ask for 5
 * million): about 1 GB of books, what a laptop holds. Unlike the run limits this holds in
 * the CLI too, where nothing else would stop 20 venues of 5 million from filling the memory.
 */
export const MAX_SYNTHETIC_POSITIONS = 10_000_000;

/** At most this many CSV problems are mirrored onto the risk file's `file` reference. */
const MIRRORED_PER_FILE = 5;

/**
 * The last few CSV parses, reused when the same text is read for the same venue shape:
 * a risk file is validated on every pause in typing, its million-row book rarely changes.
 * Books are never mutated after parsing (the engine copies what it changes).
 */
const recentParses = new Map<string, { source: CsvSource; result: CsvResult<Book> }>();
const RECENT_PARSES = 4;

/** A CSV book parsed for its venue's kind and known markets (or assets). */
export function parseBookText(shape: BookShape, file: string, source: CsvSource): CsvResult<Book> {
  const known = new Set(shape.markets);
  if (shape.kind === "lending") return parseLendingCsv(source, file, known);
  const text = csvText(source);
  return shape.kind === "options" ? parseOptionsCsv(text, file, known) : parsePerpsCsv(text, file, known);
}

/** The text or ASCII bytes a reader answered, when it answered a CSV. */
export const csvSourceOf = (read: BookReadResult): CsvSource | undefined =>
  "text" in read ? read.text : "ascii" in read ? read : undefined;

/** `source` is the same object each time a book file is unchanged (fileBookReader keeps what it read). */
export function parseCsvBook(shape: BookShape, file: string, source: CsvSource): CsvResult<Book> {
  const known = shape.markets;
  const key = `${shape.kind}\0${file}\0${known.join("\0")}`;
  const recent = recentParses.get(key);
  if (recent && recent.source === source) return recent.result;
  const result = parseBookText(shape, file, source);
  recentParses.delete(key);
  recentParses.set(key, { source, result });
  if (recentParses.size > RECENT_PARSES) recentParses.delete(recentParses.keys().next().value!);
  return result;
}

/**
 * The books of a file, their problems, the CSV books still loading, and each venue's size
 * (a book's positions, or the count a synthetic book declares when it was not generated).
 * Synthetic books are generated only while the declared positions fit `maxPositions`: a
 * file asking for 20 venues of 5 million generated positions is refused by its numbers,
 * not after filling the memory.
 */
export function resolveBooks(
  file: RiskFile,
  doc: JsonDocument,
  readBook: BookReader,
  maxPositions = Number.POSITIVE_INFINITY,
): { books: (Book | undefined)[]; problems: Problem[]; pending: string[]; sizes: number[] } {
  const problems: Problem[] = [];
  const pending: string[] = [];
  const declared = file.venues.map(({ positions }) =>
    Array.isArray(positions) ? positions.length : "synthetic" in positions ? positions.synthetic.count : 0,
  );
  const synthetic = file.venues.map(({ positions }) =>
    !Array.isArray(positions) && "synthetic" in positions ? positions.synthetic.count : 0,
  );
  const syntheticTotal = synthetic.reduce((sum, count) => sum + count, 0);
  if (syntheticTotal > MAX_SYNTHETIC_POSITIONS) {
    const largest = synthetic.indexOf(Math.max(...synthetic));
    problems.push({
      code: "CL002",
      severity: "error",
      message: `The synthetic books ask for ${syntheticTotal.toLocaleString("en-US")} positions in all, above the ${MAX_SYNTHETIC_POSITIONS.toLocaleString("en-US")} a file may generate; lower their counts.`,
      range: doc.rangeOf(["venues", largest, "positions", "synthetic", "count"]),
    });
  }
  const generate =
    syntheticTotal <= MAX_SYNTHETIC_POSITIONS && declared.reduce((sum, count) => sum + count, 0) <= maxPositions;
  const generator = readBook.generate ?? generateAtOnce;
  const declaredTotal = declared.reduce((sum, count) => sum + count, 0);
  /** CSV books refused by their line count, before parsing: their size for limitProblems. */
  const counted: (number | undefined)[] = [];
  const books = file.venues.map((venue, v): Book | undefined => {
    const positions = venue.positions;
    if (Array.isArray(positions)) {
      if (venue.kind === "options") return optionsBookFromPositions(positions as never);
      return venue.kind === "lending"
        ? lendingBookFromPositions(positions as never)
        : perpsBookFromPositions(positions as never);
    }
    if ("synthetic" in positions) {
      const request = generate ? syntheticRequest(file, venue) : undefined;
      if (!request) return undefined;
      const label = `the synthetic book of venue "${venue.name}"`;
      const generated = generator(request, label);
      if ("pending" in generated) {
        pending.push(label);
        return undefined;
      }
      if ("error" in generated) {
        problems.push({
          code: "CL002",
          severity: "error",
          message: `Cannot generate ${label}: ${generated.error}`,
          range: doc.rangeOf(["venues", v, "positions", "synthetic"]),
        });
        return undefined;
      }
      return generated.book;
    }
    const filePath = ["venues", v, "positions", "file"];
    const shape: BookShape = { kind: venue.kind, markets: bookAssets(file, venue) };
    const read = readBook(positions.file, shape);
    if ("error" in read) {
      problems.push({
        code: "CL002",
        severity: "error",
        message: `Cannot read the position book "${positions.file}": ${read.error}`,
        range: doc.rangeOf(filePath),
      });
      return undefined;
    }
    if ("pending" in read) {
      pending.push(positions.file);
      return undefined;
    }
    const source = csvSourceOf(read);
    if (source !== undefined && Number.isFinite(maxPositions)) {
      // Lines after the header bound the rows from above: a book that cannot fit is not parsed.
      const rows = lineCount(source) - 1;
      if (declaredTotal + rows > maxPositions) {
        counted[v] = rows;
        return undefined;
      }
    }
    const result = "parsed" in read ? read.parsed : parseCsvBook(shape, positions.file, source!);
    problems.push(...result.problems);
    result.problems
      .slice(0, MIRRORED_PER_FILE)
      .forEach((problem) => problems.push({ ...problem, file: undefined, range: doc.rangeOf(filePath) }));
    if (result.problems.length > MIRRORED_PER_FILE) {
      problems.push({
        code: result.problems[0].code,
        severity: "error",
        message: `${positions.file}: ${result.problems.length - MIRRORED_PER_FILE} more problems, see the CSV file.`,
        range: doc.rangeOf(filePath),
      });
    }
    return result.problems.some((p) => p.severity === "error") ? undefined : result.book;
  });
  return { books, problems, pending, sizes: books.map((book, v) => book?.ids.length ?? counted[v] ?? declared[v]) };
}

/** What a venue's synthetic book depends on, or undefined when its names do not resolve (reported elsewhere). */
function syntheticRequest(file: RiskFile, venue: RiskFile["venues"][number]): SyntheticRequest | undefined {
  const positions = venue.positions;
  if (Array.isArray(positions) || !("synthetic" in positions)) return undefined;
  if (venue.kind === "lending" && "collateral" in positions.synthetic) {
    const spec = positions.synthetic;
    const collateral = file.assets[spec.collateral];
    const debt = file.assets[spec.debt];
    const market = venue.markets[spec.collateral];
    return collateral && debt && market
      ? {
          kind: "lending",
          spec,
          prices: { collateral: collateral.price, debt: debt.price },
          liquidationThreshold: market.liquidationThreshold,
        }
      : undefined;
  }
  if (venue.kind === "perps" && "market" in positions.synthetic) {
    const market = venue.markets[positions.synthetic.market];
    const asset = market && file.assets[market.asset];
    return asset ? { kind: "perps", spec: positions.synthetic, price: asset.price } : undefined;
  }
  return undefined;
}

/**
 * The last few generated books, by everything they depend on: typing in a risk file must
 * not generate its million positions again on every pause (they take ~0.5 s a million).
 */
const recentSynthetics = new Map<string, Book>();
const RECENT_SYNTHETICS = 4;

/** Generates here (reusing a recent book): the CLI, the workers, and the extension for small books. */
export const generateAtOnce: SyntheticGenerator = (request) => ({ book: recentSynthetic(request) });

function recentSynthetic(request: SyntheticRequest): Book {
  const key = JSON.stringify(request);
  const recent = recentSynthetics.get(key);
  if (recent) return recent;
  const book = generateSynthetic(request);
  recentSynthetics.set(key, book);
  if (recentSynthetics.size > RECENT_SYNTHETICS) recentSynthetics.delete(recentSynthetics.keys().next().value!);
  return book;
}

/**
 * The asset columns a venue's CSV book may have: its markets, and for the styles whose
 * debt asset needs no market (SPEC 8.1), any asset of the file (the style's own rule then
 * checks that every collateral asset has a market).
 */
function bookAssets(file: RiskFile, venue: RiskFile["venues"][number]): string[] {
  const markets = Object.keys(venue.markets);
  if (venue.kind !== "lending" || !debtWithoutMarket(venue)) return markets;
  return [...markets, ...Object.keys(file.assets).filter((asset) => !hasName(venue.markets, asset))];
}
