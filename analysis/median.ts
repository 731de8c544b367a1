/**
 * The median: the middle value, or the mean of the two middle values.
 * Leaves the input untouched. Undefined for an empty sample.
 *
 * @example
 * median([5, 1, 3, 2]); // => 2.5
 */
export function median(values: ArrayLike<number>): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
