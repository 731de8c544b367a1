import type { SampleSummary } from './sample-summary';

/**
 * The Welch–Satterthwaite degrees of freedom of a difference of two means
 * with unequal variances: (s²₁/n₁ + s²₂/n₂)² / ((s²₁/n₁)²/(n₁−1) + (s²₂/n₂)²/(n₂−1)).
 * NaN when both variances are 0 or an arm has fewer than 2 values.
 *
 * @example
 * welchDegreesOfFreedom({ n: 10, mean: 0, variance: 4 }, { n: 12, mean: 0, variance: 9 }); // => 19.3…
 */
export function welchDegreesOfFreedom(first: SampleSummary, second: SampleSummary): number {
  const firstTerm = first.variance / first.n;
  const secondTerm = second.variance / second.n;
  return (firstTerm + secondTerm) ** 2 / ((firstTerm * firstTerm) / (first.n - 1) + (secondTerm * secondTerm) / (second.n - 1));
}
