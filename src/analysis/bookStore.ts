/**
 * The one store of position books in the editor: CSV books on disk, CSV books open in an
 * editor (unsaved edits included), and synthetic books, each parsed once per version and
 * kept while that version holds: a file's size and modification time, an editor's version
 * number, a generator's spec. Typing in a risk file reuses its million-row book. Columns
 * are moved to shared memory once, so simulation workers read them without a copy.
 *
 * Validation and simulation read the same books through it: a CSV open in an editor is
 * read as the editor holds it, saved or not (docs/decisions.md).
 */
import * as path from "node:path";
import type { Book } from "../model/book";
import { forSimulation, shareColumns } from "../model/sharedBook";
import { generateSynthetic, type SyntheticRequest } from "../model/syntheticBook";
import type { CsvResult } from "../parse/csvBook";
import { lineCount } from "../parse/csvBook";
import { parseBookText, type BookReader, type BookReadResult, type BookShape } from "../parse/resolveBooks";
import type { PreparedBook } from "../shared/simulationProtocol";
import { readBookFile, statBook, unsavedFileBooks } from "./fileBookReader";

/** Parsed books kept beyond those the latest validations use (a million-row book holds ~60 MB). */
const KEPT_BOOKS = 4;

type Stored = { version: string; location: string; result: { parsed: CsvResult<Book> } | { error: string } };

/** What a validation read, by store key: how a sweep asks for the same book again. */
export type BooksRead = Map<
  string,
  { relativePath: string; kind: BookShape["kind"]; markets: readonly string[] } | { syntheticKey: string }
>;

/** A risk file as the store sees it: its path on disk (null when it has none) and its URI. */
export interface RiskLocation {
  filePath: string | null;
  uri: string;
}

/** The text of a book open in an editor at `location`, with its version. */
export type EditorBooks = (location: string) => { version: number; text: string } | undefined;

export class BookStore {
  private readonly stored = new Map<string, Stored>();
  /** Per risk file, the keys its latest validation read: never evicted while they are. */
  private readonly inUse = new Map<string, BooksRead>();
  /** Books parsed or generated so far (tests check a book is not read twice). */
  loads = 0;

  constructor(private readonly editors: EditorBooks) {}

  /**
   * A reader for one validation of `risk`. `read` collects what it reads (by key), and
   * `locations` the CSV books by location, so a change to one revalidates its readers.
   */
  reader(
    risk: RiskLocation,
    maxBytes: number,
    maxPositions: number,
    read: BooksRead,
    locations: Set<string>,
  ): BookReader {
    this.inUse.set(risk.uri, read);
    const reader: BookReader = (relativePath, shape) => {
      const location = bookLocation(risk, relativePath);
      if (location === undefined) return unsavedFileBooks(relativePath);
      locations.add(location);
      // Problems name the book as the risk file writes it, so that is part of the key.
      const key = [location, relativePath, shape.kind, maxBytes, ...shape.markets].join("\0");
      read.set(key, { relativePath, kind: shape.kind, markets: shape.markets });
      return this.csv(key, location, relativePath, shape, maxBytes, maxPositions);
    };
    reader.generate = (request) => {
      const key = `synthetic\0${JSON.stringify(request)}`;
      read.set(key, { syntheticKey: key });
      return { book: this.synthetic(key, request) };
    };
    return reader;
  }

  /** A book changed (on disk or in an editor) or went away: whatever was parsed from it goes. */
  invalidate(location: string): void {
    for (const [key, stored] of this.stored) if (stored.location === location) this.stored.delete(key);
  }

  /** The risk file is closed or gone: its books may be evicted. */
  release(riskUri: string): void {
    this.inUse.delete(riskUri);
  }

  /** The books a validation read, for a sweep's workers (only books that parsed). */
  prepared(read: BooksRead): PreparedBook[] {
    return [...read].flatMap(([key, what]): PreparedBook[] => {
      const stored = this.stored.get(key);
      const book = stored && "parsed" in stored.result ? stored.result.parsed.book : undefined;
      if (!book) return [];
      return [
        "syntheticKey" in what
          ? { syntheticKey: what.syntheticKey, book: forSimulation(book) }
          : { ...what, markets: [...what.markets], book: forSimulation(book) },
      ];
    });
  }

  private csv(
    key: string,
    location: string,
    relativePath: string,
    shape: BookShape,
    maxBytes: number,
    maxPositions: number,
  ): BookReadResult {
    const open = this.editors(location);
    let version: string;
    if (open) version = `editor:${open.version}`;
    else {
      const stat = statBook(location);
      if ("error" in stat) return stat;
      version = `file:${stat.size}:${stat.mtimeMs}`;
    }
    const done = this.stored.get(key);
    if (done?.version === version) return done.result;
    const read = open ? { text: open.text } : readBookFile(location, maxBytes);
    if ("error" in read) return this.keep(key, { version, location, result: read });
    const source = "text" in read ? read.text : read;
    // A book that cannot fit the position limit by its line count is refused unparsed (resolveBooks counts it).
    if (Number.isFinite(maxPositions) && lineCount(source) - 1 > maxPositions) return read;
    const parsed = parseBookText(shape, relativePath, source);
    return this.keep(key, {
      version,
      location,
      result: { parsed: { ...parsed, book: parsed.book && shareColumns(parsed.book) } },
    });
  }

  private synthetic(key: string, request: SyntheticRequest): Book {
    const done = this.stored.get(key);
    if (done && "parsed" in done.result && done.result.parsed.book) return done.result.parsed.book;
    const book = shareColumns(generateSynthetic(request));
    this.keep(key, { version: "synthetic", location: key, result: { parsed: { book, problems: [] } } });
    return book;
  }

  private keep(key: string, stored: Stored): Stored["result"] {
    this.loads++;
    this.stored.delete(key);
    this.stored.set(key, stored);
    this.evict();
    return stored.result;
  }

  /** Down to KEPT_BOOKS unused ones, oldest first. */
  private evict(): void {
    const used = new Set([...this.inUse.values()].flatMap((read) => [...read.keys()]));
    let unused = [...this.stored.keys()].filter((key) => !used.has(key));
    while (unused.length > KEPT_BOOKS) {
      this.stored.delete(unused[0]);
      unused = unused.slice(1);
    }
  }
}

/** Where a book named relative to a risk file is: a path beside it on disk, a URI beside a virtual file, or nowhere (an untitled file). */
export function bookLocation(risk: RiskLocation, relativePath: string): string | undefined {
  if (risk.filePath !== null) return path.resolve(path.dirname(risk.filePath), relativePath);
  try {
    const base = new URL(risk.uri);
    return base.pathname.startsWith("/") ? new URL(relativePath, base).toString() : undefined;
  } catch {
    return undefined;
  }
}
