/**
 * The k-th smallest value (0-based) of `values`, which it reorders in place:
 * afterwards everything before index k is no larger and everything after no
 * smaller (Hoare's selection, median-of-three pivots): linear time on
 * average, where a sort takes n log n.
 */
function selectInPlace(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (high > low) {
    const middle = (low + high) >>> 1;
    // Median of three as the pivot, so sorted or reversed input stays linear.
    const [a, b, c] = [values[low]!, values[middle]!, values[high]!];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let left = low;
    let right = high;
    while (left <= right) {
      while (values[left]! < pivot) left++;
      while (values[right]! > pivot) right--;
      if (left <= right) {
        const swapped = values[left]!;
        values[left++] = values[right]!;
        values[right--] = swapped;
      }
    }
    if (k <= right) high = right;
    else if (k >= left) low = left;
    else return values[k]!;
  }
  return values[k]!;
}

/**
 * The median: the middle value, or the mean of the two middle values.
 * Leaves the input untouched. Undefined for an empty sample. Found by
 * selection on a copy, not a sort (a million values in a few milliseconds);
 * a sample holding NaN is sorted as before (NaN sorts last).
 *
 * @example
 * median([5, 1, 3, 2]); // => 2.5
 */
export function median(values: ArrayLike<number>): number | undefined {
  if (values.length === 0) return undefined;
  const copy = Float64Array.from(values);
  if (copy.some(Number.isNaN)) {
    const sorted = copy.sort();
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  }
  const upper = copy.length >> 1;
  const upperValue = selectInPlace(copy, upper);
  if (copy.length % 2 === 1) return upperValue;
  // Everything before `upper` is no larger than it: the lower middle is the largest of them.
  let lowerValue = copy[0]!;
  for (let index = 1; index < upper; index++) if (copy[index]! > lowerValue) lowerValue = copy[index]!;
  return (lowerValue + upperValue) / 2;
}

/**
 * The median of values already in ascending order (NaN last, as
 * sortedCopy gives them): the middle value, or the mean of the two middle
 * values; undefined for an empty sample. Constant time.
 *
 * @example
 * medianOfSorted(sortedCopy([5, 1, 3, 2])); // => 2.5
 */
export function medianOfSorted(sorted: ArrayLike<number>): number | undefined {
  if (sorted.length === 0) return undefined;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
