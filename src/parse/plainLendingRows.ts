/**
 * The rows of a lending CSV book in one pass over the text, for books whose every row is
 * plain: `id,amount,...` with as many cells as the header, no quotes, no blank line, a
 * line ending in LF or CRLF, an id that starts and ends with a printable ASCII character,
 * amounts the general reader accepts, and no id twice. Numbers go straight into the
 * columns, ids stay spans of the text (TextSpanIds), and the duplicate check hashes the
 * id's characters as they are read.
 *
 * Anything else (a problem to report, a quoted cell, a lone CR) returns undefined, and
 * the general reader (csvBook.ts) reads the whole book again: what it gives for a plain
 * book is exactly what this gives (a property test compares them on generated books).
 */
import { TextSpanIds } from "../model/book";
import { isDecimal } from "./decimal";

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const DOT = 46;
const ZERO = 48;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Ids sharing one hash beyond which the general reader decides (FNV collisions can be made at will). */
const MAX_EQUAL_HASHES = 16;

/** Exact powers of ten: every one up to 1e22 is a double. */
const POW10 = Float64Array.from({ length: 16 }, (_, k) => 10 ** k);

export interface PlainRowsRequest {
  text: string;
  /** Offset of the first row, just after the header's line end. */
  offset: number;
  /** The header's 0-based line. */
  headerLine: number;
  /** Amount columns (the cells after the id). */
  columns: number;
  /** At most this many rows: a longer book is left to the general reader. */
  capacity: number;
}

export interface PlainRows {
  ids: TextSpanIds;
  sourceLines: Int32Array;
  /** One column per amount column, in the header's order. */
  values: Float64Array[];
}

export function readPlainLendingRows({
  text,
  offset,
  headerLine,
  columns,
  capacity,
}: PlainRowsRequest): PlainRows | undefined {
  const end = text.length;
  const values = Array.from({ length: columns }, () => new Float64Array(capacity));
  const starts = new Int32Array(capacity);
  const ends = new Int32Array(capacity);
  const hashes = new Uint32Array(capacity);
  let rows = 0;
  let p = offset;
  while (p < end) {
    const lineStart = text.charCodeAt(p);
    if (lineStart === LF || lineStart === CR) {
      // Blank lines at the end (an editor's habit) are skipped, as the general reader skips them.
      if (blankToEnd(text, p)) break;
      return undefined;
    }
    if (rows === capacity) return undefined;
    // The id: up to the first comma. Every character that needs a look is below "0".
    const idStart = p;
    let hash = FNV_OFFSET;
    for (; ; p++) {
      if (p === end) return undefined;
      const code = text.charCodeAt(p);
      if (code < ZERO) {
        if (code === COMMA) break;
        if (code === LF || code === CR || code === QUOTE) return undefined;
      }
      hash = Math.imul(hash ^ code, FNV_PRIME);
    }
    // Trimming would change nothing: the id starts and ends with a printable ASCII character.
    if (p === idStart || !printable(text.charCodeAt(idStart)) || !printable(text.charCodeAt(p - 1))) return undefined;
    starts[rows] = idStart;
    ends[rows] = p;
    hashes[rows] = hash;
    // The amounts: each ends at a comma, and the last at the line's end.
    for (let c = 0; c < columns; c++) {
      const cellStart = ++p; // past the comma before this cell
      let mantissa = 0;
      let dot = -1;
      let plain = true;
      for (; p < end; p++) {
        const code = text.charCodeAt(p);
        const digit = code - ZERO;
        if (digit >= 0 && digit <= 9) mantissa = mantissa * 10 + digit;
        else if (code === COMMA || code === LF || code === CR) break;
        else if (code === QUOTE) return undefined;
        else if (code === DOT && dot < 0) dot = p;
        else plain = false;
      }
      const next = p < end ? text.charCodeAt(p) : LF;
      // Each cell but the last ends at a comma; the last at LF, CRLF or the text's end.
      if (c === columns - 1 ? next === COMMA : next !== COMMA) return undefined;
      if (next === CR && text.charCodeAt(p + 1) !== LF) return undefined; // a lone CR: the general reader's line rules
      const amount = plain ? plainAmount(text, cellStart, p, dot, mantissa) : decimalAmount(text, cellStart, p);
      if (!(amount >= 0 && Number.isFinite(amount))) return undefined; // a problem the general reader reports
      values[c][rows] = amount;
    }
    if (p < end && text.charCodeAt(p) === CR) p++;
    p++; // past the LF
    rows++;
  }
  if (hasRepeatedId(text, starts, ends, hashes, rows)) return undefined;
  const sourceLines = new Int32Array(rows);
  for (let r = 0; r < rows; r++) sourceLines[r] = headerLine + 1 + r;
  return {
    ids: new TextSpanIds(text, starts, ends, rows),
    sourceLines,
    values: values.map((column) => (rows === capacity ? column : column.subarray(0, rows))),
  };
}

/**
 * A cell of digits with at most one dot, as the general reader's plainDecimal reads it:
 * empty is 0, at most 15 digits, a leading 0 stands alone, a dot has digits on both sides,
 * and the value is one exact division (Clinger's fast path). -1 sends the cell to
 * decimalAmount, as plainDecimal sends it to the general reader's parseAmount.
 */
function plainAmount(text: string, from: number, to: number, dot: number, mantissa: number): number {
  if (from === to) return 0; // "empty cell = 0"
  const digits = to - from - (dot >= 0 ? 1 : 0);
  if (digits > 15 || dot === from || dot === to - 1) return decimalAmount(text, from, to);
  if (text.charCodeAt(from) === ZERO && to - from > 1 && dot !== from + 1) return decimalAmount(text, from, to);
  return dot >= 0 ? mantissa / POW10[to - dot - 1] : mantissa;
}

/** Any other cell, read as the general reader reads it: the JSON number grammar, then Number(). */
function decimalAmount(text: string, from: number, to: number): number {
  const cell = text.slice(from, to);
  return isDecimal(cell) ? Number(cell) : Number.NaN;
}

const printable = (code: number): boolean => code > 32 && code < 127;

/** Whether only line ends, spaces, tabs and byte-order marks follow `from` (blank lines to the end). */
function blankToEnd(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== LF && code !== CR && code !== 32 && code !== 9 && code !== 0xfeff) return false;
  }
  return true;
}

/**
 * Whether two rows have the same id (or too many share a hash to tell cheaply). The hashes are sorted (two 16-bit radix passes, each
 * a sequential read) and equal neighbours compared as text: a hash table of a million rows
 * costs a cache miss per row, the sort does not.
 */
function hasRepeatedId(text: string, starts: Int32Array, ends: Int32Array, hashes: Uint32Array, rows: number): boolean {
  let keys = hashes.slice(0, rows);
  let order = new Int32Array(rows);
  for (let r = 0; r < rows; r++) order[r] = r;
  let keysOut = new Uint32Array(rows);
  let orderOut = new Int32Array(rows);
  const counts = new Int32Array(65537);
  for (let shift = 0; shift < 32; shift += 16) {
    counts.fill(0);
    for (let r = 0; r < rows; r++) counts[((keys[r] >>> shift) & 0xffff) + 1]++;
    for (let d = 1; d <= 65536; d++) counts[d] += counts[d - 1];
    for (let r = 0; r < rows; r++) {
      const target = counts[(keys[r] >>> shift) & 0xffff]++;
      keysOut[target] = keys[r];
      orderOut[target] = order[r];
    }
    [keys, keysOut] = [keysOut, keys];
    [order, orderOut] = [orderOut, order];
  }
  for (let r = 1, run = 1; r < rows; r++) {
    if (keys[r] !== keys[r - 1]) {
      run = 1;
      continue;
    }
    // A run of equal hashes (almost always two ids that merely collide): compare each pair. A
    // long run is a file made to collide: the general reader, whose table falls back to a Map, decides.
    if (++run > MAX_EQUAL_HASHES) return true;
    for (let earlier = r - 1; earlier >= 0 && keys[earlier] === keys[r]; earlier--) {
      const a = order[earlier];
      const b = order[r];
      if (sameSpan(text, starts[a], ends[a], starts[b], ends[b])) return true;
    }
  }
  return false;
}

function sameSpan(text: string, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (text.charCodeAt(aStart + i) !== text.charCodeAt(bStart + i)) return false;
  return true;
}
