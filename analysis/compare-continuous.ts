import type { ContinuousComparison } from './analysis-report';
import { chanceToBeatControl } from './chance-to-beat-control';
import { confidenceSequence } from './confidence-sequence';
import { emptyArmProblem } from './empty-arm-problem';
import { hedgesG } from './hedges-g';
import { mannWhitneyTest } from './mann-whitney-test';
import { relativeLift } from './relative-lift';
import { summarizeSample } from './sample-summary';
import { welchTTest } from './welch-t-test';

/**
 * Every figure comparing a continuous outcome in one arm against control:
 * Welch mean difference (fixed and sequential intervals), relative lift,
 * Hedges' g, Mann–Whitney and the Bayesian chance to beat control. What cannot
 * be computed is null, with the reason in `problems`. `pAdjusted` is left
 * equal to `pValue`; the family adjustment happens across comparisons.
 *
 * @example
 * compareContinuous('low-anchor', lowValues, 'control', controlValues).diff; // => −1840.5 (say)
 */
export function compareContinuous(
  arm: string,
  treatmentValues: ArrayLike<number>,
  control: string,
  controlValues: ArrayLike<number>,
  confidenceLevel = 0.95,
): ContinuousComparison {
  const treatment = summarizeSample(treatmentValues);
  const baseline = summarizeSample(controlValues);
  const problems = new Set<string>();
  const welch = welchTTest(treatment, baseline, confidenceLevel);
  const lift = relativeLift(treatment, baseline, confidenceLevel);
  const effect = hedgesG(treatment, baseline, confidenceLevel);
  const ranks = mannWhitneyTest(treatmentValues, controlValues);
  const bayes = lift.available ? chanceToBeatControl(lift.lift, lift.standardError) : lift;
  for (const result of [welch, lift, effect, ranks, bayes]) if (!result.available) problems.add(result.reason);
  return {
    arm,
    control,
    nArm: treatment.n,
    nControl: baseline.n,
    diff: welch.available ? welch.difference : null,
    diffCi: welch.available ? welch.confidenceInterval : null,
    diffCiSequential: welch.available
      ? confidenceSequence(welch.difference, welch.standardError ** 2, treatment.n + baseline.n, { alpha: 1 - confidenceLevel })
      : null,
    pValue: welch.available ? welch.pValue : null,
    pAdjusted: welch.available ? welch.pValue : null,
    relativeLift: lift.available ? lift.lift : null,
    relativeLiftCi: lift.available ? lift.confidenceInterval : null,
    hedgesG: effect.available ? effect.g : null,
    hedgesGCi: effect.available ? effect.confidenceInterval : null,
    mannWhitneyP: ranks.available ? ranks.pValue : null,
    rankBiserial: ranks.available ? ranks.rankBiserial : null,
    chanceToBeatControl: bayes.available ? bayes.chanceToBeatControl : null,
    expectedLoss: bayes.available ? bayes.expectedLossTreatment : null,
    problems: emptyArmProblem(arm, treatment.n, control, baseline.n) ?? [...problems],
  };
}
