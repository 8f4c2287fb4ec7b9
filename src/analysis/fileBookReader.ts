/** Reads CSV books from disk, relative to the risk file, refusing files too large to hold as text. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BookReader } from "../parse/resolveBooks";

/** V8 strings stop near 512 MiB; refuse well before, with a message rather than a crash. */
export const DEFAULT_MAX_BOOK_BYTES = 400 * 1024 * 1024;

/**
 * Books read recently, by absolute path, kept while the file's size and modification time
 * are unchanged: validating a risk file as it is typed must not re-read a million-row book
 * on every pause (the same text object also lets resolveBooks reuse its parse).
 */
const recentBooks = new Map<string, { size: number; mtimeMs: number; maxBytes: number; result: ReturnType<BookReader> }>();
const RECENT_BOOKS = 4;

/** The books of a risk file that has no place on disk (untitled, virtual): none can be read. */
export const unsavedFileBooks: BookReader = () => ({ error: "a file that is not saved on disk has no folder to read position books from; save it first" });

export function fileBookReader(riskFilePath: string, maxBytes = DEFAULT_MAX_BOOK_BYTES): BookReader {
  const directory = path.dirname(riskFilePath);
  return (relativePath) => {
    const absolute = path.resolve(directory, relativePath);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      return { error: (error as NodeJS.ErrnoException).code === "ENOENT" ? `no such file (${absolute})` : String((error as Error).message) };
    }
    const recent = recentBooks.get(absolute);
    if (recent && recent.size === stat.size && recent.mtimeMs === stat.mtimeMs && recent.maxBytes === maxBytes) return recent.result;
    let result: ReturnType<BookReader>;
    try {
      result =
        stat.size > maxBytes
          ? { error: `the file is ${sizeText(stat.size)}, above the ${sizeText(maxBytes)} limit for position books (setting cascadeLens.limits.maxBookMb, CLI option --max-book-mb); it was not read` }
          : { text: fs.readFileSync(absolute, "utf8") };
    } catch (error) {
      result = { error: String((error as Error).message) };
    }
    recentBooks.delete(absolute);
    recentBooks.set(absolute, { size: stat.size, mtimeMs: stat.mtimeMs, maxBytes, result });
    if (recentBooks.size > RECENT_BOOKS) recentBooks.delete(recentBooks.keys().next().value!);
    return result;
  };
}

function sizeText(bytes: number): string {
  if (bytes < 1048576) return `${Math.ceil(bytes / 1024)} KiB`;
  return `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MiB`;
}
