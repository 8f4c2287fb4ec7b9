/**
 * The median of a long run of numbers computed one at a time and not kept. CL012 takes the
 * median of what one liquidation would hand the liquidator over every position of a book:
 * an array of a million numbers and two passes over it (median.ts) cost ~25 ms, this one
 * pass ~10 ms.
 *
 * How: a sample of the numbers (taken by the caller, evenly spaced over the book) picks a
 * window [low, high] around its own middle, wide enough that the whole run's middle lies
 * in it unless the sample misleads badly (six standard deviations of where a sample's
 * middle falls). The pass counts the numbers below the window and keeps only those inside;
 * quickselect finds the middle among those. The middle order statistics of a run are unique
 * numbers, so this gives exactly what median() gives on all of them.
 *
 * When it cannot tell (the middle falls outside the window, more numbers than its room fall
 * inside, a NaN turns up, or the sample holds a number <= 0, where -0 and 0 would be
 * told apart by the order of selection), median() is undefined and the caller takes the
 * median of all the numbers instead: slower, the same result.
 */
import { largestBefore, selectKth } from "./median";

/** Below this many sampled numbers the window is not worth it. */
const MIN_SAMPLE = 64;

export class WindowedMedian {
  private below = 0;
  private total = 0;
  private kept = 0;
  private failed = false;
  /** The numbers inside the window, and one slot more that each number is written to before it is known to be kept. */
  private readonly inside: Float64Array;

  private constructor(
    private readonly low: number,
    private readonly high: number,
    private readonly room: number,
  ) {
    this.inside = new Float64Array(room + 1);
  }

  /**
   * A window for a run of at most `length` numbers, from a sample of them (reordered);
   * undefined when the sample is too small or holds a number that is not > 0.
   */
  static around(sample: Float64Array, length: number): WindowedMedian | undefined {
    const size = sample.length;
    if (size < MIN_SAMPLE) return undefined;
    sample.sort();
    // NaN sorts last, so "every number > 0" is the first one's test and the last one's not being NaN.
    if (!(sample[0] > 0) || Number.isNaN(sample[size - 1])) return undefined;
    // Where the run's middle falls in a sample has a standard deviation of about sqrt(size)/2 ranks.
    const margin = Math.ceil(3 * Math.sqrt(size));
    const middle = size >> 1;
    const low = sample[Math.max(0, middle - margin)];
    const high = sample[Math.min(size - 1, middle + margin)];
    // The window holds about (2 margin / size) of the run; room for twice that.
    const room = Math.min(length, Math.ceil((length * 4 * margin) / size) + 1024);
    return new WindowedMedian(low, high, room);
  }

  /**
   * Adds numbers[0, count). Without branches: whether a number falls below, inside or above
   * the window is close to random, and a mispredicted branch per number tripled the time.
   */
  add(numbers: Float64Array, count: number): void {
    const { low, high, room, inside } = this;
    let { kept, below } = this;
    let overflow = 0;
    let nan = 0;
    for (let j = 0; j < count; j++) {
      const value = numbers[j];
      inside[kept] = value;
      kept += +(value >= low) & +(value <= high);
      below += +(value < low);
      nan |= +(value !== value);
      // Past the room: flagged, and the extra slot is written over from then on.
      overflow |= +(kept > room);
      kept -= +(kept > room);
    }
    this.kept = kept;
    this.below = below;
    this.total += count;
    if (overflow | nan) this.failed = true;
  }

  /** The median of the numbers added, or undefined when the window cannot tell it. */
  median(): number | undefined {
    const n = this.total;
    if (this.failed || n === 0) return undefined;
    const upperRank = n >> 1;
    const lowerRank = n % 2 ? upperRank : upperRank - 1;
    if (lowerRank < this.below || upperRank >= this.below + this.kept) return undefined;
    const inside = this.inside.subarray(0, this.kept);
    const upper = selectKth(inside, upperRank - this.below);
    if (n % 2) return upper;
    return (largestBefore(inside, upperRank - this.below) + upper) / 2;
  }
}
