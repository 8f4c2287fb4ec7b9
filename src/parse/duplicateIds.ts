/**
 * Finds repeated ids among a million CSV rows without a Map of a million strings (whose
 * hashing and garbage dominated reading a book): an open-addressing table of row numbers,
 * comparing strings only when their FNV-1a hashes share a slot.
 */
/** Slots one registration may probe before the table gives way to a Map (a sound table probes a few). */
const MAX_PROBES = 64;

export class DuplicateIdFinder {
  private table: Int32Array;
  private count = 0;
  private fallback: Map<string, number> | undefined;

  /** `expected`: the rows to come, when known (a CSV's line count): the table is sized once instead of doubling. */
  constructor(
    private readonly ids: readonly string[],
    expected = 0,
  ) {
    let size = 1 << 12;
    while (size < expected * 2 && size < 1 << 30) size *= 2;
    this.table = new Int32Array(size).fill(-1);
  }

  /** Registers ids[row]; returns the earlier row with the same id, or -1. */
  add(row: number): number {
    const id = this.ids[row];
    if (this.fallback) {
      const first = this.fallback.get(id);
      if (first !== undefined) return first;
      this.fallback.set(id, row);
      return -1;
    }
    if ((this.count + 1) * 2 > this.table.length) this.grow();
    const mask = this.table.length - 1;
    for (let slot = hash(id) & mask, probes = 0; ; slot = (slot + 1) & mask) {
      const existing = this.table[slot];
      if (existing === -1) {
        this.table[slot] = row;
        this.count++;
        return -1;
      }
      if (this.ids[existing] === id) return existing;
      if (++probes > MAX_PROBES) return this.fallBack(row);
    }
  }

  /**
   * FNV-1a collisions can be made at will: a book of ids crafted to share a hash would make
   * each probe walk every earlier row (hours for a million). Past a long probe the rows so
   * far move to a Map, whose string hashing V8 seeds per process.
   */
  private fallBack(row: number): number {
    const fallback = new Map<string, number>();
    for (const existing of this.table) if (existing !== -1) fallback.set(this.ids[existing], existing);
    this.fallback = fallback;
    this.table = new Int32Array(0);
    return this.add(row);
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2).fill(-1);
    const mask = this.table.length - 1;
    for (const row of old) {
      if (row === -1) continue;
      let slot = hash(this.ids[row]) & mask;
      while (this.table[slot] !== -1) slot = (slot + 1) & mask;
      this.table[slot] = row;
    }
  }
}

/** FNV-1a over UTF-16 code units: both id readers hash with it (the one-pass reader as it reads). */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

function hash(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}
