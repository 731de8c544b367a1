import { normalCdf, normalQuantile } from './distributions';
import { findRoot } from './find-root';

export interface ProportionPowerInput {
  controlRate: number;
  treatmentRate: number;
  alpha?: number;
}

/**
 * The power of a two-sided test of two proportions with `perArm` in each arm,
 * as R's `power.prop.test(n, p1, p2, sig.level)`.
 *
 * @example
 * powerOfProportionTest(200, { controlRate: 0.5, treatmentRate: 0.65 }); // => 0.8…
 */
export function powerOfProportionTest(perArm: number, { controlRate, treatmentRate, alpha = 0.05 }: ProportionPowerInput): number {
  for (const rate of [controlRate, treatmentRate]) if (!(rate > 0 && rate < 1)) throw new RangeError(`rates must lie strictly between 0 and 1, got ${rate}`);
  if (!(perArm > 0)) throw new RangeError(`need a positive sample size, got ${perArm}`);
  const critical = normalQuantile(1 - alpha / 2);
  const difference = Math.abs(controlRate - treatmentRate);
  const spreadUnderNull = Math.sqrt(((controlRate + treatmentRate) * (2 - controlRate - treatmentRate)) / 2);
  const spreadUnderAlternative = Math.sqrt(controlRate * (1 - controlRate) + treatmentRate * (1 - treatmentRate));
  return normalCdf((Math.sqrt(perArm) * difference - critical * spreadUnderNull) / spreadUnderAlternative);
}

/**
 * The participants per arm (not rounded) for the target power, as R's
 * `power.prop.test(p1, p2, sig.level, power)`.
 *
 * @example
 * sampleSizeForProportionTest({ controlRate: 0.5, treatmentRate: 0.65, power: 0.8 }); // => 167.0…
 */
export function sampleSizeForProportionTest(input: ProportionPowerInput & { power: number }): number {
  if (!(input.power > 0 && input.power < 1)) throw new RangeError('power must be between 0 and 1');
  if (input.controlRate === input.treatmentRate) throw new RangeError('the two rates must differ');
  return findRoot((perArm) => powerOfProportionTest(perArm, input) - input.power, 2, 1e9, 1e-10);
}
