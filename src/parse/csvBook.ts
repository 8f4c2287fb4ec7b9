/**
 * CSV position books (SPEC section 3). Written as a single pass over the text with
 * typed-array columns, because books reach millions of rows: no object per row.
 * Problems carry the CSV line and cell, so the editor can point at the cell itself.
 */
import type { LendingBook, PerpsBook, PositionIds } from "../model/book";
import type { Problem, TextRange } from "../model/problem";
import { quote } from "../model/quote";
import { isDecimal } from "./decimal";
import { DuplicateIdFinder } from "./duplicateIds";
import { readPlainLendingRows } from "./plainLendingRows";
import { asciiText } from "../model/book";

/** Beyond this many problems in one CSV, the rest are summarised in one line. */
const MAX_CSV_PROBLEMS = 50;

export interface CsvResult<B> {
  book?: B;
  problems: Problem[];
}

interface Row {
  line: number;
  /** Characters on the line (without its end). */
  length: number;
  cells: string[];
  starts: number[];
}

/**
 * Walks the rows of a CSV text, skipping blank lines. For speed, a row's cells are given
 * as bounds into the text (reused arrays, no per-row objects); quoted cells ("a,b" and ""
 * escapes) take a slower path that unquotes them.
 */
export class CsvScanner {
  line = -1;
  /** Column (UTF-16 offset in the line) of each cell, and its unquoted, trimmed text on demand. */
  readonly cellStart: number[] = [];
  readonly cellEnd: number[] = [];
  private quoted: string[] | undefined;
  private lineOffset = 0;
  private next: number;
  /** Offset of the next '"' at or after the current row, -1 when there is none left. */
  private nextQuote = -2;
  /** Offset of the next CR not followed by LF (searched once ahead, like nextQuote), -1 when none is left. */
  private nextCr = -2;
  /** Characters on the current line (without its end). */
  lineLength = 0;
  /** The current row as cells, built once per row: a wide row with many bad cells would otherwise build it per cell. */
  private currentRow: Row | undefined;

  constructor(private readonly text: string) {
    this.next = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  get cellCount(): number {
    return this.cellStart.length;
  }

  /** Offset of the text after the current row's line end. */
  get offset(): number {
    return this.next;
  }

  /** Advances to the next non-blank row; false at the end. */
  advance(): boolean {
    const text = this.text;
    while (this.next <= text.length) {
      const offset = this.next;
      let end = text.indexOf("\n", offset);
      if (end < 0) end = text.length;
      // A lone CR ends a line too, as in the editor, so problems land on the line the user sees.
      if (this.nextCr !== -1 && this.nextCr < offset) this.nextCr = this.findLoneCr(offset);
      if (this.nextCr !== -1 && this.nextCr < end) end = this.nextCr;
      this.next = end + 1;
      this.line++;
      let lineEnd = end;
      if (lineEnd > offset && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      this.lineLength = lineEnd - offset;
      if (isBlank(text, offset, lineEnd)) continue;
      // Columns count from the line's start; a byte-order mark is not part of the text (as in VS Code).
      this.lineOffset = offset;
      this.currentRow = undefined;
      this.split(offset, lineEnd);
      return true;
    }
    return false;
  }

  private findLoneCr(from: number): number {
    for (let cr = this.text.indexOf("\r", from); cr >= 0; cr = this.text.indexOf("\r", cr + 1)) {
      if (this.text.charCodeAt(cr + 1) !== 10) return cr;
    }
    return -1;
  }

  cell(column: number): string {
    if (this.quoted) return this.quoted[column] ?? "";
    return this.text.slice(this.cellStart[column] + this.lineOffset, this.cellEnd[column] + this.lineOffset).trim();
  }

  /** A number cell; empty is 0 (SPEC: "empty cell = 0"), anything but a finite decimal number (decimal.ts) is NaN. */
  amount(column: number): number {
    if (this.quoted) return parseAmount(this.quoted[column] ?? "");
    const from = this.cellStart[column] + this.lineOffset;
    const to = this.cellEnd[column] + this.lineOffset;
    const fast = plainDecimal(this.text, from, to);
    return fast >= 0 ? fast : parseAmount(this.text.slice(from, to));
  }

  row(): Row {
    this.currentRow ??= {
      line: this.line,
      length: this.lineLength,
      cells: Array.from({ length: this.cellCount }, (_, c) => this.cell(c)),
      starts: this.cellStart.map((s) => this.startColumn(s)),
    };
    return this.currentRow;
  }

  private startColumn(start: number): number {
    // Skip leading blanks so a problem points at the value itself.
    let column = start;
    while (this.text.charCodeAt(this.lineOffset + column) === 32) column++;
    return column;
  }

  private split(offset: number, lineEnd: number): void {
    const text = this.text;
    this.cellStart.length = 0;
    this.cellEnd.length = 0;
    this.quoted = undefined;
    // The next quote anywhere ahead, found once and reused: searching from every row to the
    // end of a quote-free text would make reading quadratic.
    if (this.nextQuote !== -1 && this.nextQuote < offset) this.nextQuote = text.indexOf('"', offset);
    if (this.nextQuote >= 0 && this.nextQuote < lineEnd) {
      this.splitQuoted(text.slice(offset, lineEnd), offset - this.lineOffset);
      return;
    }
    let start = offset;
    for (;;) {
      const comma = text.indexOf(",", start);
      this.cellStart.push(start - this.lineOffset);
      if (comma < 0 || comma >= lineEnd) {
        this.cellEnd.push(lineEnd - this.lineOffset);
        return;
      }
      this.cellEnd.push(comma - this.lineOffset);
      start = comma + 1;
    }
  }

  private splitQuoted(content: string, column0: number): void {
    const cells: string[] = [];
    let i = 0;
    while (i <= content.length) {
      this.cellStart.push(i + column0);
      let cell = "";
      while (content[i] === " ") i++;
      if (content[i] === '"') {
        i++;
        // Whole runs between quotes at once: a cell of millions of characters must not be built one at a time.
        for (;;) {
          const quote = content.indexOf('"', i);
          if (quote < 0) {
            cell += content.slice(i);
            i = content.length;
            break;
          }
          cell += content.slice(i, quote);
          if (content.charCodeAt(quote + 1) === 34) {
            cell += '"';
            i = quote + 2;
          } else {
            i = quote + 1;
            break;
          }
        }
        while (i < content.length && content[i] !== ",") i++;
      } else {
        const comma = content.indexOf(",", i);
        const end = comma < 0 ? content.length : comma;
        cell = content.slice(i, end).trim();
        i = end;
      }
      cells.push(cell);
      this.cellEnd.push(i + column0);
      if (i >= content.length) break;
      i++;
    }
    this.quoted = cells;
  }
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== 32 && ch !== 9 && ch !== 0xfeff) return false;
  }
  return true;
}

export class CsvProblems {
  readonly list: Problem[] = [];
  private overflow = 0;
  constructor(private readonly file: string) {}

  add(code: string, message: string, range: TextRange): void {
    if (this.list.length < MAX_CSV_PROBLEMS)
      this.list.push({ code, severity: "error", message, range, file: this.file });
    else this.overflow++;
  }

  atCell(code: string, message: string, row: Row, column: number): void {
    const start = row.starts[column] ?? 0;
    const length = row.cells[column]?.length ?? 0;
    // An empty cell is marked one character wide, but never past the line's end.
    const end = Math.max(start, Math.min(start + Math.max(length, 1), row.length));
    this.add(code, message, { start: { line: row.line, character: start }, end: { line: row.line, character: end } });
  }

  finish(): Problem[] {
    if (this.overflow > 0) {
      const last = this.list[this.list.length - 1];
      this.list.push({ ...last, message: `…and ${this.overflow} more problems in ${this.file}.` });
    }
    return this.list;
  }
}

/** Exact powers of ten: every one up to 1e22 is a double. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * The value of a plain decimal cell (digits, an optional fraction, at most 15 digits in
 * all, no sign or exponent), read from the text without slicing it; -1 for anything else,
 * which the general reader then takes. Exact by construction: the digits form an integer
 * below 2^53 and 10^k is exact, so one division is the correctly rounded value, the double
 * Number() gives for the same text (Clinger's fast path); tested against it.
 */
export function plainDecimal(text: string, from: number, to: number): number {
  if (from === to) return 0; // "empty cell = 0"
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  const first = text.charCodeAt(from);
  // A leading 0 stands alone (JSON's grammar): "07" goes to the general reader, which refuses it.
  if (first === 48 && to - from > 1 && text.charCodeAt(from + 1) !== 46) return -1;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      if (++digits > 15) return -1;
      if (fraction >= 0) fraction++;
    } else if (code === 46 && fraction < 0 && i > from && i < to - 1) fraction = 0;
    else return -1;
  }
  return fraction > 0 ? mantissa / POW10[fraction] : mantissa;
}

/** An empty cell is 0 (SPEC); anything else must be a finite decimal number. */
function parseAmount(cell: string): number {
  if (cell === "") return 0;
  const value = isDecimal(cell) ? Number(cell) : Number.NaN;
  return Number.isFinite(value) ? value : Number.NaN;
}

/** A CSV book as text, or as its bytes when every byte is ASCII (read from disk and not decoded: see plainLendingRows.ts). */
export type CsvSource = string | { ascii: Uint8Array };

/** The text of a CSV source. */
export const csvText = (source: CsvSource): string => (typeof source === "string" ? source : asciiText(source.ascii));

export function parseLendingCsv(
  source: CsvSource,
  file: string,
  knownAssets: ReadonlySet<string>,
  options: { plainRows?: boolean } = {},
): CsvResult<LendingBook> {
  const plainRows = options.plainRows !== false;
  if (typeof source === "string") return parseLendingText(source, file, knownAssets, plainRows);
  return (
    (plainRows ? plainLendingBytes(source.ascii, file, knownAssets) : undefined) ??
    parseLendingText(asciiText(source.ascii), file, knownAssets, false)
  );
}

interface LendingHeader {
  row: Row;
  columns: { side: "collateral" | "debt"; asset: string }[];
}

/** The header row and its columns; undefined, with the problem added, when the rows cannot be read by it. */
function lendingHeader(
  scanner: CsvScanner,
  file: string,
  knownAssets: ReadonlySet<string>,
  problems: CsvProblems,
): LendingHeader | undefined {
  const found = scanner.advance();
  if (!found || scanner.cell(0) !== "id") {
    problems.add(
      "CL002",
      `${file}: the first line must be the header "id,collateral.<ASSET>...,debt.<ASSET>..."`,
      headerRange(scanner, found),
    );
    return undefined;
  }
  const headerRow = scanner.row();
  const columns: LendingHeader["columns"] = [];
  const columnOf = new Map<string, number>();
  for (let c = 1; c < headerRow.cells.length; c++) {
    const match = /^(collateral|debt)\.(.+)$/.exec(headerRow.cells[c]);
    if (!match) {
      problems.atCell(
        "CL002",
        `${file}: column ${quote(headerRow.cells[c])} must be collateral.<ASSET> or debt.<ASSET>.`,
        headerRow,
        c,
      );
      return undefined;
    }
    // Two amounts for one asset and side could be summed or either one taken: neither is
    // what the file says, so it is an error, as a duplicate key is in an inline position.
    const first = columnOf.get(headerRow.cells[c]);
    if (first !== undefined) {
      problems.atCell(
        "CL002",
        `${file}: column ${quote(headerRow.cells[c])} appears twice (also column ${first + 1}); each asset has at most one collateral and one debt column.`,
        headerRow,
        c,
      );
      return undefined;
    }
    columnOf.set(headerRow.cells[c], c);
    const asset = match[2];
    if (!knownAssets.has(asset))
      problems.atCell(
        "CL003",
        `${file}: column ${quote(headerRow.cells[c])} names asset ${quote(asset)}, which has no market in this venue.`,
        headerRow,
        c,
      );
    columns.push({ side: match[1] as "collateral" | "debt", asset });
  }
  return { row: headerRow, columns };
}

/** Rows the one-pass reader takes at most: the general reader's preallocation. */
const plainCapacity = (columns: number): number => Math.floor(PREALLOCATED_CELLS / (columns + 1));

/**
 * A book read from its bytes with its header decoded alone: when the header is its first
 * line (up to the first LF, without quotes, which could open a cell running past it), the
 * general reader's scanner reads it from that line's text exactly as from the whole (its
 * problems too, an unknown asset's column say). Then the one-pass reader reads the rows.
 * Undefined for anything else: the general reader reads the whole text.
 */
function plainLendingBytes(
  bytes: Uint8Array,
  file: string,
  knownAssets: ReadonlySet<string>,
): CsvResult<LendingBook> | undefined {
  const lineEnd = bytes.indexOf(10); // LF
  const headerEnd = lineEnd < 0 ? bytes.length : lineEnd + 1;
  if (bytes.subarray(0, headerEnd).includes(34)) return undefined; // a quote
  const problems = new CsvProblems(file);
  const scanner = new CsvScanner(asciiText(bytes, 0, headerEnd));
  const header = lendingHeader(scanner, file, knownAssets, problems);
  // A header the rows cannot be read by, or one that runs past the first line: the general reader reports it.
  if (!header || scanner.offset > headerEnd) return undefined;
  const plain = readPlainLendingRows({
    bytes,
    offset: scanner.offset,
    headerLine: header.row.line,
    columns: header.columns.length,
    capacity: plainCapacity(header.columns.length),
  });
  return (
    plain && {
      book: lendingBook(header.columns, plain.ids, plain.sourceLines, plain.values),
      problems: problems.finish(),
    }
  );
}

const utf8 = new TextEncoder();

function parseLendingText(
  text: string,
  file: string,
  knownAssets: ReadonlySet<string>,
  plainRows: boolean,
): CsvResult<LendingBook> {
  const problems = new CsvProblems(file);
  const scanner = new CsvScanner(text);
  const header = lendingHeader(scanner, file, knownAssets, problems);
  if (!header) return { problems: problems.finish() };
  const { row: headerRow, columns } = header;
  const capacity = plainCapacity(columns.length);
  const lines = lineCount(text);
  // Lines after the header bound the rows: a book that cannot fit the one-pass reader is not encoded for it (lone
  // CRs before the header can make this negative, the general reader counting them as lines).
  const linesAfterHeader = lines - headerRow.line - 1;
  if (plainRows && linesAfterHeader >= 0 && linesAfterHeader <= capacity) {
    // Rows that are all ASCII: then their UTF-8 bytes are their characters, one each (any
    // other character takes two bytes or more), and the one-pass reader reads them.
    const rows = text.slice(scanner.offset);
    const bytes = utf8.encode(rows);
    const plain =
      bytes.length === rows.length
        ? readPlainLendingRows({ bytes, offset: 0, headerLine: headerRow.line, columns: columns.length, capacity })
        : undefined;
    if (plain)
      return { book: lendingBook(columns, plain.ids, plain.sourceLines, plain.values), problems: problems.finish() };
  }
  const width = headerRow.cells.length;
  const ids: string[] = [];
  // Columns sized once from the line count: a million rows grown by doubling were copied twenty times.
  const rows = Math.min(lines - 1, capacity);
  const rowLines = integers(rows);
  const values = columns.map(() => floats(rows));
  const duplicates = new DuplicateIdFinder(ids, rows);
  while (scanner.advance()) {
    if (scanner.cellCount !== width) {
      problems.atCell(
        "CL002",
        `${file} line ${scanner.line + 1}: ${scanner.cellCount} cells, the header has ${width}.`,
        scanner.row(),
        0,
      );
      continue;
    }
    const id = scanner.cell(0);
    if (id === "") problems.atCell("CL002", `${file} line ${scanner.line + 1}: empty position id.`, scanner.row(), 0);
    ids.push(id);
    rowLines.push(scanner.line);
    const first = duplicates.add(ids.length - 1);
    if (first >= 0)
      problems.atCell(
        "CL004",
        `${file} line ${scanner.line + 1}: duplicate position id ${quote(id)} (first on line ${rowLines.get(first) + 1}).`,
        scanner.row(),
        0,
      );
    for (let c = 0; c < columns.length; c++) {
      const amount = scanner.amount(c + 1);
      if (!(amount >= 0))
        problems.atCell(
          "CL002",
          `${file} line ${scanner.line + 1}: ${headerRow.cells[c + 1]} must be a number >= 0 (is ${quote(scanner.cell(c + 1))}).`,
          scanner.row(),
          c + 1,
        );
      values[c].push(amount);
    }
  }
  return {
    book: lendingBook(
      columns,
      ids,
      rowLines.toArray(),
      values.map((column) => column.toArray()),
    ),
    problems: problems.finish(),
  };
}

function lendingBook(
  columns: readonly { side: "collateral" | "debt"; asset: string }[],
  ids: PositionIds,
  sourceLines: Int32Array,
  values: Float64Array[],
): LendingBook {
  const collateralAssets: string[] = [];
  const collateral: Float64Array[] = [];
  const debtAssets: string[] = [];
  const debt: Float64Array[] = [];
  columns.forEach((column, c) => {
    (column.side === "collateral" ? collateralAssets : debtAssets).push(column.asset);
    (column.side === "collateral" ? collateral : debt).push(values[c]);
  });
  return { kind: "lending", ids, sourceLines, collateralAssets, collateral, debtAssets, debt };
}

const PERPS_HEADER = ["id", "market", "size", "entryPrice", "margin"];

/**
 * The rows of a book whose lines begin "id,market" (perps and options): the header, each
 * row's cell count, its id (duplicates are CL004) and its market (unknown ones are CL003,
 * each name indexed once). The caller reads the rest of each row's cells.
 */
export class MarketRows {
  readonly problems: CsvProblems;
  readonly scanner: CsvScanner;
  readonly ids: string[] = [];
  readonly lines = integers();
  readonly markets: string[] = [];
  readonly marketOf = integers();
  private readonly marketIndex = new Map<string, number>();
  private readonly duplicates: DuplicateIdFinder;

  constructor(
    text: string,
    private readonly file: string,
    private readonly header: readonly string[],
    private readonly knownMarkets: ReadonlySet<string>,
  ) {
    this.problems = new CsvProblems(file);
    this.scanner = new CsvScanner(text);
    this.duplicates = new DuplicateIdFinder(this.ids);
  }

  /** Reads the header; false (reported) when it is not the expected one. */
  start(): boolean {
    const found = this.scanner.advance();
    if (found && this.scanner.row().cells.join(",") === this.header.join(",")) return true;
    this.problems.add(
      "CL002",
      `${this.file}: the first line must be the header "${this.header.join(",")}".`,
      headerRange(this.scanner, found),
    );
    return false;
  }

  /** Moves to the next row with as many cells as the header (others are reported), records its id and market; false at the end. */
  next(): boolean {
    const { scanner, problems } = this;
    while (scanner.advance()) {
      if (scanner.cellCount !== this.header.length) {
        problems.atCell(
          "CL002",
          `${this.where}: ${scanner.cellCount} cells, the header has ${this.header.length}.`,
          scanner.row(),
          0,
        );
        continue;
      }
      const id = scanner.cell(0);
      const market = scanner.cell(1);
      this.ids.push(id);
      this.lines.push(scanner.line);
      const first = this.duplicates.add(this.ids.length - 1);
      if (first >= 0)
        problems.atCell(
          "CL004",
          `${this.where}: duplicate position id ${quote(id)} (first on line ${this.lines.get(first) + 1}).`,
          scanner.row(),
          0,
        );
      if (!this.knownMarkets.has(market))
        problems.atCell("CL003", `${this.where}: unknown market ${quote(market)}.`, scanner.row(), 1);
      let index = this.marketIndex.get(market);
      if (index === undefined) {
        index = this.markets.length;
        this.markets.push(market);
        this.marketIndex.set(market, index);
      }
      this.marketOf.push(index);
      return true;
    }
    return false;
  }

  /** "book.csv line 3", as problems name the current row. */
  get where(): string {
    return `${this.file} line ${this.scanner.line + 1}`;
  }

  /** The current row's cell as a number, with a located problem when `valid` refuses it. */
  number(cell: number, name: string, valid: (value: number) => boolean, rule: string, emptyIsNaN = false): number {
    const { scanner } = this;
    const value = emptyIsNaN && scanner.cell(cell) === "" ? Number.NaN : scanner.amount(cell);
    if (!valid(value))
      this.problems.atCell(
        "CL002",
        `${this.where}: ${name} must be ${rule} (is ${quote(scanner.cell(cell))}).`,
        scanner.row(),
        cell,
      );
    return value;
  }
}

export function parsePerpsCsv(text: string, file: string, knownMarkets: ReadonlySet<string>): CsvResult<PerpsBook> {
  const rows = new MarketRows(text, file, PERPS_HEADER, knownMarkets);
  if (!rows.start()) return { problems: rows.problems.finish() };
  const size = floats();
  const entryPrice = floats();
  const margin = floats();
  while (rows.next()) {
    size.push(rows.number(2, "size", Number.isFinite, "a number", true));
    entryPrice.push(rows.number(3, "entryPrice", (v) => v > 0, "a number > 0"));
    margin.push(rows.number(4, "margin", (v) => v >= 0, "a number >= 0"));
  }
  return {
    book: {
      kind: "perps",
      ids: rows.ids,
      sourceLines: rows.lines.toArray(),
      markets: rows.markets,
      marketOf: rows.marketOf.toArray(),
      size: size.toArray(),
      entryPrice: entryPrice.toArray(),
      margin: margin.toArray(),
    },
    problems: rows.problems.finish(),
  };
}

/** Append-only typed-array columns: no boxed numbers for a million rows. */
class Growable<T extends Float64Array | Int32Array> {
  private length = 0;
  constructor(private data: T) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new (this.data.constructor as new (length: number) => T)(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  get(index: number): number {
    return this.data[index];
  }
  toArray(): T {
    return this.length === this.data.length ? this.data : (this.data.slice(0, this.length) as T);
  }
}

// Small by default: a header may have thousands of columns over a handful of rows.
export const floats = (capacity = 16) => new Growable(new Float64Array(Math.max(1, capacity)));
const integers = (capacity = 16) => new Growable(new Int32Array(Math.max(1, capacity)));

/** Lines of a CSV, text or ASCII bytes (a last line without a newline counts; a final newline adds none). */
export function lineCount(source: CsvSource): number {
  let lines = 1;
  if (typeof source !== "string") {
    const bytes = source.ascii;
    for (let at = bytes.indexOf(10); at >= 0 && at < bytes.length - 1; at = bytes.indexOf(10, at + 1)) lines++;
    return lines;
  }
  for (let at = source.indexOf("\n"); at >= 0 && at < source.length - 1; at = source.indexOf("\n", at + 1)) lines++;
  return lines;
}

/**
 * Cells a book's columns are sized for before reading: the lines after the header bound
 * the rows, but blank lines or a header of thousands of columns must not make that bound
 * an allocation of gigabytes (a file of 150 million newlines would); past this, columns grow.
 */
const PREALLOCATED_CELLS = 8_000_000;

/** The first non-blank line (the header as written), or the file's start when there is none. */
export const headerRange = (scanner: CsvScanner, found: boolean): TextRange =>
  found
    ? { start: { line: scanner.line, character: 0 }, end: { line: scanner.line, character: scanner.lineLength } }
    : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
