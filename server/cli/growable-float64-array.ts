/**
 * A Float64Array that grows as values are pushed, doubling its capacity when
 * full, so a column of a million numbers costs 8 MB (16 MB at worst) instead
 * of a JavaScript array of boxed values.
 *
 * @example
 * const column = new GrowableFloat64Array();
 * column.push(2.5); column.push(4);
 * column.values(); // => Float64Array [2.5, 4]
 */
export class GrowableFloat64Array {
  private buffer: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = new Float64Array(Math.max(1, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const larger = new Float64Array(this.buffer.length * 2);
      larger.set(this.buffer);
      this.buffer = larger;
    }
    this.buffer[this.length++] = value;
  }

  /** The values pushed so far, as a view (not a copy) of the buffer. */
  values(): Float64Array {
    return this.buffer.subarray(0, this.length);
  }
}
