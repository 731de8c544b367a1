import { chiSquareUpperTail } from './distributions';

export interface SampleRatioMismatchResult {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  /** Participants per arm, as observed and as the planned weights expect. */
  observed: number[];
  expected: number[];
  /** False only when p < threshold and every arm has at least `minimumPerArm` participants. */
  ok: boolean;
  /** Whether every arm is expected to hold enough participants (at the planned weights) for the check to count. */
  checked: boolean;
}

/**
 * The sample-ratio-mismatch check: a chi-square goodness-of-fit test of the
 * arm sizes against the planned weights (as R's `chisq.test(counts, p = w)`).
 * A mismatch means randomisation or logging is broken, so every effect is
 * suspect. Flagged at p < 0.001, and only once every arm is *expected* to hold
 * 8 participants: the chi-square approximation needs large expected counts,
 * not observed ones — waiting for 8 observed in every arm would never flag
 * the worst mismatch of all, an arm that gets nobody.
 *
 * @example
 * sampleRatioMismatch([500, 430], [1, 1]).pValue; // => 0.0217… (ok: true, since p ≥ 0.001)
 * @throws RangeError when counts and weights differ in length or a weight is not positive.
 */
export function sampleRatioMismatch(
  observed: readonly number[],
  weights: readonly number[],
  { threshold = 0.001, minimumPerArm = 8 } = {},
): SampleRatioMismatchResult {
  if (observed.length !== weights.length || observed.length < 2) {
    throw new RangeError(`need one weight per arm and at least 2 arms, got ${observed.length} counts and ${weights.length} weights`);
  }
  if (weights.some((weight) => !(weight > 0))) throw new RangeError('every planned weight must be positive');
  const total = observed.reduce((sum, count) => sum + count, 0);
  const weightTotal = weights.reduce((sum, weight) => sum + weight, 0);
  const expected = weights.map((weight) => (total * weight) / weightTotal);
  const chiSquare = total === 0 ? 0 : observed.reduce((sum, count, index) => sum + (count - expected[index]!) ** 2 / expected[index]!, 0);
  const degreesOfFreedom = observed.length - 1;
  const pValue = total === 0 ? 1 : chiSquareUpperTail(chiSquare, degreesOfFreedom);
  const checked = total > 0 && expected.every((count) => count >= minimumPerArm);
  return { chiSquare, degreesOfFreedom, pValue, observed: [...observed], expected, ok: !(checked && pValue < threshold), checked };
}
