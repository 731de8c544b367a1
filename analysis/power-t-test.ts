import { studentTQuantile } from './distributions';
import { findRoot } from './find-root';
import { noncentralTCdf } from './noncentral-t-cdf';

export interface MeanPowerInput {
  /** The smallest difference in means worth detecting, in the outcome's unit. */
  minimumDetectableEffect: number;
  /** The outcome's standard deviation, in the same unit. */
  standardDeviation: number;
  /** Two-sided significance level; default 0.05. */
  alpha?: number;
}

/**
 * The power of a two-sided two-sample t-test with `perArm` participants in
 * each arm, as R's `power.t.test(n, delta, sd, sig.level)`.
 *
 * @example
 * powerOfTTest(64, { minimumDetectableEffect: 0.5, standardDeviation: 1 }); // => 0.8014…
 */
export function powerOfTTest(perArm: number, { minimumDetectableEffect, standardDeviation, alpha = 0.05 }: MeanPowerInput): number {
  if (!(perArm >= 2)) throw new RangeError(`need at least 2 per arm, got ${perArm}`);
  if (!(standardDeviation > 0)) throw new RangeError('the standard deviation must be positive');
  const degreesOfFreedom = 2 * (perArm - 1);
  const critical = studentTQuantile(1 - alpha / 2, degreesOfFreedom);
  const noncentrality = Math.sqrt(perArm / 2) * (Math.abs(minimumDetectableEffect) / standardDeviation);
  return 1 - noncentralTCdf(critical, degreesOfFreedom, noncentrality);
}

/**
 * The participants per arm (not rounded) that give a two-sided two-sample
 * t-test the target power, as R's `power.t.test(delta, sd, sig.level, power)`.
 * Round up for a plan.
 *
 * @example
 * sampleSizeForTTest({ minimumDetectableEffect: 0.5, standardDeviation: 1, power: 0.8 }); // => 63.7657…
 */
export function sampleSizeForTTest(input: MeanPowerInput & { power: number }): number {
  if (!(input.power > 0 && input.power < 1)) throw new RangeError('power must be between 0 and 1');
  if (!(input.minimumDetectableEffect !== 0)) throw new RangeError('the minimum detectable effect must not be 0');
  return findRoot((perArm) => powerOfTTest(perArm, input) - input.power, 2, 1e9, 1e-10);
}
