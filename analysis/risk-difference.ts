import { chiSquareUpperTail } from './distributions';
import type { ProportionSummary } from './proportion-summary';
import { unavailable, type Unavailable } from './unavailable';
import { wilsonInterval } from './wilson-interval';

export interface RiskDifferenceResult {
  available: true;
  /** Treatment rate minus control rate. */
  difference: number;
  /** Newcombe's hybrid score interval (method 10). */
  confidenceInterval: [number, number];
  /** Pearson chi-square of the 2×2 table without continuity correction. */
  chiSquare: number | null;
  /** Its p-value; null when every participant had the same outcome. */
  pValue: number | null;
}

/**
 * The difference between two rates with Newcombe's hybrid score interval (as
 * statsmodels' `confint_proportions_2indep(..., method="newcomb")`) and the
 * chi-square test of equal rates (as R's `prop.test(correct = FALSE)`).
 *
 * @example
 * riskDifference({ n: 100, count: 30 }, { n: 100, count: 20 }).difference; // => 0.1
 */
export function riskDifference(
  treatment: ProportionSummary,
  control: ProportionSummary,
  confidenceLevel = 0.95,
): RiskDifferenceResult | Unavailable {
  if (treatment.n === 0 || control.n === 0) return unavailable('an arm is empty: rates cannot be compared');
  const treatmentRate = treatment.count / treatment.n;
  const controlRate = control.count / control.n;
  const [treatmentLower, treatmentUpper] = wilsonInterval(treatment.count, treatment.n, confidenceLevel);
  const [controlLower, controlUpper] = wilsonInterval(control.count, control.n, confidenceLevel);
  const difference = treatmentRate - controlRate;
  const lower = difference - Math.sqrt((treatmentRate - treatmentLower) ** 2 + (controlUpper - controlRate) ** 2);
  const upper = difference + Math.sqrt((treatmentUpper - treatmentRate) ** 2 + (controlRate - controlLower) ** 2);

  const total = treatment.n + control.n;
  const pooledRate = (treatment.count + control.count) / total;
  let chiSquare: number | null = null;
  if (pooledRate > 0 && pooledRate < 1) {
    const squaredStandardError = pooledRate * (1 - pooledRate) * (1 / treatment.n + 1 / control.n);
    chiSquare = (difference * difference) / squaredStandardError;
  }
  return {
    available: true,
    difference,
    confidenceInterval: [lower, upper],
    chiSquare,
    pValue: chiSquare === null ? null : chiSquareUpperTail(chiSquare, 1),
  };
}
