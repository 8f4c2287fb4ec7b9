/**
 * The median of a column of numbers, which CL012 takes over every position of a book on
 * each validation. Quickselect takes 15-25 ms over a million numbers; the numbers here are
 * nearly always finite and >= 0, and such doubles sort as their bits do, so two passes
 * over them find the middle instead: one counts the numbers per value of their top 16 bits
 * (sign, exponent and 4 bits of mantissa), the next keeps the few in the middle's group,
 * and quickselect finishes on those. Any other column (a NaN, a negative number, -0) takes
 * quickselect whole. Both give the same number: the middle order statistics are unique.
 */

/** Below this many numbers, quickselect alone is as fast. */
const RADIX_FROM = 4096;
const GROUPS = 1 << 16;
/** Which of a double's two 32-bit words holds its sign and exponent on this machine. */
const HIGH = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOW = 1 - HIGH;

/** The median: the middle value, or the mean of the two middle values; reorders `values`. */
export function median(values: Float64Array): number {
  const n = values.length;
  if (n >= RADIX_FROM) {
    const found = radixMedian(values);
    if (found !== undefined) return found;
  }
  return medianBySelection(values);
}

/** Hoare's quickselect, O(n) on average rather than a full sort. */
export function medianBySelection(values: Float64Array): number {
  const n = values.length;
  const upper = selectKth(values, n >> 1);
  if (n % 2) return upper;
  return (largestBefore(values, n >> 1) + upper) / 2;
}

/** The median by the numbers' top bits; undefined when a number is NaN, negative or -0 (their bits do not sort). */
function radixMedian(values: Float64Array): number | undefined {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const counts = new Int32Array(GROUPS);
  for (let i = 0; i < n; i++) {
    const high = words[2 * i + HIGH];
    // Above +Infinity's high word: the sign bit (a negative number or -0), or a NaN; and a NaN with that high word.
    if (high > 0x7ff00000 || (high === 0x7ff00000 && words[2 * i + LOW] !== 0)) return undefined;
    counts[high >>> 16]++;
  }
  const upperRank = n >> 1;
  // The group holding the upper middle, and how many numbers lie in the groups below it.
  let group = 0;
  let below = 0;
  while (below + counts[group] <= upperRank) below += counts[group++];
  const members = new Float64Array(counts[group]);
  let m = 0;
  let largestBelow = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const key = words[2 * i + HIGH] >>> 16;
    if (key === group) members[m++] = values[i];
    else if (key < group && values[i] > largestBelow) largestBelow = values[i];
  }
  const upper = selectKth(members, upperRank - below);
  if (n % 2) return upper;
  // The lower middle: in the same group, or the largest number of the groups below.
  const lower = upperRank - 1 >= below ? largestBefore(members, upperRank - below) : largestBelow;
  return (lower + upper) / 2;
}

/** After selectKth(values, k): the largest of values[0..k), the (k-1)-th smallest. */
export function largestBefore(values: Float64Array, k: number): number {
  let largest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < k; i++) if (values[i] > largest) largest = values[i];
  return largest;
}

/** The k-th smallest value, moved to `values[k]` with none larger before it and none smaller after. */
export function selectKth(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >> 1];
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i++] = values[j];
        values[j--] = t;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return values[k];
  }
  return values[k];
}
