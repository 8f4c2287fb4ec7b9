/**
 * Names a file gives (assets, markets, venues, scenarios) are data, not JavaScript
 * property names: a file may call an asset "constructor" or "7". Lookups go through
 * null-prototype maps or own-property checks, and every ordering of names uses one
 * comparison, by Unicode code point (SPEC section 4: "ties: asset name, ascending by
 * Unicode code point").
 */

/**
 * Code-point order. JavaScript's `<` compares UTF-16 code units, which puts a character
 * above U+FFFF (stored as a surrogate pair, 0xD800-0xDFFF) below U+E000-U+FFFF.
 */
export function compareNames(a: string, b: string): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    // A surrogate starts a code point above U+FFFF, so above any single code unit.
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** An own property of a name map: never one inherited from Object.prototype ("toString"). */
export const hasName = (record: object, name: string): boolean => Object.prototype.hasOwnProperty.call(record, name);

/** A copy without a prototype: a lookup of an absent name gives undefined, whatever the name. */
export function nameMap<T>(record: Readonly<Record<string, T>> = {}): Record<string, T> {
  const map = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(record)) map[key] = record[key];
  return map;
}

/**
 * Keys JavaScript lists before all others whatever the insertion order ("7", "0"): an
 * object cannot keep the file order of these, so file-order rules read the document.
 */
export const isArrayIndexName = (name: string): boolean => /^(0|[1-9]\d{0,9})$/.test(name) && Number(name) < 4294967295;

/** The value at `path` in a value as written (parsed JSON), following own keys only; undefined where the path does not exist. */
export function writtenAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, segment))
      return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
