/**
 * A column of numbers that grows as values are appended, kept in one
 * Float64Array (doubled when full) rather than an array of boxed numbers:
 * a million values take 8 MB and the analysis reads them as they are.
 *
 * @example
 * const column = new NumberColumn();
 * column.push(2500);
 * column.push(9000);
 * column.values(); // => Float64Array [2500, 9000]
 */
export class NumberColumn {
  private buffer: Float64Array;
  /** How many values were appended. */
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = new Float64Array(Math.max(1, initialCapacity));
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Float64Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = value;
  }

  /** The values appended so far, as a view (no copy) of exactly `length` values. */
  values(): Float64Array {
    return this.buffer.subarray(0, this.length);
  }
}
