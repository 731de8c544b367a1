import { sampleSizeForProportionTest } from './power-prop-test';
import { sampleSizeForTTest } from './power-t-test';

interface PlanCommon {
  /** Arms including the control; K − 1 treatments are each compared with it. */
  arms: number;
  /** Two-sided significance level of the family; default 0.05. */
  alpha?: number;
  /** Target power; default 0.8. */
  power?: number;
  /** `holm` plans for Holm's worst case, the Bonferroni level α / (K − 1); `none` uses α. Default `holm`. */
  correction?: 'holm' | 'none';
}

export type SampleSizePlan =
  | (PlanCommon & { type: 'continuous'; standardDeviation: number; minimumDetectableEffect: number })
  | (PlanCommon & { type: 'binary'; controlRate: number; minimumDetectableEffect: number });

export interface SampleSizeResult {
  /** Participants needed in every arm, rounded up. */
  nPerArm: number;
  /** The unrounded solution, as R prints it. */
  exactPerArm: number;
  totalParticipants: number;
  comparisons: number;
  /** The level each comparison is tested at. */
  alphaPerComparison: number;
  /** The R call that gives the same number. */
  method: string;
}

/**
 * Participants per arm so that each of the K − 1 comparisons with control
 * has the target power for the minimum detectable effect: R's
 * `power.t.test(delta, sd, sig.level, power)` (continuous) or
 * `power.prop.test(p1 = p0, p2 = p0 + mde, …)` (binary, mde may be negative),
 * with `sig.level = alpha / (K − 1)` under Holm (the level its first,
 * strictest step uses, so the plan holds whatever the other p-values are),
 * rounded up with `ceiling`.
 *
 * @example
 * sampleSizePerArm({ type: 'continuous', standardDeviation: 2800, minimumDetectableEffect: 1000, arms: 3 }).nPerArm; // => 151
 * @throws RangeError for fewer than 2 arms, an mde of 0, a non-positive SD, or rates outside (0, 1).
 */
export function sampleSizePerArm(plan: SampleSizePlan): SampleSizeResult {
  const { arms, alpha = 0.05, power = 0.8, correction = 'holm' } = plan;
  if (!Number.isInteger(arms) || arms < 2) throw new RangeError(`need at least 2 arms (a control and a treatment), got ${arms}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie between 0 and 1, got ${alpha}`);
  const comparisons = arms - 1;
  const alphaPerComparison = correction === 'holm' ? alpha / comparisons : alpha;
  let exactPerArm: number;
  let method: string;
  if (plan.type === 'continuous') {
    exactPerArm = sampleSizeForTTest({ minimumDetectableEffect: plan.minimumDetectableEffect, standardDeviation: plan.standardDeviation, alpha: alphaPerComparison, power });
    method = `power.t.test(delta = ${plan.minimumDetectableEffect}, sd = ${plan.standardDeviation}, sig.level = ${alphaPerComparison}, power = ${power})`;
  } else {
    const treatmentRate = plan.controlRate + plan.minimumDetectableEffect;
    if (!(treatmentRate > 0 && treatmentRate < 1)) throw new RangeError(`p0 + mde must lie strictly between 0 and 1, got ${treatmentRate}`);
    exactPerArm = sampleSizeForProportionTest({ controlRate: plan.controlRate, treatmentRate, alpha: alphaPerComparison, power });
    method = `power.prop.test(p1 = ${plan.controlRate}, p2 = ${treatmentRate}, sig.level = ${alphaPerComparison}, power = ${power})`;
  }
  const nPerArm = Math.ceil(exactPerArm - 1e-9);
  return { nPerArm, exactPerArm, totalParticipants: nPerArm * arms, comparisons, alphaPerComparison, method };
}
