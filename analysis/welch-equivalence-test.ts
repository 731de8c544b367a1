import { studentTCdf } from './distributions';
import type { SampleSummary } from './sample-summary';
import { unavailable, type Unavailable } from './unavailable';
import { welchDegreesOfFreedom } from './welch-degrees-of-freedom';

export interface EquivalenceTestResult {
  available: true;
  /** The larger of the two one-sided p-values: equivalence is shown at level α when it is below α. */
  pValue: number;
  /** p of H0: difference ≤ −margin against "greater". */
  pLower: number;
  /** p of H0: difference ≥ +margin against "less". */
  pUpper: number;
}

/**
 * Two one-sided Welch t-tests (TOST, Schuirmann 1987) of whether the
 * difference in means (treatment − control) lies within ±`margin`, as R's
 * `t.test(x, y, mu = -margin, alternative = "greater")` and
 * `t.test(x, y, mu = margin, alternative = "less")`; the TOST p is the larger.
 *
 * @example
 * welchEquivalenceTest({ n: 50, mean: 10.1, variance: 4 }, { n: 50, mean: 10, variance: 4 }, 1).pValue; // => 0.0077…
 * @throws RangeError for a margin that is not positive.
 */
export function welchEquivalenceTest(treatment: SampleSummary, control: SampleSummary, margin: number): EquivalenceTestResult | Unavailable {
  if (!(margin > 0) || !Number.isFinite(margin)) throw new RangeError(`the equivalence margin must be a positive number, got ${margin}`);
  if (treatment.n < 2 || control.n < 2) return unavailable('each arm needs at least 2 values for an equivalence test');
  const squaredStandardError = treatment.variance / treatment.n + control.variance / control.n;
  if (!(squaredStandardError > 0) || !Number.isFinite(squaredStandardError)) return unavailable('the difference has no finite, positive standard error: equivalence cannot be tested');
  const standardError = Math.sqrt(squaredStandardError);
  const degreesOfFreedom = welchDegreesOfFreedom(treatment, control);
  const difference = treatment.mean - control.mean;
  const pLower = studentTCdf(-(difference + margin) / standardError, degreesOfFreedom);
  const pUpper = studentTCdf((difference - margin) / standardError, degreesOfFreedom);
  return { available: true, pValue: Math.max(pLower, pUpper), pLower, pUpper };
}
