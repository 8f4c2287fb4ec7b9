/**
 * CSV position books (SPEC section 3). Written as a single pass over the text with
 * typed-array columns, because books reach millions of rows: no object per row.
 * Problems carry the CSV line and cell, so the editor can point at the cell itself.
 */
import type { LendingBook, PerpsBook } from "../model/book";
import type { Problem, TextRange } from "../model/problem";

/** Beyond this many problems in one CSV, the rest are summarised in one line. */
const MAX_CSV_PROBLEMS = 50;

export interface CsvResult<B> {
  book?: B;
  problems: Problem[];
}

interface Row {
  line: number;
  cells: string[];
  starts: number[];
}

/** Iterates rows, skipping blank lines; supports quoted cells ("a,b" and "" escapes). */
function* rows(text: string): Generator<Row> {
  let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  while (offset <= text.length) {
    let end = text.indexOf("\n", offset);
    if (end < 0) end = text.length;
    let lineEnd = end;
    if (lineEnd > offset && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    const content = text.slice(offset, lineEnd);
    const column0 = line === 0 && offset === 1 ? 1 : 0;
    if (content.trim().length > 0) yield splitCells(content, line, column0);
    if (end >= text.length) break;
    offset = end + 1;
    line++;
  }
}

function splitCells(content: string, line: number, column0: number): Row {
  const cells: string[] = [];
  const starts: number[] = [];
  if (content.indexOf('"') < 0) {
    let start = 0;
    for (;;) {
      const comma = content.indexOf(",", start);
      starts.push(start + column0);
      if (comma < 0) {
        cells.push(content.slice(start).trim());
        break;
      }
      cells.push(content.slice(start, comma).trim());
      start = comma + 1;
    }
    return { line, cells, starts };
  }
  let i = 0;
  while (i <= content.length) {
    starts.push(i + column0);
    let cell = "";
    while (i < content.length && content[i] === " ") i++;
    if (content[i] === '"') {
      i++;
      while (i < content.length) {
        if (content[i] === '"' && content[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (content[i] === '"') {
          i++;
          break;
        } else cell += content[i++];
      }
      while (i < content.length && content[i] !== ",") i++;
    } else {
      const comma = content.indexOf(",", i);
      const end = comma < 0 ? content.length : comma;
      cell = content.slice(i, end).trim();
      i = end;
    }
    cells.push(cell);
    if (i >= content.length) break;
    i++;
  }
  return { line, cells, starts };
}

class CsvProblems {
  readonly list: Problem[] = [];
  private overflow = 0;
  constructor(private readonly file: string) {}

  add(code: string, message: string, range: TextRange): void {
    if (this.list.length < MAX_CSV_PROBLEMS) this.list.push({ code, severity: "error", message, range, file: this.file });
    else this.overflow++;
  }

  atCell(code: string, message: string, row: Row, column: number): void {
    const start = row.starts[column] ?? 0;
    const length = row.cells[column]?.length ?? 0;
    this.add(code, message, { start: { line: row.line, character: start }, end: { line: row.line, character: start + Math.max(length, 1) } });
  }

  finish(): Problem[] {
    if (this.overflow > 0) {
      const last = this.list[this.list.length - 1];
      this.list.push({ ...last, message: `…and ${this.overflow} more problems in ${this.file}.` });
    }
    return this.list;
  }
}

/** An empty cell is 0 (SPEC); anything else must be a finite number. */
function parseAmount(cell: string): number {
  if (cell === "") return 0;
  const value = Number(cell);
  return Number.isFinite(value) ? value : Number.NaN;
}

export function parseLendingCsv(text: string, file: string, knownAssets: ReadonlySet<string>): CsvResult<LendingBook> {
  const problems = new CsvProblems(file);
  const iterator = rows(text);
  const header = iterator.next();
  if (header.done || header.value.cells[0] !== "id") {
    problems.add("CL002", `${file}: the first line must be the header "id,collateral.<ASSET>...,debt.<ASSET>..."`, lineStart(header.done ? 0 : header.value.line));
    return { problems: problems.finish() };
  }
  const columns: { side: "collateral" | "debt"; asset: string }[] = [];
  const headerRow = header.value;
  for (let c = 1; c < headerRow.cells.length; c++) {
    const match = /^(collateral|debt)\.(.+)$/.exec(headerRow.cells[c]);
    if (!match) {
      problems.atCell("CL002", `${file}: column "${headerRow.cells[c]}" must be collateral.<ASSET> or debt.<ASSET>.`, headerRow, c);
      return { problems: problems.finish() };
    }
    const asset = match[2];
    if (!knownAssets.has(asset)) problems.atCell("CL003", `${file}: column "${headerRow.cells[c]}" names asset "${asset}", which has no market in this venue.`, headerRow, c);
    columns.push({ side: match[1] as "collateral" | "debt", asset });
  }
  const ids: string[] = [];
  const lines: number[] = [];
  const values: number[][] = columns.map(() => []);
  const seenIds = new Map<string, number>();
  for (const row of iterator) {
    if (row.cells.length !== headerRow.cells.length) {
      problems.atCell("CL002", `${file} line ${row.line + 1}: ${row.cells.length} cells, the header has ${headerRow.cells.length}.`, row, 0);
      continue;
    }
    const id = row.cells[0];
    if (id === "") problems.atCell("CL002", `${file} line ${row.line + 1}: empty position id.`, row, 0);
    const firstLine = seenIds.get(id);
    if (firstLine !== undefined) problems.atCell("CL004", `${file} line ${row.line + 1}: duplicate position id "${id}" (first on line ${firstLine + 1}).`, row, 0);
    else seenIds.set(id, row.line);
    for (let c = 0; c < columns.length; c++) {
      const amount = parseAmount(row.cells[c + 1]);
      if (!(amount >= 0)) problems.atCell("CL002", `${file} line ${row.line + 1}: ${headerRow.cells[c + 1]} must be a number >= 0 (is "${row.cells[c + 1]}").`, row, c + 1);
      values[c].push(amount);
    }
    ids.push(id);
    lines.push(row.line);
  }
  const collateralAssets: string[] = [];
  const collateral: Float64Array[] = [];
  const debtAssets: string[] = [];
  const debt: Float64Array[] = [];
  columns.forEach((column, c) => {
    (column.side === "collateral" ? collateralAssets : debtAssets).push(column.asset);
    (column.side === "collateral" ? collateral : debt).push(Float64Array.from(values[c]));
  });
  return {
    book: { kind: "lending", ids, sourceLines: Int32Array.from(lines), collateralAssets, collateral, debtAssets, debt },
    problems: problems.finish(),
  };
}

const PERPS_HEADER = ["id", "market", "size", "entryPrice", "margin"];

export function parsePerpsCsv(text: string, file: string, knownMarkets: ReadonlySet<string>): CsvResult<PerpsBook> {
  const problems = new CsvProblems(file);
  const iterator = rows(text);
  const header = iterator.next();
  if (header.done || header.value.cells.join(",") !== PERPS_HEADER.join(",")) {
    problems.add("CL002", `${file}: the first line must be the header "${PERPS_HEADER.join(",")}".`, lineStart(header.done ? 0 : header.value.line));
    return { problems: problems.finish() };
  }
  const ids: string[] = [];
  const lines: number[] = [];
  const markets: string[] = [];
  const marketIndex = new Map<string, number>();
  const marketOf: number[] = [];
  const size: number[] = [];
  const entryPrice: number[] = [];
  const margin: number[] = [];
  const seenIds = new Map<string, number>();
  for (const row of iterator) {
    if (row.cells.length !== PERPS_HEADER.length) {
      problems.atCell("CL002", `${file} line ${row.line + 1}: ${row.cells.length} cells, the header has ${PERPS_HEADER.length}.`, row, 0);
      continue;
    }
    const [id, market, sizeCell, entryCell, marginCell] = row.cells;
    const firstLine = seenIds.get(id);
    if (firstLine !== undefined) problems.atCell("CL004", `${file} line ${row.line + 1}: duplicate position id "${id}" (first on line ${firstLine + 1}).`, row, 0);
    else seenIds.set(id, row.line);
    if (!knownMarkets.has(market)) problems.atCell("CL003", `${file} line ${row.line + 1}: unknown market "${market}".`, row, 1);
    let index = marketIndex.get(market);
    if (index === undefined) {
      index = markets.length;
      markets.push(market);
      marketIndex.set(market, index);
    }
    const sizeValue = sizeCell === "" ? Number.NaN : Number(sizeCell);
    const entryValue = Number(entryCell);
    const marginValue = parseAmount(marginCell);
    if (!Number.isFinite(sizeValue)) problems.atCell("CL002", `${file} line ${row.line + 1}: size must be a number (is "${sizeCell}").`, row, 2);
    if (!(entryCell !== "" && entryValue > 0 && Number.isFinite(entryValue))) problems.atCell("CL002", `${file} line ${row.line + 1}: entryPrice must be a number > 0 (is "${entryCell}").`, row, 3);
    if (!(marginValue >= 0)) problems.atCell("CL002", `${file} line ${row.line + 1}: margin must be a number >= 0 (is "${marginCell}").`, row, 4);
    ids.push(id);
    lines.push(row.line);
    marketOf.push(index);
    size.push(sizeValue);
    entryPrice.push(entryValue);
    margin.push(marginValue);
  }
  return {
    book: {
      kind: "perps",
      ids,
      sourceLines: Int32Array.from(lines),
      markets,
      marketOf: Int32Array.from(marketOf),
      size: Float64Array.from(size),
      entryPrice: Float64Array.from(entryPrice),
      margin: Float64Array.from(margin),
    },
    problems: problems.finish(),
  };
}

const lineStart = (line: number): TextRange => ({ start: { line, character: 0 }, end: { line, character: 1 } });
