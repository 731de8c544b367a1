/**
 * The values in ascending order, as a new Float64Array (the input is left
 * untouched; NaN sorts last, as Float64Array's own sort puts it). Sorted once
 * per arm, one copy serves the arm's median and every rank test the arm is
 * in (see analyzeExperiment), where each would otherwise sort its own copy.
 *
 * @example
 * sortedCopy([3, 1, 2]); // => Float64Array [1, 2, 3]
 */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  // A typed array is copied by the constructor's fast path; anything else element by element.
  return (ArrayBuffer.isView(values) ? new Float64Array(values as unknown as Float64Array) : Float64Array.from(values)).sort();
}
