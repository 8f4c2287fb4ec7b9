/** Reads CSV books (and the CLI its risk files) from disk: regular files only, never more than a size limit. */
import { isAscii } from "node:buffer";
import * as fs from "node:fs";
import * as path from "node:path";
/** A book file's text, or its bytes when they are all ASCII (csvBook.ts's CsvSource), or why it cannot be read. */
export type BookFileRead = { text: string } | { ascii: Uint8Array } | { error: string };
/** A reader of books, by path relative to the risk file (the venue does not matter to it). */
export type BookFileReader = (relativePath: string) => BookFileRead;

/** V8 strings stop near 512 MiB; refuse well before, with a message rather than a crash. */
export const DEFAULT_MAX_BOOK_BYTES = 400 * 1024 * 1024;

/**
 * Books read recently, by absolute path, kept while the file's size and modification time
 * are unchanged: validating a risk file as it is typed must not re-read a million-row book
 * on every pause (the same text object also lets resolveBooks reuse its parse).
 */
const recentBooks = new Map<
  string,
  { size: number; mtimeMs: number; maxBytes: number; result: ReturnType<BookFileReader> }
>();
const RECENT_BOOKS = 4;

/** The books of a risk file that has no place on disk (untitled, virtual): none can be read. */
export const unsavedFileBooks: BookFileReader = () => ({
  error: "a file that is not saved on disk has no folder to read position books from; save it first",
});

export function fileBookReader(riskFilePath: string, maxBytes = DEFAULT_MAX_BOOK_BYTES): BookFileReader {
  const directory = path.dirname(riskFilePath);
  return (relativePath) => {
    const absolute = path.resolve(directory, relativePath);
    const stat = statBook(absolute);
    if ("error" in stat) return stat;
    const recent = recentBooks.get(absolute);
    if (recent && recent.size === stat.size && recent.mtimeMs === stat.mtimeMs && recent.maxBytes === maxBytes)
      return recent.result;
    const result = readBookFile(absolute, maxBytes);
    recentBooks.delete(absolute);
    recentBooks.set(absolute, { size: stat.size, mtimeMs: stat.mtimeMs, maxBytes, result });
    if (recentBooks.size > RECENT_BOOKS) recentBooks.delete(recentBooks.keys().next().value!);
    return result;
  };
}

/**
 * The size and modification time of a book, or why there is none. Only regular files are
 * books: reading a pipe waits for a writer forever, a device such as /dev/zero never ends.
 */
export function statBook(absolute: string): fs.Stats | { error: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch (error) {
    return { error: openError(error, absolute) };
  }
  return stat.isFile() ? stat : { error: notRegularFile(stat, absolute) };
}

/**
 * Books up to this size may be handed over as bytes. A book the CSV's one-pass reader does
 * not take (it takes up to 8 million cells, about 70 MB of a two-amount book) is decoded
 * for the general reader while the recent-book cache still holds its bytes: the largest
 * book would be in memory twice (2.7 GB resident instead of 2.4 GB). Up to this size the
 * cost is at most this much memory, for a moment.
 */
const ASCII_BYTES_UP_TO = 64 * 1024 * 1024;

/**
 * The book's bytes when every one is ASCII and the book is not huge (most books: the CSV
 * reader then reads them without decoding them into a string first), else its text; unless
 * it is above the size limit (then it is not read at all: the size is checked once the
 * file is open). No caching.
 */
export function readBookFile(absolute: string, maxBytes: number): BookFileRead {
  const limit = `the ${sizeText(maxBytes)} limit for position books (setting cascadeLens.limits.maxBookMb, CLI option --max-book-mb)`;
  const read = readRegularBytes(absolute, maxBytes, (size) =>
    size === "grew"
      ? `the file grew past ${limit} while it was read; reading stopped there`
      : `the file is ${sizeText(size)}, above ${limit}; it was not read`,
  );
  if ("error" in read) return read;
  const { bytes } = read;
  return bytes.length <= ASCII_BYTES_UP_TO && isAscii(bytes) ? { ascii: bytes } : { text: bytes.toString("utf8") };
}

/** A regular file's text (UTF-8, invalid bytes as U+FFFD), reading at most `maxBytes` (readRegularBytes). */
export function readRegularFile(
  absolute: string,
  maxBytes: number,
  tooLarge: (size: number | "grew") => string,
): { text: string } | { error: string } {
  const read = readRegularBytes(absolute, maxBytes, tooLarge);
  return "error" in read ? read : { text: read.bytes.toString("utf8") };
}

/**
 * A regular file's bytes, reading at most `maxBytes`. The file is opened without blocking
 * and checked once open, so one swapped for a pipe after a stat cannot hang the reader; the
 * read is bounded by the limit, not by the size a stat gave, so a file that grows while it
 * is read (or reports size 0, as /proc does) cannot exhaust memory.
 */
function readRegularBytes(
  absolute: string,
  maxBytes: number,
  tooLarge: (size: number | "grew") => string,
): { bytes: Buffer } | { error: string } {
  let fd: number;
  try {
    fd = fs.openSync(absolute, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { error: openError(error, absolute) };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { error: notRegularFile(stat, absolute) };
    if (stat.size > maxBytes) return { error: tooLarge(stat.size) };
    // One byte more than the limit tells "larger than the limit" from "exactly the limit".
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) return { error: tooLarge("grew") };
        const larger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return { bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { error: String((error as Error).message) };
  } finally {
    fs.closeSync(fd);
  }
}

function openError(error: unknown, absolute: string): string {
  return (error as NodeJS.ErrnoException).code === "ENOENT"
    ? `no such file (${absolute})`
    : String((error as Error).message);
}

function notRegularFile(stat: fs.Stats, absolute: string): string {
  if (stat.isDirectory()) return `${absolute} is a directory, not a file`;
  return `${absolute} is not a regular file (a pipe, device or socket); it was not read, since reading it may never end`;
}

export function sizeText(bytes: number): string {
  if (bytes < 1048576) return `${Math.ceil(bytes / 1024)} KiB`;
  return `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MiB`;
}
