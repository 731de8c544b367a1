import { studentTQuantile, twoSidedTPValue } from './distributions';
import type { SampleSummary } from './sample-summary';
import { unavailable, type Unavailable } from './unavailable';
import { welchDegreesOfFreedom } from './welch-degrees-of-freedom';

export interface RelativeLiftResult {
  available: true;
  /** (treatment mean − control mean) / control mean, for a positive control mean. */
  lift: number;
  /** Delta-method standard error of the lift. */
  standardError: number;
  degreesOfFreedom: number;
  pValue: number;
  confidenceInterval: [number, number];
}

/**
 * The relative lift of treatment over control with a delta-method standard
 * error and a Welch-degrees-of-freedom t interval, as GrowthBook's gbstats
 * frequentist engine computes it (`TwoSidedTTest`, relative difference):
 * Var = s²_t / (μ_c² n_t) + s²_c μ_t² / (μ_c⁴ n_c). A relative change is only
 * meaningful against a positive baseline, so a control mean of 0 or below
 * gives no lift (dividing by |mean| would turn the sign of the story).
 *
 * @example
 * relativeLift({ n: 100, mean: 110, variance: 400 }, { n: 100, mean: 100, variance: 400 }).lift; // => 0.1
 */
export function relativeLift(treatment: SampleSummary, control: SampleSummary, confidenceLevel = 0.95): RelativeLiftResult | Unavailable {
  if (treatment.n < 2 || control.n < 2) return unavailable('each arm needs at least 2 values for a relative lift');
  if (!(control.mean > 0)) return unavailable(`the control mean is 0 or below (${control.mean}): a relative lift is undefined`);
  const controlMeanSquared = control.mean * control.mean;
  const variance =
    treatment.variance / (controlMeanSquared * treatment.n) +
    (control.variance * treatment.mean * treatment.mean) / (controlMeanSquared * controlMeanSquared * control.n);
  if (!(variance > 0)) {
    // With the control varying, the variance is 0 only when the treatment is 0 throughout (its term and the control's, scaled by μ_t², vanish).
    return unavailable(
      control.variance > 0
        ? 'the treatment mean is 0 with no variance (a rate of 0%): the delta-method standard error of the lift (−100%) is 0, so the lift has no interval'
        : 'both arms have zero variance: the lift has no interval',
    );
  }
  const degreesOfFreedom = welchDegreesOfFreedom(treatment, control);
  const lift = (treatment.mean - control.mean) / control.mean;
  const standardError = Math.sqrt(variance);
  if (!Number.isFinite(degreesOfFreedom) || !Number.isFinite(lift) || !Number.isFinite(standardError)) {
    return unavailable('the values are too small or too large to compute a relative lift');
  }
  const margin = studentTQuantile(1 - (1 - confidenceLevel) / 2, degreesOfFreedom) * standardError;
  return {
    available: true,
    lift,
    standardError,
    degreesOfFreedom,
    pValue: twoSidedTPValue(lift / standardError, degreesOfFreedom),
    confidenceInterval: [lift - margin, lift + margin],
  };
}
