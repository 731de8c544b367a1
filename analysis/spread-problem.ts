import type { SampleSummary } from './sample-summary';

/**
 * Why mean-based tests fail for these two arms, naming the arms at fault:
 * sums or variances that overflow the double range, or no spread at all in
 * both arms (every value the same). undefined when the spread is usable.
 *
 * @example
 * spreadProblem('treatment', { n: 3, mean: 4, variance: 0 }, 'control', { n: 3, mean: 5, variance: 0 });
 * // => 'every value is the same within arm "treatment" (4) and within arm "control" (5): with zero variance in both arms the t-test, the lift interval and the equivalence test are undefined'
 */
export function spreadProblem(arm: string, treatment: SampleSummary, control: string, baseline: SampleSummary): string | undefined {
  const overflowing = [
    [arm, treatment],
    [control, baseline],
  ].filter(([, summary]) => !Number.isFinite((summary as SampleSummary).mean) || !Number.isFinite((summary as SampleSummary).variance));
  if (overflowing.length > 0) {
    const names = overflowing.map(([name]) => `"${name as string}"`).join(' and ');
    return `the values of arm${overflowing.length > 1 ? 's' : ''} ${names} are too large: their sum or variance overflows, so mean-based figures cannot be computed`;
  }
  if (treatment.n >= 2 && baseline.n >= 2 && treatment.variance === 0 && baseline.variance === 0) {
    return `every value is the same within arm "${arm}" (${treatment.mean}) and within arm "${control}" (${baseline.mean}): with zero variance in both arms the t-test, the lift interval and the equivalence test are undefined`;
  }
  return undefined;
}
