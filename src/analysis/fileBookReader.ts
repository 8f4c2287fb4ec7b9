/** Reads CSV books from disk, relative to the risk file, refusing files too large to hold as text. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BookReader } from "../parse/resolveBooks";

/** V8 strings stop near 512 MiB; refuse well before, with a message rather than a crash. */
export const DEFAULT_MAX_BOOK_BYTES = 400 * 1024 * 1024;

export function fileBookReader(riskFilePath: string, maxBytes = DEFAULT_MAX_BOOK_BYTES): BookReader {
  const directory = path.dirname(riskFilePath);
  const cache = new Map<string, ReturnType<BookReader>>();
  return (relativePath) => {
    const cached = cache.get(relativePath);
    if (cached) return cached;
    const absolute = path.resolve(directory, relativePath);
    let result: ReturnType<BookReader>;
    try {
      const size = fs.statSync(absolute).size;
      result =
        size > maxBytes
          ? { error: `the file is ${(size / 1048576).toFixed(0)} MiB, above the ${(maxBytes / 1048576).toFixed(0)} MiB limit for position books` }
          : { text: fs.readFileSync(absolute, "utf8") };
    } catch (error) {
      result = { error: (error as NodeJS.ErrnoException).code === "ENOENT" ? `no such file (${absolute})` : String((error as Error).message) };
    }
    cache.set(relativePath, result);
    return result;
  };
}
