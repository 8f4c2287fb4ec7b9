/**
 * Options CSV books (SPEC 8.9): header id,market,type,strike,expiryDays,size,premium,margin,
 * one row per position, problems on their line and cell, as the lending and perps books.
 */
import type { OptionsBook } from "../model/book";
import { quote } from "../model/quote";
import { CsvProblems, CsvScanner, headerRange, type CsvResult } from "./csvBook";
import { DuplicateIdFinder } from "./duplicateIds";

export const OPTIONS_HEADER = ["id", "market", "type", "strike", "expiryDays", "size", "premium", "margin"];

export function parseOptionsCsv(text: string, file: string, knownMarkets: ReadonlySet<string>): CsvResult<OptionsBook> {
  const problems = new CsvProblems(file);
  const scanner = new CsvScanner(text);
  const found = scanner.advance();
  if (!found || scanner.row().cells.join(",") !== OPTIONS_HEADER.join(",")) {
    problems.add(
      "CL002",
      `${file}: the first line must be the header "${OPTIONS_HEADER.join(",")}".`,
      headerRange(scanner, found),
    );
    return { problems: problems.finish() };
  }
  const ids: string[] = [];
  const lines: number[] = [];
  const markets: string[] = [];
  const marketIndex = new Map<string, number>();
  const columns = {
    marketOf: [] as number[],
    isCall: [] as number[],
    strike: [] as number[],
    expiryDays: [] as number[],
    size: [] as number[],
    premium: [] as number[],
    margin: [] as number[],
  };
  const duplicates = new DuplicateIdFinder(ids);
  while (scanner.advance()) {
    const where = `${file} line ${scanner.line + 1}`;
    if (scanner.cellCount !== OPTIONS_HEADER.length) {
      problems.atCell(
        "CL002",
        `${where}: ${scanner.cellCount} cells, the header has ${OPTIONS_HEADER.length}.`,
        scanner.row(),
        0,
      );
      continue;
    }
    const id = scanner.cell(0);
    const market = scanner.cell(1);
    const type = scanner.cell(2);
    ids.push(id);
    lines.push(scanner.line);
    const first = duplicates.add(ids.length - 1);
    if (first >= 0)
      problems.atCell(
        "CL004",
        `${where}: duplicate position id ${quote(id)} (first on line ${lines[first] + 1}).`,
        scanner.row(),
        0,
      );
    if (!knownMarkets.has(market))
      problems.atCell("CL003", `${where}: unknown market ${quote(market)}.`, scanner.row(), 1);
    if (type !== "call" && type !== "put")
      problems.atCell("CL002", `${where}: type must be "call" or "put" (is ${quote(type)}).`, scanner.row(), 2);
    let index = marketIndex.get(market);
    if (index === undefined) {
      index = markets.length;
      markets.push(market);
      marketIndex.set(market, index);
    }
    const number = (cell: number, name: string, valid: (value: number) => boolean, rule: string) => {
      const value = scanner.cell(cell) === "" ? Number.NaN : scanner.amount(cell);
      if (!valid(value))
        problems.atCell(
          "CL002",
          `${where}: ${name} must be ${rule} (is ${quote(scanner.cell(cell))}).`,
          scanner.row(),
          cell,
        );
      return value;
    };
    columns.marketOf.push(index);
    columns.isCall.push(type === "call" ? 1 : 0);
    columns.strike.push(number(3, "strike", (v) => v > 0, "a number > 0"));
    columns.expiryDays.push(number(4, "expiryDays", (v) => v > 0, "a number > 0"));
    columns.size.push(number(5, "size", (v) => Number.isFinite(v) && v !== 0, "a number other than 0"));
    columns.premium.push(number(6, "premium", (v) => v >= 0, "a number >= 0"));
    columns.margin.push(number(7, "margin", (v) => v >= 0, "a number >= 0"));
  }
  return {
    book: {
      kind: "options",
      ids,
      sourceLines: Int32Array.from(lines),
      markets,
      marketOf: Int32Array.from(columns.marketOf),
      isCall: Uint8Array.from(columns.isCall),
      strike: Float64Array.from(columns.strike),
      expiryDays: Float64Array.from(columns.expiryDays),
      size: Float64Array.from(columns.size),
      premium: Float64Array.from(columns.premium),
      margin: Float64Array.from(columns.margin),
    },
    problems: problems.finish(),
  };
}
