/** A binary outcome in one arm: how many, and how many had the outcome (1). */
export interface ProportionSummary {
  n: number;
  count: number;
}

/**
 * Counts the ones among 0/1 values.
 *
 * @example
 * summarizeProportion([1, 0, 1, 1]); // => { n: 4, count: 3 }
 * @throws RangeError when a value is neither 0 nor 1.
 */
export function summarizeProportion(values: ArrayLike<number>): ProportionSummary {
  let count = 0;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (value === 1) count += 1;
    else if (value !== 0) throw new RangeError(`a binary outcome must be 0 or 1, got ${value} at position ${index}`);
  }
  return { n: values.length, count };
}

/**
 * The rate as a sample summary with the Bernoulli variance p(1 − p), the way
 * gbstats treats proportions, so mean-based tools (relative lift) apply.
 *
 * @example
 * proportionAsSample({ n: 10, count: 4 }); // => { n: 10, mean: 0.4, variance: 0.24 }
 */
export function proportionAsSample({ n, count }: ProportionSummary) {
  const rate = n === 0 ? 0 : count / n;
  return { n, mean: rate, variance: rate * (1 - rate) };
}
