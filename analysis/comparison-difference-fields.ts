import type { ContinuousComparison } from './analysis-report';
import type { RelativeLiftResult } from './relative-lift';
import type { Unavailable } from './unavailable';

/** The two arms a comparison is between, and how many each has. */
export type ComparedArms = Pick<ContinuousComparison, 'arm' | 'control' | 'nArm' | 'nControl'>;

/** The treatment − control difference a comparison is built on: a Welch mean difference or a risk difference. */
export interface MeasuredDifference {
  difference: number;
  confidenceInterval: [number, number];
  /** Null when it has no positive standard error (e.g. every rate 0 or 1). */
  standardError: number | null;
  /** Null when the test is undefined (e.g. every participant had the same outcome). */
  pValue: number | null;
}

/** The fields every comparison (continuous or binary alike) opens with: the arms, the difference with its interval and p, its family of one, the relative lift. */
export type DifferenceFields = Pick<
  ContinuousComparison,
  | 'arm'
  | 'control'
  | 'nArm'
  | 'nControl'
  | 'diff'
  | 'diffCi'
  | 'diffStandardError'
  | 'diffCiSequential'
  | 'sequentialConfidenceLevel'
  | 'pValue'
  | 'pAdjusted'
  | 'family'
  | 'familySize'
  | 'correction'
  | 'relativeLift'
  | 'relativeLiftCi'
>;

/**
 * The opening fields of comparing one arm against control, the same for
 * continuous and binary outcomes: the arms and their sizes, the difference
 * (null when it could not be measured) with its interval, standard error and
 * p, and the relative lift. The p is its own family of one until
 * `analyzeExperiment` adjusts it, and the sequential interval is left for
 * `concludeComparison`.
 *
 * @example
 * const welch = welchTTest({ n: 3, mean: 5, variance: 1 }, { n: 3, mean: 2, variance: 1 });
 * comparisonDifferenceFields({ arm: 't', control: 'c', nArm: 3, nControl: 3 }, welch.available ? welch : null, unavailable('no lift'), 0.95).familySize; // => 1
 */
export function comparisonDifferenceFields(
  { arm, control, nArm, nControl }: ComparedArms,
  difference: MeasuredDifference | null,
  lift: RelativeLiftResult | Unavailable,
  confidenceLevel: number,
): DifferenceFields {
  return {
    arm,
    control,
    nArm,
    nControl,
    diff: difference ? difference.difference : null,
    diffCi: difference ? difference.confidenceInterval : null,
    diffStandardError: difference ? difference.standardError : null,
    diffCiSequential: null,
    sequentialConfidenceLevel: confidenceLevel,
    pValue: difference ? difference.pValue : null,
    pAdjusted: difference ? difference.pValue : null,
    family: 'outcome',
    familySize: difference && difference.pValue !== null ? 1 : 0,
    correction: 'none',
    relativeLift: lift.available ? lift.lift : null,
    relativeLiftCi: lift.available ? lift.confidenceInterval : null,
  };
}
