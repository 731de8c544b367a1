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
 * family-adjusted p is below α (by the sign of the difference);
 * `equivalent` when the equivalence test (TOST) against the smallest effect
 * of interest rejects at α; otherwise `inconclusive`. Below 8 analysed per
 * arm it is too early to test at all.
 *
 * @example
 * comparisonVerdict({ nArm: 120, nControl: 118, diff: -1800, pAdjusted: 0.0004, equivalenceP: 0.9, equivalenceProblem: null, alpha: 0.05 });
 * // => { verdict: 'lower', reason: 'adjusted p < 0.05' }
 */
export function comparisonVerdict({ nArm, nControl, diff, pAdjusted, equivalenceP, equivalenceProblem, alpha }: VerdictInput): VerdictResult {
  if (Math.min(nArm, nControl) < minimumPerArmForTests) {
    return {
      verdict: null,
      reason: `too early to test: ${nArm} and ${nControl} analysed, at least ${minimumPerArmForTests} per arm are needed`,
    };
  }
  if (diff === null) return { verdict: null, reason: 'the difference could not be computed' };
  if (pAdjusted !== null && pAdjusted < alpha && diff !== 0) {
    return { verdict: diff > 0 ? 'higher' : 'lower', reason: `adjusted p < ${alpha}` };
  }
  if (equivalenceP !== null && equivalenceP < alpha) {
    return { verdict: 'equivalent', reason: `the equivalence test against the smallest effect of interest has p < ${alpha}` };
  }
  const noDifference = pAdjusted === null ? 'no test of a difference was possible' : `adjusted p ≥ ${alpha}`;
  const noEquivalence = equivalenceProblem ?? `the equivalence test has p ≥ ${alpha}`;
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
