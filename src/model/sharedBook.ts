/**
 * Books as the analysis worker hands them to simulation workers: every column in shared
 * memory, so a million-row book reaches each worker without a copy, a re-read or a
 * re-parse. Position ids stay behind: the engine reads positions by index, and only the
 * analysis worker (which names positions in problems and hovers) needs their names.
 */
import type { Book, LendingBook, OptionsBook, PerpsBook } from "./book";
import type { RiskFile } from "./schema";

type Column = Float64Array | Int32Array | Uint8Array;

export type SharedLendingBook = Omit<LendingBook, "ids"> & { count: number };
export type SharedPerpsBook = Omit<PerpsBook, "ids"> & { count: number };
export type SharedOptionsBook = Omit<OptionsBook, "ids"> & { count: number };
export type SharedBook = SharedLendingBook | SharedPerpsBook | SharedOptionsBook;

function shared<T extends Column>(column: T): T {
  if (column.buffer instanceof SharedArrayBuffer) return column;
  const copy = new (column.constructor as new (buffer: SharedArrayBuffer) => T)(
    new SharedArrayBuffer(column.byteLength),
  );
  copy.set(column as never);
  return copy;
}

/** The book with its columns moved to shared memory (once, when the store keeps it); never mutated after (the engine copies what it changes). */
export function shareColumns(book: Book): Book {
  const sourceLines = book.sourceLines && shared(book.sourceLines);
  if (book.kind === "lending")
    return { ...book, sourceLines, collateral: book.collateral.map(shared), debt: book.debt.map(shared) };
  if (book.kind === "options")
    return {
      ...book,
      sourceLines,
      marketOf: shared(book.marketOf),
      isCall: shared(book.isCall),
      strike: shared(book.strike),
      expiryDays: shared(book.expiryDays),
      size: shared(book.size),
      premium: shared(book.premium),
      margin: shared(book.margin),
    };
  return {
    ...book,
    sourceLines,
    marketOf: shared(book.marketOf),
    size: shared(book.size),
    entryPrice: shared(book.entryPrice),
    margin: shared(book.margin),
  };
}

/** What crosses to a simulation worker (structured clone shares SharedArrayBuffers). */
export function forSimulation(book: Book): SharedBook {
  const shareable = shareColumns(book);
  const { ids, ...columns } = shareable;
  return { ...columns, count: ids.length };
}

/**
 * The engine's book again. `ids` is a hole-filled array of the right length: nothing on
 * the simulation side reads a position's name, and a million names would cost a copy.
 */
export function fromSimulation(book: SharedBook): Book {
  const { count, ...columns } = book;
  return { ...columns, ids: new Array<string>(count) } as Book;
}

/** The file as a simulation worker gets it: inline positions travel as books (columns in shared memory), not twice. */
export function fileForSimulation(file: RiskFile): RiskFile {
  return {
    ...file,
    venues: file.venues.map((venue) =>
      Array.isArray(venue.positions) ? { ...venue, positions: [] } : venue,
    ) as RiskFile["venues"],
  };
}
