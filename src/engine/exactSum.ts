/**
 * A sum of doubles that does not depend on the order they are added in: the exact sum,
 * rounded once to the nearest double (ties to even).
 *
 * Why: a round's liquidations may be visited in any order (SPEC section 4: "order does not
 * matter"), and a plain `+=` makes the last bits of every sum depend on that order. With
 * these sums the threshold index, a full scan and a book whose rows were shuffled give the
 * same bits, so a faster path can be proven equal to the plain one byte for byte.
 *
 * How: a fixed-point "superaccumulator" (after Neal, "Fast exact summation using small and
 * large superaccumulators", 2015), held in doubles. Every finite double is an integer
 * multiple of 2^-1074; the accumulator keeps that integer as 32-bit digits, digit c worth
 * 2^(32c-1074). A summand is split exactly into the three digits it spans and each is
 * added to its digit: integers below 2^53 add exactly in doubles, and a digit takes 2^20
 * additions of less than 2^32 before carries must be propagated. A few flops per summand,
 * no branch on the data; the one rounding happens in value().
 *
 * Past the double range (a summand or the result is not finite) the sum is what a plain
 * sum gives there: Infinity, or NaN.
 */
const DIGITS = 68; // (2046 + 52) / 32 digits for any double, plus room for carries
const DIGIT = 2 ** 32;
const WIDE = 2 ** 64;
/** Additions between carries: each digit stays below 2^20 * 2^32 = 2^52 in magnitude. */
const ADDS_BETWEEN_CARRIES = 1 << 20;
/** 2^(32c - 1074): the value of one unit of digit c, for the digits a summand starts in, and its inverse where that is a double (c >= 2). */
const DIGIT_UNIT = Float64Array.from({ length: 64 }, (_, c) => scale(1, 32 * c - 1074));
const PER_UNIT = Float64Array.from({ length: 64 }, (_, c) => (c >= 2 ? scale(1, 1074 - 32 * c) : Number.NaN));

// The exponent of a double, read from its bits.
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

export class ExactSum {
  private readonly digits = new Float64Array(DIGITS);
  private adds = 0;
  /** The plain sum of the summands that are not finite (0 while there are none). */
  private nonFinite = 0;

  add(x: number): void {
    if (x - x !== 0) {
      // Infinity or NaN: Infinity - Infinity and NaN - NaN are NaN.
      this.nonFinite += x;
      return;
    }
    bits[0] = x;
    // The lowest bit x can have is 2^(e - 1075) for a biased exponent e (e = 0: subnormal, as e = 1).
    const lowestBit = Math.max((words[HIGH_WORD] >>> 20) & 0x7ff, 1) - 1;
    const c = lowestBit >>> 5;
    // x in units of digit c: an integer below 2^84 (53 bits shifted by at most 31), exact.
    const units = c >= 2 ? x * PER_UNIT[c] : x / DIGIT_UNIT[c];
    const top = Math.trunc(units * (1 / WIDE));
    const rest = units - top * WIDE;
    const middle = Math.trunc(rest * (1 / DIGIT));
    const digits = this.digits;
    digits[c] += rest - middle * DIGIT;
    digits[c + 1] += middle;
    digits[c + 2] += top;
    if (++this.adds === ADDS_BETWEEN_CARRIES) this.carry();
  }

  /** The exact sum, correctly rounded (0 when nothing was added). */
  value(): number {
    if (this.nonFinite !== 0 || Number.isNaN(this.nonFinite)) return this.nonFinite;
    this.carry();
    let total = 0n;
    for (let c = DIGITS - 1; c >= 0; c--) total = (total << 32n) + BigInt(this.digits[c]);
    return roundScaled(total);
  }

  /** Adds another exact sum, exactly. */
  addSum(other: ExactSum): void {
    this.nonFinite += other.nonFinite;
    other.carry();
    this.carry();
    // Both in [0, 2^32) but for the top digit, so this counts as one addition.
    for (let c = 0; c < DIGITS; c++) this.digits[c] += other.digits[c];
    this.adds = 1;
  }

  clear(): void {
    this.digits.fill(0);
    this.adds = 0;
    this.nonFinite = 0;
  }

  /** Moves each digit's excess over 32 bits into the next: every digit but the last in [0, 2^32). */
  private carry(): void {
    const digits = this.digits;
    for (let c = 0; c < DIGITS - 1; c++) {
      const carried = Math.floor(digits[c] / DIGIT);
      digits[c] -= carried * DIGIT;
      digits[c + 1] += carried;
    }
    this.adds = 0;
  }
}

/** The double nearest total * 2^-1074 (ties to even). */
function roundScaled(total: bigint): number {
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const length = magnitude.toString(2).length;
  let rounded: number;
  if (length <= 53) {
    // Exact in a double, and a multiple of 2^-1074 stays exact when scaled (subnormals included).
    rounded = scale(Number(magnitude), -1074);
  } else {
    // The top 60 bits with a sticky bit for the rest: Number() rounds those to 53 bits as the whole would round.
    const dropped = BigInt(length - 60);
    let head = magnitude >> dropped;
    if (dropped > 0n && head << dropped !== magnitude) head |= 1n;
    rounded = scale(Number(head), Number(dropped) - 1074);
  }
  return negative ? -rounded : rounded;
}

/** x * 2^exponent, in steps that are each exact while the result is a normal double or exactly representable. */
function scale(x: number, exponent: number): number {
  let result = x;
  let left = exponent;
  // Up first, then down: a value of up to 2^60 scaled toward a subnormal result goes there in one last step.
  while (left > 1000) {
    result *= 2 ** 1000;
    left -= 1000;
  }
  while (left < -1000) {
    result *= 2 ** -1000;
    left += 1000;
  }
  return result * 2 ** left;
}

/** The exact sum of `values` (order-independent), correctly rounded. */
export function exactSum(values: Iterable<number>): number {
  const sum = new ExactSum();
  for (const value of values) sum.add(value);
  return sum.value();
}
