import { normalCdf } from './distributions';
import { unavailable, type Unavailable } from './unavailable';

export interface ChanceToBeatControlResult {
  available: true;
  /** P(effect > 0) under the posterior. */
  chanceToBeatControl: number;
  /** E[max(0, −effect)]: what choosing the treatment is expected to lose, in the effect's unit. */
  expectedLossTreatment: number;
  /** E[max(0, effect)]: what keeping the control is expected to lose. */
  expectedLossControl: number;
}

const standardNormalDensity = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/**
 * Bayesian chance to beat control and expected losses under a flat prior with
 * a normal approximation, as GrowthBook's Bayesian engine: the posterior of
 * the effect is N(estimate, standardError²). Pass the relative lift and its
 * delta-method standard error to match gbstats' default (relative) scale.
 *
 * @example
 * chanceToBeatControl(0.1, 0.05).chanceToBeatControl; // => 0.9772…
 */
export function chanceToBeatControl(estimate: number, standardError: number): ChanceToBeatControlResult | Unavailable {
  if (!Number.isFinite(estimate) || !(standardError > 0)) return unavailable('the effect has no positive standard error');
  const z = estimate / standardError;
  const density = standardNormalDensity(z);
  return {
    available: true,
    chanceToBeatControl: normalCdf(z),
    expectedLossTreatment: standardError * density - estimate * normalCdf(-z),
    expectedLossControl: standardError * density + estimate * normalCdf(z),
  };
}
