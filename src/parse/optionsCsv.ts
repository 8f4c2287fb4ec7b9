/**
 * Options CSV books (SPEC 8.9): header id,market,type,strike,expiryDays,size,premium,margin,
 * one row per position, problems on their line and cell, as the lending and perps books.
 */
import type { OptionsBook } from "../model/book";
import { quote } from "../model/quote";
import { floats, MarketRows, type CsvResult } from "./csvBook";

export const OPTIONS_HEADER = ["id", "market", "type", "strike", "expiryDays", "size", "premium", "margin"];

export function parseOptionsCsv(text: string, file: string, knownMarkets: ReadonlySet<string>): CsvResult<OptionsBook> {
  const rows = new MarketRows(text, file, OPTIONS_HEADER, knownMarkets);
  if (!rows.start()) return { problems: rows.problems.finish() };
  const isCall: number[] = [];
  const strike = floats();
  const expiryDays = floats();
  const size = floats();
  const premium = floats();
  const margin = floats();
  while (rows.next()) {
    const type = rows.scanner.cell(2);
    if (type !== "call" && type !== "put")
      rows.problems.atCell(
        "CL002",
        `${rows.where}: type must be "call" or "put" (is ${quote(type)}).`,
        rows.scanner.row(),
        2,
      );
    isCall.push(type === "call" ? 1 : 0);
    strike.push(rows.number(3, "strike", (v) => v > 0, "a number > 0"));
    expiryDays.push(rows.number(4, "expiryDays", (v) => v > 0, "a number > 0"));
    size.push(rows.number(5, "size", (v) => Number.isFinite(v) && v !== 0, "a number other than 0", true));
    premium.push(rows.number(6, "premium", (v) => v >= 0, "a number >= 0"));
    margin.push(rows.number(7, "margin", (v) => v >= 0, "a number >= 0"));
  }
  return {
    book: {
      kind: "options",
      ids: rows.ids,
      sourceLines: rows.lines.toArray(),
      markets: rows.markets,
      marketOf: rows.marketOf.toArray(),
      isCall: Uint8Array.from(isCall),
      strike: strike.toArray(),
      expiryDays: expiryDays.toArray(),
      size: size.toArray(),
      premium: premium.toArray(),
      margin: margin.toArray(),
    },
    problems: rows.problems.finish(),
  };
}
