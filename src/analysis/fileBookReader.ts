/** Reads CSV books from disk, relative to the risk file, refusing files too large to hold as text. */
import * as fs from "node:fs";
import * as path from "node:path";
/** A reader of books as text, by path relative to the risk file (the venue does not matter to it). */
export type TextBookReader = (relativePath: string) => { text: string } | { error: string };

/** V8 strings stop near 512 MiB; refuse well before, with a message rather than a crash. */
export const DEFAULT_MAX_BOOK_BYTES = 400 * 1024 * 1024;

/**
 * Books read recently, by absolute path, kept while the file's size and modification time
 * are unchanged: validating a risk file as it is typed must not re-read a million-row book
 * on every pause (the same text object also lets resolveBooks reuse its parse).
 */
const recentBooks = new Map<string, { size: number; mtimeMs: number; maxBytes: number; result: ReturnType<TextBookReader> }>();
const RECENT_BOOKS = 4;

/** The books of a risk file that has no place on disk (untitled, virtual): none can be read. */
export const unsavedFileBooks: TextBookReader = () => ({ error: "a file that is not saved on disk has no folder to read position books from; save it first" });

export function fileBookReader(riskFilePath: string, maxBytes = DEFAULT_MAX_BOOK_BYTES): TextBookReader {
  const directory = path.dirname(riskFilePath);
  return (relativePath) => {
    const absolute = path.resolve(directory, relativePath);
    const stat = statBook(absolute);
    if ("error" in stat) return stat;
    const recent = recentBooks.get(absolute);
    if (recent && recent.size === stat.size && recent.mtimeMs === stat.mtimeMs && recent.maxBytes === maxBytes) return recent.result;
    const result = readBookFile(absolute, stat, maxBytes);
    recentBooks.delete(absolute);
    recentBooks.set(absolute, { size: stat.size, mtimeMs: stat.mtimeMs, maxBytes, result });
    if (recentBooks.size > RECENT_BOOKS) recentBooks.delete(recentBooks.keys().next().value!);
    return result;
  };
}

/** The size and modification time of a book, or why there is none. */
export function statBook(absolute: string): fs.Stats | { error: string } {
  try {
    return fs.statSync(absolute);
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code === "ENOENT" ? `no such file (${absolute})` : String((error as Error).message) };
  }
}

/** The book's text, unless it is above the size limit (then it is not read at all). No caching. */
export function readBookFile(absolute: string, stat: { size: number }, maxBytes: number): { text: string } | { error: string } {
  if (stat.size > maxBytes) {
    return { error: `the file is ${sizeText(stat.size)}, above the ${sizeText(maxBytes)} limit for position books (setting cascadeLens.limits.maxBookMb, CLI option --max-book-mb); it was not read` };
  }
  try {
    return { text: fs.readFileSync(absolute, "utf8") };
  } catch (error) {
    return { error: String((error as Error).message) };
  }
}

function sizeText(bytes: number): string {
  if (bytes < 1048576) return `${Math.ceil(bytes / 1024)} KiB`;
  return `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MiB`;
}
