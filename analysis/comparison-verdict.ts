export type Verdict = 'higher' | 'lower' | 'equivalent' | 'inconclusive';

/** Fewer analysed participants than this in either arm: too early to test. */
export const minimumPerArmForTests = 8;

export interface VerdictInput {
  nArm: number;
  nControl: number;
  /** Treatment minus control; null when it could not be computed. */
  diff: number | null;
  /** The p-value adjusted over the comparison's family. */
  pAdjusted: number | null;
  /** The interval reported beside it (fixed horizon); a direction is claimed only when it excludes zero too. */
  interval: [number, number] | null;
  /** Its level, for the reason, e.g. 0.95. */
  confidenceLevel: number;
  /** The TOST p against the smallest effect of interest; null when not tested. */
  equivalenceP: number | null;
  /** Why equivalence was not tested (no margin declared, no standard error); null when it was. */
  equivalenceProblem: string | null;
  alpha: number;
}

export interface VerdictResult {
  /** null when nothing can be concluded yet (too early, or no difference could be computed). */
  verdict: Verdict | null;
  /** The rule that gave the verdict, in words. */
  reason: string;
}

/**
 * What a comparison lets us conclude: `higher` or `lower` when the
 * family-adjusted p is below α (by the sign of the difference) and the
 * reported interval excludes zero too (a rate's test and interval are
 * different methods that can disagree at the boundary);
 * `equivalent` when the equivalence test (TOST) against the smallest effect
 * of interest rejects at α; otherwise `inconclusive`. Below 8 analysed per
 * arm it is too early to test at all.
 *
 * @example
 * comparisonVerdict({ nArm: 120, nControl: 118, diff: -1800, pAdjusted: 0.0004, interval: [-2600, -1000], confidenceLevel: 0.95, equivalenceP: 0.9, equivalenceProblem: null, alpha: 0.05 });
 * // => { verdict: 'lower', reason: 'adjusted p < 0.05' }
 */
export function comparisonVerdict({ nArm, nControl, diff, pAdjusted, interval, confidenceLevel, equivalenceP, equivalenceProblem, alpha }: VerdictInput): VerdictResult {
  if (Math.min(nArm, nControl) < minimumPerArmForTests) {
    return {
      verdict: null,
      reason: `too early to test: ${nArm} and ${nControl} analysed, at least ${minimumPerArmForTests} per arm are needed`,
    };
  }
  if (diff === null) return { verdict: null, reason: 'the difference could not be computed' };
  // α as people write it: 1 − 0.95 is 0.050000000000000044 in floating point.
  const alphaText = String(Number(alpha.toPrecision(6)));
  const significant = pAdjusted !== null && pAdjusted < alpha && diff !== 0;
  // A rate's p (chi-square or Fisher) and its Newcombe interval are different methods: at the boundary one can exclude zero and the other not, and a sentence cannot say "fell" beside an interval reaching a rise.
  const intervalDisagrees = significant && interval !== null && interval[0] <= 0 && interval[1] >= 0;
  if (significant && !intervalDisagrees) {
    return { verdict: diff > 0 ? 'higher' : 'lower', reason: `adjusted p < ${alphaText}` };
  }
  if (equivalenceP !== null && equivalenceP < alpha) {
    return { verdict: 'equivalent', reason: `the equivalence test against the smallest effect of interest has p < ${alphaText}` };
  }
  const level = `${Number((confidenceLevel * 100).toFixed(2))}%`;
  const noDifference = intervalDisagrees
    ? `adjusted p < ${alphaText}, but the ${level} CI of the difference includes zero (the test and the interval disagree at the boundary),`
    : pAdjusted === null
      ? 'no test of a difference was possible'
      : `adjusted p ≥ ${alphaText}`;
  const noEquivalence = equivalenceProblem ?? `the equivalence test has p ≥ ${alphaText}`;
  return { verdict: 'inconclusive', reason: `${noDifference} and ${noEquivalence}` };
}

/**
 * The same verdict read from an interval (a peeking-safe confidence sequence
 * while an experiment runs): `higher`/`lower` when it excludes 0, `equivalent`
 * when it lies inside ±margin, else `inconclusive`.
 *
 * @example
 * verdictFromInterval([-900, -100], 500); // => 'lower'
 */
export function verdictFromInterval(interval: [number, number] | null, margin: number | null): Verdict | null {
  if (interval === null) return null;
  const [low, high] = interval;
  if (low > 0) return 'higher';
  if (high < 0) return 'lower';
  if (margin !== null && low > -margin && high < margin) return 'equivalent';
  return 'inconclusive';
}
