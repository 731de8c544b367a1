import { normalCdf } from './distributions';
import type { ProportionSummary } from './proportion-summary';
import { unavailable, type Unavailable } from './unavailable';
import type { EquivalenceTestResult } from './welch-equivalence-test';

/**
 * Two one-sided tests (TOST) of whether the risk difference (treatment rate −
 * control rate) lies within ±`margin` (a proportion, 0.05 = 5 percentage
 * points), by the normal approximation with the unpooled (Wald) standard error
 * √(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀), as statsmodels'
 * `tost_proportions_2indep(..., compare="diff", method="wald")`. The
 * approximation needs some events in both arms; with every outcome equal the
 * standard error is 0 and the test is unavailable.
 *
 * @example
 * riskDifferenceEquivalenceTest({ n: 400, count: 120 }, { n: 400, count: 124 }, 0.08).pValue; // => 0.0046…
 * @throws RangeError for a margin outside (0, 1).
 */
export function riskDifferenceEquivalenceTest(treatment: ProportionSummary, control: ProportionSummary, margin: number): EquivalenceTestResult | Unavailable {
  if (!(margin > 0 && margin < 1)) throw new RangeError(`the equivalence margin of a rate must lie between 0 and 1, got ${margin}`);
  if (treatment.n === 0 || control.n === 0) return unavailable('an arm is empty: equivalence cannot be tested');
  const treatmentRate = treatment.count / treatment.n;
  const controlRate = control.count / control.n;
  const standardError = Math.sqrt((treatmentRate * (1 - treatmentRate)) / treatment.n + (controlRate * (1 - controlRate)) / control.n);
  if (!(standardError > 0)) return unavailable('every participant in both arms had the same outcome: the normal approximation for equivalence is undefined');
  const difference = treatmentRate - controlRate;
  const pLower = normalCdf(-(difference + margin) / standardError);
  const pUpper = normalCdf((difference - margin) / standardError);
  return { available: true, pValue: Math.max(pLower, pUpper), pLower, pUpper };
}
