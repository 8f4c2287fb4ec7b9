/** Messages between the extension host and the book worker (BackgroundBooks <-> bookWorker). */
import type { Book } from "../model/book";
import type { SyntheticRequest } from "../model/syntheticBook";
import type { CsvResult } from "../parse/csvBook";
import type { BookShape } from "../parse/resolveBooks";

/** A CSV book to read and parse, or a synthetic book to generate. */
export type BookRequest = { id: number } & (CsvBookRequest | { synthetic: SyntheticRequest });

export interface CsvBookRequest {
  /** The CSV on disk (absolute path), or the text of an editor that holds it (maybe unsaved). */
  source: { path: string } | { text: string };
  /** The path as the risk file writes it: problems name it. */
  relativePath: string;
  shape: BookShape;
  maxBytes: number;
}

/**
 * The parsed or generated book (its typed arrays transferred, not copied; a generated one
 * has no problems) or why it could not be read,
 * with the file's size and modification time as the worker saw them (-1 for a text), so
 * the host knows which version of the file it holds.
 */
export type BookReply = { id: number; size: number; mtimeMs: number } & ({ parsed: CsvResult<Book> } | { error: string });
