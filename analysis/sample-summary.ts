/**
 * The sufficient statistics of a continuous sample, as GrowthBook's gbstats
 * organises them: enough to run every mean-based test without the raw values,
 * so a database aggregate can feed the analysis directly.
 */
export interface SampleSummary {
  n: number;
  mean: number;
  /** Sample variance (denominator n − 1); 0 when n < 2. */
  variance: number;
}

/**
 * Count, mean and sample variance of the values, by two passes (stable even
 * for large amounts with small spread).
 *
 * @example
 * summarizeSample([1, 2, 3, 4, 5]); // => { n: 5, mean: 3, variance: 2.5 }
 */
export function summarizeSample(values: ArrayLike<number>): SampleSummary {
  const n = values.length;
  if (n === 0) return { n: 0, mean: 0, variance: 0 };
  let sum = 0;
  for (let index = 0; index < n; index += 1) sum += values[index]!;
  const mean = sum / n;
  let sumOfSquaredDeviations = 0;
  let sumOfDeviations = 0;
  for (let index = 0; index < n; index += 1) {
    const deviation = values[index]! - mean;
    sumOfSquaredDeviations += deviation * deviation;
    sumOfDeviations += deviation;
  }
  // The correction term removes the rounding left in the mean (Chan, Golub & LeVeque).
  const variance = n < 2 ? 0 : (sumOfSquaredDeviations - (sumOfDeviations * sumOfDeviations) / n) / (n - 1);
  return { n, mean, variance: Math.max(0, variance) };
}

/**
 * The same summary from a count, a sum and a sum of squares, as a SQL
 * aggregate gives them.
 *
 * @example
 * summaryFromSums(5, 15, 55); // => { n: 5, mean: 3, variance: 2.5 }
 */
export function summaryFromSums(n: number, sum: number, sumOfSquares: number): SampleSummary {
  if (n === 0) return { n: 0, mean: 0, variance: 0 };
  const mean = sum / n;
  const variance = n < 2 ? 0 : Math.max(0, (sumOfSquares - (sum * sum) / n) / (n - 1));
  return { n, mean, variance };
}
