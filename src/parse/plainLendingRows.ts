/**
 * The rows of a lending CSV book in one pass over its bytes, for books whose every row is
 * plain: `id,amount,...` with as many cells as the header, no quotes, no blank line but at
 * the end, lines ending in LF or CRLF, ASCII only, an id that starts and ends with a
 * printable character, amounts the general reader accepts, and no id twice. Numbers go
 * straight into the columns, ids stay spans of the bytes (AsciiSpanIds), and the duplicate
 * check reads the ids again only when they are not in increasing order.
 *
 * Bytes, not text: a book read from disk is parsed without being decoded into a string
 * first (decoding 25 MB costs ~20 ms, and the string as much memory again), and a byte
 * loop is faster than charCodeAt. An ASCII byte is its character, so offsets and ids are
 * those of the text.
 *
 * Anything else (a problem to report, a quoted cell, a lone CR, a byte above 127) returns
 * undefined, and the general reader (csvBook.ts) reads the whole book again as text: what
 * it gives for a plain book is exactly what this gives (a property test compares them on
 * generated books).
 */
import { AsciiSpanIds, asciiText } from "../model/book";
import { isDecimal } from "./decimal";
import { FNV_OFFSET, FNV_PRIME } from "./duplicateIds";

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const DOT = 46;
const ZERO = 48;
const SPACE = 32;
const TAB = 9;
/** Above this, a byte is not ASCII. */
const ASCII_END = 127;
/** Ids sharing one hash, and hash values shared, beyond which the general reader decides (FNV collisions can be made at will). */
const MAX_EQUAL_HASHES = 16;
const MAX_SHARED_HASHES = 4096;
/** Slots one row may probe in the table of shared hash values. */
const MAX_TABLE_PROBE = 64;

/** Exact powers of ten: every one up to 1e22 is a double. */
const POW10 = Float64Array.from({ length: 16 }, (_, k) => 10 ** k);

export interface PlainRowsRequest {
  /** The book's bytes (UTF-8; only a book whose rows are ASCII is read here). */
  bytes: Uint8Array;
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
  ids: AsciiSpanIds;
  sourceLines: Int32Array;
  /** One column per amount column, in the header's order. */
  values: Float64Array[];
}

export function readPlainLendingRows(request: PlainRowsRequest): PlainRows | undefined {
  const reader = new RowReader(request);
  // One call per row, not one loop over the whole text: a small function is optimised after
  // a few hundred rows, a long loop only once on-stack replacement reaches it.
  for (;;) {
    const read = reader.row();
    if (read === OTHER) return undefined;
    if (read === DONE) break;
  }
  const { bytes, starts, ends, values, rows } = reader;
  if (hasRepeatedId(bytes, starts, ends, rows)) return undefined;
  const sourceLines = new Int32Array(rows);
  for (let r = 0; r < rows; r++) sourceLines[r] = request.headerLine + 1 + r;
  return {
    ids: new AsciiSpanIds(bytes, starts, ends, rows),
    sourceLines,
    values: values.map((column) => (rows === column.length ? column : column.subarray(0, rows))),
  };
}

/** What RowReader.row() read: a row, the end of the book, or something for the general reader. */
const ROW = 1;
const DONE = 0;
const OTHER = -1;

class RowReader {
  readonly bytes: Uint8Array;
  values: Float64Array[];
  starts: Int32Array;
  ends: Int32Array;
  rows = 0;
  private p: number;
  private readonly end: number;
  /** Rows the arrays hold now, and at most. */
  private room: number;
  private readonly capacity: number;

  constructor({ bytes, offset, columns, capacity }: PlainRowsRequest) {
    this.bytes = bytes;
    this.end = bytes.length;
    this.p = offset;
    this.capacity = capacity;
    this.room = Math.min(capacity, estimatedRows(bytes, offset, columns));
    this.values = Array.from({ length: columns }, () => new Float64Array(this.room));
    this.starts = new Int32Array(this.room);
    this.ends = new Int32Array(this.room);
  }

  /** Room for half as many rows again (the estimate fell short), up to the capacity. */
  private grow(): void {
    this.room = Math.min(this.capacity, Math.ceil(this.room * 1.5) + 1024);
    const larger = <T extends Float64Array | Int32Array>(array: T, make: (length: number) => T): T => {
      const copy = make(this.room);
      copy.set(array);
      return copy;
    };
    this.values = this.values.map((column) => larger(column, (length) => new Float64Array(length)));
    this.starts = larger(this.starts, (length) => new Int32Array(length));
    this.ends = larger(this.ends, (length) => new Int32Array(length));
  }

  row(): number {
    const { bytes, end } = this;
    let p = this.p;
    if (p >= end) return DONE;
    const lineStart = bytes[p];
    // Blank lines at the end (an editor's habit) are skipped, as the general reader skips them.
    if (lineStart === LF || lineStart === CR) return blankToEnd(bytes, p) ? DONE : OTHER;
    const rows = this.rows;
    if (rows === this.room) {
      if (rows === this.capacity) return OTHER;
      this.grow();
    }
    // The id: up to the first comma. Every byte that needs a look is below "0" or above 127.
    const idStart = p;
    for (; ; p++) {
      if (p === end) return OTHER;
      const code = bytes[p];
      if (code < ZERO) {
        if (code === COMMA) break;
        if (code === LF || code === CR || code === QUOTE) return OTHER;
      } else if (code > ASCII_END) return OTHER;
    }
    // Trimming would change nothing: the id starts and ends with a printable ASCII character.
    if (p === idStart || !printable(bytes[idStart]) || !printable(bytes[p - 1])) return OTHER;
    this.starts[rows] = idStart;
    this.ends[rows] = p;
    // The amounts: each ends at a comma, and the last at the line's end.
    const values = this.values;
    const columns = values.length;
    for (let c = 0; c < columns; c++) {
      const cellStart = ++p; // past the comma before this cell
      let mantissa = 0;
      let dot = -1;
      let plain = true;
      for (; p < end; p++) {
        const code = bytes[p];
        const digit = code - ZERO;
        if (digit >= 0 && digit <= 9) mantissa = mantissa * 10 + digit;
        else if (code === COMMA || code === LF || code === CR) break;
        else if (code === QUOTE) return OTHER;
        else if (code === DOT && dot < 0) dot = p;
        else plain = false;
      }
      const next = p < end ? bytes[p] : LF;
      // Each cell but the last ends at a comma; the last at LF, CRLF or the end.
      if (c === columns - 1 ? next === COMMA : next !== COMMA) return OTHER;
      if (next === CR && bytes[p + 1] !== LF) return OTHER; // a lone CR: the general reader's line rules
      const amount = plain ? plainAmount(bytes, cellStart, p, dot, mantissa) : decimalAmount(bytes, cellStart, p);
      if (!(amount >= 0 && Number.isFinite(amount))) return OTHER; // a problem the general reader reports
      values[c][rows] = amount;
    }
    if (p < end && bytes[p] === CR) p++;
    this.p = p + 1; // past the LF
    this.rows = rows + 1;
    return ROW;
  }
}

/** Rows to make room for at first: the line ends in a few samples of the bytes, scaled to all of them (RowReader grows if it falls short). */
function estimatedRows(bytes: Uint8Array, offset: number, columns: number): number {
  const length = bytes.length - offset;
  const SAMPLES = 16;
  const WINDOW = 4096;
  if (length <= SAMPLES * WINDOW) return Math.ceil(length / (columns + 2)) + 1;
  let lineEnds = 0;
  for (let s = 0; s < SAMPLES; s++) {
    const from = offset + Math.floor(((length - WINDOW) * s) / (SAMPLES - 1));
    for (let i = from; i < from + WINDOW; i++) lineEnds += +(bytes[i] === LF);
  }
  return Math.ceil((lineEnds / (SAMPLES * WINDOW)) * length * 1.02) + 1024;
}

/**
 * A cell of digits with at most one dot, as the general reader's plainDecimal reads it:
 * empty is 0, at most 15 digits, a leading 0 stands alone, a dot has digits on both sides,
 * and the value is one exact division (Clinger's fast path). -1 sends the cell to
 * decimalAmount, as plainDecimal sends it to the general reader's parseAmount.
 */
function plainAmount(bytes: Uint8Array, from: number, to: number, dot: number, mantissa: number): number {
  if (from === to) return 0; // "empty cell = 0"
  const digits = to - from - (dot >= 0 ? 1 : 0);
  if (digits > 15 || dot === from || dot === to - 1) return decimalAmount(bytes, from, to);
  if (bytes[from] === ZERO && to - from > 1 && dot !== from + 1) return decimalAmount(bytes, from, to);
  return dot >= 0 ? mantissa / POW10[to - dot - 1] : mantissa;
}

/** Any other cell, read as the general reader reads it: the JSON number grammar (ASCII only), then Number(). */
function decimalAmount(bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] > ASCII_END) return Number.NaN;
  const cell = asciiText(bytes, from, to);
  return isDecimal(cell) ? Number(cell) : Number.NaN;
}

const printable = (code: number): boolean => code > 32 && code < 127;

/** Whether only line ends, spaces and tabs follow `from` (blank lines to the end; a byte-order mark there is the general reader's). */
function blankToEnd(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) {
    const code = bytes[i];
    if (code !== LF && code !== CR && code !== SPACE && code !== TAB) return false;
  }
  return true;
}

/**
 * Whether two rows have the same id (or too many share a hash to tell cheaply). Ids in
 * increasing order cannot repeat; otherwise the ids are hashed (FNV-1a) and the hashes
 * alone grouped (sharedHashes: a hash table of a million rows costs a cache miss per row),
 * which finds the few hash values held by more than one row; only the rows holding those
 * are then compared byte by byte.
 */
function hasRepeatedId(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, rows: number): boolean {
  if (idsIncrease(bytes, starts, ends, rows)) return false;
  const hashes = idHashes(bytes, starts, ends, rows);
  const shared = sharedHashes(hashes, rows);
  // Many at once is a file made to collide: the general reader, whose table falls back to a Map, decides.
  if (shared === undefined) return true;
  if (shared.length === 0) return false;
  let size = 16;
  while (size < shared.length * 4) size *= 2;
  const table = new Uint32Array(size);
  const used = new Uint8Array(size);
  for (const hash of shared) {
    let slot = hash & (size - 1);
    while (used[slot]) slot = (slot + 1) & (size - 1);
    table[slot] = hash;
    used[slot] = 1;
  }
  const byHash = new Map<number, number[]>();
  for (let r = 0; r < rows; r++) {
    const hash = hashes[r];
    for (let slot = hash & (size - 1), probe = 0; used[slot]; slot = (slot + 1) & (size - 1), probe++) {
      // Rows made to land on a long run of the table would each walk it: the general reader decides instead.
      if (probe > MAX_TABLE_PROBE) return true;
      if (table[slot] !== hash) continue;
      const group = byHash.get(hash);
      if (!group) byHash.set(hash, [r]);
      else if (group.push(r) > MAX_EQUAL_HASHES) return true;
      break;
    }
  }
  for (const group of byHash.values())
    for (let a = 0; a < group.length; a++)
      for (let b = a + 1; b < group.length; b++)
        if (compareSpans(bytes, starts[group[a]], ends[group[a]], starts[group[b]], ends[group[b]]) === 0) return true;
  return false;
}

/** Each id's FNV-1a hash (a second read of the ids, for a book whose ids are not in order). */
function idHashes(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, rows: number): Uint32Array {
  const hashes = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    let hash = FNV_OFFSET;
    for (let p = starts[r], end = ends[r]; p < end; p++) hash = Math.imul(hash ^ bytes[p], FNV_PRIME);
    hashes[r] = hash;
  }
  return hashes;
}

/**
 * The hash values held by more than one row, each once; undefined beyond MAX_SHARED_HASHES.
 * One pass puts the hashes' low 16 bits in groups by their top 16 bits (a counting sort by
 * those alone); within a group a bitmap of the low bits finds the repeats. Half the work of
 * sorting the hashes whole (two passes of scattered writes), and half the memory.
 */
function sharedHashes(hashes: Uint32Array, rows: number): number[] | undefined {
  const GROUPS = 65536;
  const groupStart = new Int32Array(GROUPS + 1);
  for (let r = 0; r < rows; r++) groupStart[(hashes[r] >>> 16) + 1]++;
  for (let g = 1; g <= GROUPS; g++) groupStart[g] += groupStart[g - 1];
  const next = groupStart.slice(0, GROUPS);
  const lows = new Uint16Array(rows);
  for (let r = 0; r < rows; r++) {
    const hash = hashes[r];
    lows[next[hash >>> 16]++] = hash & 0xffff;
  }
  // One bit per low value: seen in this group, and already counted as shared. Cleared after each group.
  const seen = new Uint32Array(GROUPS / 32);
  const counted = new Uint32Array(GROUPS / 32);
  const shared: number[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const from = groupStart[g];
    const to = groupStart[g + 1];
    if (to - from < 2) continue;
    for (let j = from; j < to; j++) {
      const word = lows[j] >>> 5;
      const bit = 1 << (lows[j] & 31);
      if (!(seen[word] & bit)) seen[word] |= bit;
      else if (!(counted[word] & bit)) {
        counted[word] |= bit;
        if (shared.push(((g << 16) | lows[j]) >>> 0) > MAX_SHARED_HASHES) return undefined;
      }
    }
    for (let j = from; j < to; j++) seen[lows[j] >>> 5] = counted[lows[j] >>> 5] = 0;
  }
  return shared;
}

/**
 * Whether every id comes after the one before it (compareSpans' order): ids in strictly
 * increasing order are all different. Books are often written in order (sequential
 * numbers, addresses sorted), and then this one comparison per row, which mostly stops at
 * the length or within the first characters, replaces the hash check. The first pair
 * out of order ends it.
 */
function idsIncrease(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, rows: number): boolean {
  for (let r = 1; r < rows; r++)
    if (compareSpans(bytes, starts[r - 1], ends[r - 1], starts[r], ends[r]) >= 0) return false;
  return true;
}

/** Two spans of the bytes in order, shorter first and spans of one length by their bytes: < 0, 0 (the same id) or > 0. */
function compareSpans(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const length = aEnd - aStart;
  if (length !== bEnd - bStart) return length - (bEnd - bStart);
  for (let i = 0; i < length; i++) {
    const difference = bytes[aStart + i] - bytes[bStart + i];
    if (difference !== 0) return difference;
  }
  return 0;
}
