import { studentTQuantile, twoSidedTPValue } from './distributions';
import type { SampleSummary } from './sample-summary';
import { unavailable, type Unavailable } from './unavailable';
import { welchDegreesOfFreedom } from './welch-degrees-of-freedom';

export interface WelchTTestResult {
  available: true;
  /** Treatment mean minus control mean. */
  difference: number;
  standardError: number;
  degreesOfFreedom: number;
  t: number;
  pValue: number;
  confidenceInterval: [number, number];
}

/**
 * Welch's two-sample t-test of treatment against control (unequal variances,
 * Welch–Satterthwaite degrees of freedom), as R's
 * `t.test(treatment, control, var.equal = FALSE)`.
 *
 * @example
 * welchTTest({ n: 3, mean: 5, variance: 1 }, { n: 3, mean: 2, variance: 1 }).pValue; // => 0.0191…
 */
export function welchTTest(treatment: SampleSummary, control: SampleSummary, confidenceLevel = 0.95): WelchTTestResult | Unavailable {
  if (treatment.n < 2 || control.n < 2) return unavailable('each arm needs at least 2 values for a t-test');
  const squaredStandardError = treatment.variance / treatment.n + control.variance / control.n;
  if (!(squaredStandardError > 0)) return unavailable('both arms have zero variance: the t-test is undefined');
  const standardError = Math.sqrt(squaredStandardError);
  const degreesOfFreedom = welchDegreesOfFreedom(treatment, control);
  const difference = treatment.mean - control.mean;
  const t = difference / standardError;
  if (!Number.isFinite(degreesOfFreedom) || !Number.isFinite(t)) return unavailable('the variances are too small to compute the t-test');
  const margin = studentTQuantile(1 - (1 - confidenceLevel) / 2, degreesOfFreedom) * standardError;
  return {
    available: true,
    difference,
    standardError,
    degreesOfFreedom,
    t,
    pValue: twoSidedTPValue(t, degreesOfFreedom),
    confidenceInterval: [difference - margin, difference + margin],
  };
}
