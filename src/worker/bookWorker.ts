/**
 * Reads and parses CSV position books off the extension host's thread, from disk or from
 * an editor's text, and generates large synthetic books: a million-row book takes about a
 * second to read and parse (half a second to generate), which would freeze the editor
 * (BackgroundBooks asks). The typed-array columns are transferred back, not copied, so nothing here may
 * keep them: no caches in this thread.
 */
import { parentPort } from "node:worker_threads";
import { readBookFile, statBook } from "../analysis/fileBookReader";
import type { Book } from "../model/book";
import { parseLendingCsv, parsePerpsCsv, type CsvResult } from "../parse/csvBook";
import { generateSynthetic } from "../model/syntheticBook";
import type { BookReply, BookRequest, CsvBookRequest } from "../shared/bookProtocol";

function load(request: BookRequest): BookReply {
  if ("synthetic" in request) return { id: request.id, size: -1, mtimeMs: -1, parsed: { book: generateSynthetic(request.synthetic), problems: [] } };
  const source = request.source;
  if ("text" in source) return { id: request.id, size: -1, mtimeMs: -1, parsed: parse(request, source.text) };
  const stat = statBook(source.path);
  if ("error" in stat) return { id: request.id, size: -1, mtimeMs: -1, error: stat.error };
  const version = { id: request.id, size: stat.size, mtimeMs: stat.mtimeMs };
  const read = readBookFile(source.path, request.maxBytes);
  if ("error" in read) return { ...version, error: read.error };
  return { ...version, parsed: parse(request, read.text) };
}

function parse(request: CsvBookRequest, text: string): CsvResult<Book> {
  const known = new Set(request.shape.markets);
  return request.shape.kind === "lending" ? parseLendingCsv(text, request.relativePath, known) : parsePerpsCsv(text, request.relativePath, known);
}

function buffersOf(book: Book | undefined): ArrayBuffer[] {
  if (!book) return [];
  const arrays = book.kind === "lending" ? [book.sourceLines, ...book.collateral, ...book.debt] : [book.sourceLines, book.marketOf, book.size, book.entryPrice, book.margin];
  return [...new Set(arrays.flatMap((array) => (array ? [array.buffer as ArrayBuffer] : [])))];
}

parentPort?.on("message", (request: BookRequest) => {
  let reply: BookReply;
  try {
    reply = load(request);
  } catch (error) {
    reply = { id: request.id, size: -1, mtimeMs: -1, error: `could not be read: ${(error as Error).message}` };
  }
  parentPort?.postMessage(reply, "parsed" in reply ? buffersOf(reply.parsed.book) : []);
});
