/**
 * Position books in columnar form (typed arrays, one column per asset), whatever their
 * source: inline JSON, a CSV file or a synthetic generator. A million positions cost a few
 * tens of megabytes this way instead of a million objects.
 */
import { nameMap } from "./names";

/**
 * Position ids by row: an array, or names made on demand. A CSV book keeps where each id
 * lies in its text (a million short strings cost more to make and to collect than the
 * rest of the parse); problems and hovers ask for the few they show.
 */
export interface PositionIds {
  readonly length: number;
  at(index: number): string | undefined;
}

/** Ids that are spans of a CSV's ASCII bytes (its first cells), decoded when asked for. */
export class AsciiSpanIds implements PositionIds {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    readonly length: number,
  ) {}

  at(index: number): string | undefined {
    return index >= 0 && index < this.length ? asciiText(this.bytes, this.starts[index], this.ends[index]) : undefined;
  }
}

/** Spans up to this long are made with String.fromCharCode; longer ones by the decoder, whose call costs more. */
const SHORT_SPAN = 4096;
const utf8 = new TextDecoder();

/** The text of bytes that are all ASCII (each byte is its character; UTF-8 decoding gives the same). */
export function asciiText(bytes: Uint8Array, from = 0, to = bytes.length): string {
  if (to - from <= SHORT_SPAN) return String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]);
  return utf8.decode(bytes.subarray(from, to));
}

/** Ids `${prefix}0` ... for generated books. */
export class NumberedIds implements PositionIds {
  constructor(
    private readonly prefix: string,
    readonly length: number,
  ) {}

  at(index: number): string | undefined {
    return Number.isInteger(index) && index >= 0 && index < this.length ? `${this.prefix}${index}` : undefined;
  }
}

export interface LendingBook {
  kind: "lending";
  ids: PositionIds;
  /** 0-based line of each position in its CSV file, when it came from one. */
  sourceLines?: Int32Array;
  collateralAssets: string[];
  collateral: Float64Array[];
  debtAssets: string[];
  debt: Float64Array[];
}

export interface PerpsBook {
  kind: "perps";
  ids: PositionIds;
  sourceLines?: Int32Array;
  /** Distinct market names; `marketOf[i]` indexes into it. */
  markets: string[];
  marketOf: Int32Array;
  size: Float64Array;
  entryPrice: Float64Array;
  margin: Float64Array;
}

/** An options book (SPEC 8.9): one row per position. */
export interface OptionsBook {
  kind: "options";
  ids: PositionIds;
  sourceLines?: Int32Array;
  /** Distinct market names; `marketOf[i]` indexes into it. */
  markets: string[];
  marketOf: Int32Array;
  /** 1 for a call, 0 for a put. */
  isCall: Uint8Array;
  strike: Float64Array;
  expiryDays: Float64Array;
  size: Float64Array;
  premium: Float64Array;
  margin: Float64Array;
}

export type Book = LendingBook | PerpsBook | OptionsBook;

export function lendingAmounts(
  book: LendingBook,
  index: number,
): { collateral: Record<string, number>; debt: Record<string, number> } {
  const collateral: Record<string, number> = nameMap();
  const debt: Record<string, number> = nameMap();
  book.collateralAssets.forEach((asset, column) => {
    const amount = book.collateral[column][index];
    if (amount !== 0) collateral[asset] = amount;
  });
  book.debtAssets.forEach((asset, column) => {
    const amount = book.debt[column][index];
    if (amount !== 0) debt[asset] = amount;
  });
  return { collateral, debt };
}

/** The id of a book's row, as problems and hovers name it. */
export const positionId = (book: Pick<Book, "ids">, index: number): string => book.ids.at(index) ?? "";
