import type { ContinuousComparison } from './analysis-report';
import { chanceInExpectedDirection, type ChanceInExpectedDirectionResult, type ExpectedDirection } from './chance-in-expected-direction';
import { chanceToBeatControl, type ChanceToBeatControlResult } from './chance-to-beat-control';
import type { RelativeLiftResult } from './relative-lift';
import type { Unavailable } from './unavailable';
import type { EquivalenceTestResult } from './welch-equivalence-test';

export interface ComparisonOptions {
  /** The direction the hypothesis expects for this arm against the control, if any. */
  expectedDirection?: ExpectedDirection | null;
  /** The equivalence margin in the outcome's unit (a proportion for rates), if declared. */
  smallestEffectOfInterest?: number | null;
}

/** The reason given when no direction is declared, so direction-dependent figures say why they are missing. */
export const noExpectedDirectionProblem = 'no hypothesised direction is declared for this arm: no chance in the expected direction or expected loss';

/** The fields of a comparison (continuous or binary alike) that say which way it points and what it concludes. */
export type ConclusionFields = Pick<
  ContinuousComparison,
  | 'chanceToBeatControl'
  | 'expectedDirection'
  | 'chanceInExpectedDirection'
  | 'expectedLoss'
  | 'smallestEffectOfInterest'
  | 'equivalenceP'
  | 'verdict'
  | 'verdictReason'
  | 'sequentialVerdict'
  | 'asHypothesised'
>;

/** The test of whether the difference lies within ±margin: Welch's for means, the risk difference's for rates. */
export type EquivalenceTest = (margin: number) => EquivalenceTestResult | Unavailable;

export interface ComparisonConclusion {
  /** The fields, in the order a comparison lists them; the verdicts are placeholders that `concludeComparison` fills in. */
  fields: ConclusionFields;
  /**
   * The Bayesian and equivalence results behind the fields (chance to beat
   * control, chance in the expected direction, equivalence test; null where
   * not asked for), so the caller can add the reasons of those unavailable to
   * its problems in the same pass as its own statistics.
   */
  results: Array<ChanceToBeatControlResult | ChanceInExpectedDirectionResult | EquivalenceTestResult | Unavailable | null>;
}

/**
 * The direction and verdict part of comparing one arm against control, the
 * same for continuous and binary outcomes: the Bayesian chance to beat control
 * and the chance in the hypothesised direction with its expected loss (both on
 * the relative lift, as gbstats), and the equivalence p against the smallest
 * effect of interest. Without an expected direction or a margin, those figures
 * are null and their results are null. Unavailable inputs give null figures.
 *
 * @example
 * const treatment = { n: 100, mean: 90, variance: 400 };
 * const control = { n: 100, mean: 100, variance: 400 };
 * const { fields } = comparisonConclusionFields(relativeLift(treatment, control), { expectedDirection: 'lower', smallestEffectOfInterest: 20 }, (margin) =>
 *   welchEquivalenceTest(treatment, control, margin),
 * );
 * fields.chanceInExpectedDirection; // => 0.99989…
 * fields.equivalenceP; // => 0.00025…
 */
export function comparisonConclusionFields(
  lift: RelativeLiftResult | Unavailable,
  { expectedDirection = null, smallestEffectOfInterest = null }: ComparisonOptions,
  equivalenceTest: EquivalenceTest,
): ComparisonConclusion {
  const bayes = lift.available ? chanceToBeatControl(lift.lift, lift.standardError) : lift;
  const directed = expectedDirection === null ? null : lift.available ? chanceInExpectedDirection(lift.lift, lift.standardError, expectedDirection) : lift;
  const equivalence = smallestEffectOfInterest === null ? null : equivalenceTest(smallestEffectOfInterest);
  return {
    fields: {
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
    },
    results: [bayes, directed, equivalence],
  };
}
