import type { ExpectedDirection } from './chance-in-expected-direction';
import { studentTQuantile } from './distributions';
import { noncentralTCdf } from './noncentral-t-cdf';
import { powerOfProportionTest } from './power-prop-test';
import { unavailable, type Unavailable } from './unavailable';
import { welchDegreesOfFreedom } from './welch-degrees-of-freedom';

export interface AchievedPowerResult {
  available: true;
  power: number;
  /** The formula used, in words a reader can check. */
  method: string;
}

export type AchievedPowerInput =
  | {
      type: 'continuous';
      treatment: { n: number; sd: number };
      control: { n: number; sd: number };
      minimumDetectableEffect: number;
      /** The two-sided level each comparison is tested at (already adjusted for the family). */
      alpha: number;
      expectedDirection: ExpectedDirection | null;
    }
  | {
      type: 'binary';
      treatment: { n: number };
      control: { n: number; rate: number };
      minimumDetectableEffect: number;
      alpha: number;
      expectedDirection: ExpectedDirection | null;
    };

/**
 * The power the data collected so far give a comparison for the planned
 * minimum detectable effect, with the same two-sided test the verdict uses at
 * the family-adjusted α, counting rejections in the hypothesised direction
 * (as R's power.t.test with strict = FALSE).
 *
 * Continuous: Welch, with both arms' observed SDs and sizes — noncentral t
 * with ncp = mde / √(s₁²/n₁ + s₀²/n₀) and Welch–Satterthwaite df; with equal
 * sizes and SDs this is exactly `power.t.test(n, delta, sd, sig.level)`.
 * Binary: `power.prop.test(n = smaller arm, p1 = observed control rate,
 * p2 = p1 ± mde)`, the sign from the hypothesised direction; without one the
 * lower of the two directions.
 *
 * @example
 * achievedPower({ type: 'continuous', treatment: { n: 50, sd: 2800 }, control: { n: 50, sd: 2800 }, minimumDetectableEffect: 1000, alpha: 0.025, expectedDirection: 'lower' }).power; // => 0.3161…
 */
export function achievedPower(input: AchievedPowerInput): AchievedPowerResult | Unavailable {
  const effect = Math.abs(input.minimumDetectableEffect);
  if (!(effect > 0)) return unavailable('the plan has no minimum detectable effect');
  if (input.type === 'continuous') {
    const { treatment, control, alpha } = input;
    if (treatment.n < 2 || control.n < 2) return unavailable('each arm needs at least 2 values to estimate its SD');
    const treatmentTerm = (treatment.sd * treatment.sd) / treatment.n;
    const controlTerm = (control.sd * control.sd) / control.n;
    const standardError = Math.sqrt(treatmentTerm + controlTerm);
    if (!(standardError > 0) || !Number.isFinite(standardError)) return unavailable('both arms have zero (or overflowing) spread: power is undefined');
    const degreesOfFreedom = welchDegreesOfFreedom({ n: treatment.n, mean: 0, variance: treatment.sd ** 2 }, { n: control.n, mean: 0, variance: control.sd ** 2 });
    const critical = studentTQuantile(1 - alpha / 2, degreesOfFreedom);
    const power = 1 - noncentralTCdf(critical, degreesOfFreedom, effect / standardError);
    return {
      available: true,
      power,
      method: `Welch t-test, two-sided at α = ${roundForText(alpha)}, with the observed SDs (${roundForText(treatment.sd)} and ${roundForText(control.sd)}) and sizes (${treatment.n} and ${control.n}) of both arms: noncentral t, df ${roundForText(degreesOfFreedom)}`,
    };
  }
  const { treatment, control, alpha, expectedDirection } = input;
  if (treatment.n < 2 || control.n < 2) return unavailable('each arm needs at least 2 participants');
  if (!(control.rate > 0 && control.rate < 1)) return unavailable(`the control rate is ${control.rate}: power.prop.test needs a rate strictly between 0 and 1`);
  const n = Math.min(treatment.n, control.n);
  const signs = expectedDirection === 'higher' ? [1] : expectedDirection === 'lower' ? [-1] : [1, -1];
  const candidates = signs
    .map((sign) => control.rate + sign * effect)
    .filter((rate) => rate > 0 && rate < 1)
    .map((treatmentRate) => ({ treatmentRate, power: powerOfProportionTest(n, { controlRate: control.rate, treatmentRate, alpha }) }));
  if (candidates.length === 0) return unavailable(`the control rate ${control.rate} ± the minimum detectable effect leaves (0, 1)`);
  const weakest = candidates.reduce((low, candidate) => (candidate.power < low.power ? candidate : low));
  return {
    available: true,
    power: weakest.power,
    method: `power.prop.test(n = ${n} (the smaller arm), p1 = ${roundForText(control.rate)} (observed control rate), p2 = ${roundForText(weakest.treatmentRate)}, sig.level = ${roundForText(alpha)})${expectedDirection === null ? ', the less favourable of the two directions (none is hypothesised)' : ''}`,
  };
}

const roundForText = (value: number): string => String(Number(value.toPrecision(3)));
