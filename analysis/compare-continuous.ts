import type { ContinuousComparison } from './analysis-report';
import { chanceInExpectedDirection, type ExpectedDirection } from './chance-in-expected-direction';
import { chanceToBeatControl } from './chance-to-beat-control';
import { concludeComparison } from './conclude-comparison';
import { emptyArmProblem } from './empty-arm-problem';
import { hedgesG } from './hedges-g';
import { mannWhitneyTest } from './mann-whitney-test';
import { relativeLift } from './relative-lift';
import { summarizeSample } from './sample-summary';
import { spreadProblem } from './spread-problem';
import { welchEquivalenceTest } from './welch-equivalence-test';
import { welchTTest } from './welch-t-test';

export interface ComparisonOptions {
  /** The direction the hypothesis expects for this arm against the control, if any. */
  expectedDirection?: ExpectedDirection | null;
  /** The equivalence margin in the outcome's unit (a proportion for rates), if declared. */
  smallestEffectOfInterest?: number | null;
}

/** The reason given when no direction is declared, so direction-dependent figures say why they are missing. */
export const noExpectedDirectionProblem = 'no hypothesised direction is declared for this arm: no chance in the expected direction or expected loss';

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
  { expectedDirection = null, smallestEffectOfInterest = null }: ComparisonOptions = {},
): ContinuousComparison {
  const treatment = summarizeSample(treatmentValues);
  const baseline = summarizeSample(controlValues);
  const problems = new Set<string>();
  const spread = spreadProblem(arm, treatment, control, baseline);
  if (spread) problems.add(spread);
  const welch = welchTTest(treatment, baseline, confidenceLevel);
  const lift = relativeLift(treatment, baseline, confidenceLevel);
  const effect = hedgesG(treatment, baseline, confidenceLevel);
  const ranks = mannWhitneyTest(treatmentValues, controlValues);
  const bayes = lift.available ? chanceToBeatControl(lift.lift, lift.standardError) : lift;
  const directed = expectedDirection === null ? null : lift.available ? chanceInExpectedDirection(lift.lift, lift.standardError, expectedDirection) : lift;
  const equivalence = smallestEffectOfInterest === null ? null : welchEquivalenceTest(treatment, baseline, smallestEffectOfInterest);
  for (const result of [welch, lift, effect, ranks, bayes, directed, equivalence]) {
    // The named spread problem already says what the generic zero-variance and overflow reasons would.
    if (result && !result.available && !(spread && /zero variance|too (small|large)|standard error/.test(result.reason))) problems.add(result.reason);
  }
  if (expectedDirection === null) problems.add(noExpectedDirectionProblem);
  const comparison: ContinuousComparison = {
    arm,
    control,
    nArm: treatment.n,
    nControl: baseline.n,
    diff: welch.available ? welch.difference : null,
    diffCi: welch.available ? welch.confidenceInterval : null,
    diffStandardError: welch.available ? welch.standardError : null,
    diffCiSequential: null,
    sequentialConfidenceLevel: confidenceLevel,
    pValue: welch.available ? welch.pValue : null,
    pAdjusted: welch.available ? welch.pValue : null,
    family: 'outcome',
    familySize: welch.available ? 1 : 0,
    correction: 'none',
    relativeLift: lift.available ? lift.lift : null,
    relativeLiftCi: lift.available ? lift.confidenceInterval : null,
    hedgesG: effect.available ? effect.g : null,
    hedgesGCi: effect.available ? effect.confidenceInterval : null,
    mannWhitneyP: ranks.available ? ranks.pValue : null,
    rankBiserial: ranks.available ? ranks.rankBiserial : null,
    chanceToBeatControl: bayes.available ? bayes.chanceToBeatControl : null,
    expectedDirection,
    chanceInExpectedDirection: directed?.available ? directed.chance : null,
    expectedLoss: directed?.available ? directed.expectedLoss : null,
    smallestEffectOfInterest,
    equivalenceP: equivalence?.available ? equivalence.pValue : null,
    verdict: null,
    verdictReason: '',
    sequentialVerdict: null,
    asHypothesised: null,
    problems: emptyArmProblem(arm, treatment.n, control, baseline.n) ?? [...problems],
  };
  const alpha = 1 - confidenceLevel;
  return concludeComparison(comparison, { alpha, sequentialAlpha: alpha });
}
