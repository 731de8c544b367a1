import type { BinaryComparison, ContinuousComparison } from './analysis-report';
import { comparisonVerdict, verdictFromInterval } from './comparison-verdict';
import { confidenceSequence } from './confidence-sequence';

export interface ConclusionSettings {
  /** The significance level the verdict compares the adjusted p against. */
  alpha: number;
  /** The level of the peeking-safe sequence: α, or α/m for a family of m watched together. */
  sequentialAlpha: number;
}

/**
 * Fills in what follows from a comparison's figures and its family
 * adjustment: the peeking-safe sequence at `sequentialAlpha` (rates clipped
 * to [−1, 1]), the verdict from the adjusted p and the equivalence test, the
 * verdict the sequence gives, and whether the verdict is the hypothesised
 * direction. Mutates and returns the comparison.
 *
 * @example
 * concludeComparison(comparison, { alpha: 0.05, sequentialAlpha: 0.025 }).verdict; // => 'lower'
 */
export function concludeComparison<T extends ContinuousComparison | BinaryComparison>(comparison: T, { alpha, sequentialAlpha }: ConclusionSettings): T {
  const isRate = 'fisherP' in comparison;
  const { diff, diffStandardError, nArm, nControl } = comparison;
  if (diff !== null && diffStandardError !== null && diffStandardError > 0 && Number.isFinite(diffStandardError)) {
    const [low, high] = confidenceSequence(diff, diffStandardError ** 2, nArm + nControl, { alpha: sequentialAlpha });
    comparison.diffCiSequential = isRate ? [Math.max(-1, low), Math.min(1, high)] : [low, high];
  } else {
    comparison.diffCiSequential = null;
  }
  comparison.sequentialConfidenceLevel = 1 - sequentialAlpha;
  const equivalenceProblem =
    comparison.smallestEffectOfInterest === null
      ? 'no smallest effect of interest is declared, so equivalence was not tested'
      : comparison.equivalenceP === null
        ? 'equivalence could not be tested'
        : null;
  const { verdict, reason } = comparisonVerdict({ nArm, nControl, diff, pAdjusted: comparison.pAdjusted, interval: comparison.diffCi, confidenceLevel: 1 - alpha, equivalenceP: comparison.equivalenceP, equivalenceProblem, alpha });
  comparison.verdict = verdict;
  comparison.verdictReason = reason;
  comparison.sequentialVerdict = verdict === null ? null : verdictFromInterval(comparison.diffCiSequential, comparison.smallestEffectOfInterest);
  const expected = comparison.expectedDirection;
  comparison.asHypothesised = expected === null || (verdict !== 'higher' && verdict !== 'lower') ? null : verdict === expected;
  return comparison;
}
