import type { ContinuousComparison } from './analysis-report';
import { comparisonDifferenceFields } from './comparison-difference-fields';
import { comparisonConclusionFields, noExpectedDirectionProblem, type ComparisonOptions } from './comparison-conclusion-fields';
import { concludeComparison } from './conclude-comparison';
import { emptyArmProblem } from './empty-arm-problem';
import { hedgesG } from './hedges-g';
import { mannWhitneyTest, mannWhitneyTestOfSorted } from './mann-whitney-test';
import { relativeLift } from './relative-lift';
import { summarizeSample } from './sample-summary';
import { spreadProblem } from './spread-problem';
import { welchEquivalenceTest } from './welch-equivalence-test';
import { welchTTest } from './welch-t-test';

/**
 * Every figure comparing a continuous outcome in one arm against control:
 * Welch mean difference (fixed and sequential intervals), relative lift,
 * Hedges' g, Mann–Whitney, the equivalence test against the smallest effect
 * of interest, the Bayesian chance in the hypothesised direction and a
 * verdict. What cannot be computed is null, with the reason in `problems`.
 * `pAdjusted` is left equal to `pValue` (a family of one); the family
 * adjustment happens across comparisons in `analyzeExperiment`.
 *
 * @example
 * compareContinuous('low-anchor', lowValues, 'control', controlValues, 0.95, { expectedDirection: 'lower' }).diff; // => −1840.5 (say)
 */
export function compareContinuous(
  arm: string,
  treatmentValues: ArrayLike<number>,
  control: string,
  controlValues: ArrayLike<number>,
  confidenceLevel = 0.95,
  options: ComparisonOptions & {
    /** Both arms' values in ascending order (sortedCopy), when the caller has them already: the rank test then sorts nothing. */
    sortedValues?: { treatment: Float64Array; control: Float64Array };
  } = {},
): ContinuousComparison {
  const treatment = summarizeSample(treatmentValues);
  const baseline = summarizeSample(controlValues);
  const problems = new Set<string>();
  const spread = spreadProblem(arm, treatment, control, baseline);
  if (spread) problems.add(spread);
  const welch = welchTTest(treatment, baseline, confidenceLevel);
  const lift = relativeLift(treatment, baseline, confidenceLevel);
  const effect = hedgesG(treatment, baseline, confidenceLevel);
  const ranks = options.sortedValues
    ? mannWhitneyTestOfSorted(options.sortedValues.treatment, options.sortedValues.control)
    : mannWhitneyTest(treatmentValues, controlValues);
  const conclusion = comparisonConclusionFields(lift, options, (margin) => welchEquivalenceTest(treatment, baseline, margin));
  for (const result of [welch, lift, effect, ranks, ...conclusion.results]) {
    // The named spread problem already says what the generic zero-variance and overflow reasons would.
    if (result && !result.available && !(spread && /zero variance|too (small|large)|standard error/.test(result.reason))) problems.add(result.reason);
  }
  if (conclusion.fields.expectedDirection === null) problems.add(noExpectedDirectionProblem);
  const comparison: ContinuousComparison = {
    ...comparisonDifferenceFields({ arm, control, nArm: treatment.n, nControl: baseline.n }, welch.available ? welch : null, lift, confidenceLevel),
    hedgesG: effect.available ? effect.g : null,
    hedgesGCi: effect.available ? effect.confidenceInterval : null,
    mannWhitneyP: ranks.available ? ranks.pValue : null,
    rankBiserial: ranks.available ? ranks.rankBiserial : null,
    ...conclusion.fields,
    problems: emptyArmProblem(arm, treatment.n, control, baseline.n) ?? [...problems],
  };
  const alpha = 1 - confidenceLevel;
  return concludeComparison(comparison, { alpha, sequentialAlpha: alpha });
}
