import type { BinaryComparison, ContinuousComparison, Interval, Verdict } from '../../analysis/analysis-report';
import type { VerdictColourKey } from './charts/chart-palette';
import { levelText } from './figure-format';

type Comparison = ContinuousComparison | BinaryComparison;

export interface HeadlineFigures {
  /** True while the experiment runs and either arm is short of the plan: the peeking-safe sequence leads. */
  sequential: boolean;
  interval: Interval;
  verdict: Verdict | null;
  /** E.g. "95% CI" or "97.5% confidence sequence". */
  intervalName: string;
  /** How the verdict reads against the hypothesis; it picks the chart colour. */
  reading: VerdictColourKey;
  /** True when too few are analysed to test (below 8 per arm). */
  tooEarly: boolean;
}

/**
 * The figures a comparison leads with: the fixed-horizon CI and verdict once
 * both arms reach the planned sample or the experiment is stopped, the
 * peeking-safe confidence sequence and its verdict before; and how that
 * verdict reads against the hypothesis.
 *
 * @example
 * headlineFigures(lowAnchorComparison, { state: 'running', plannedPerArm: 125, confidenceLevel: 0.95 });
 * // => { sequential: true, interval: [-2332, -1176], verdict: 'lower', intervalName: '97.5% confidence sequence', reading: 'as hypothesised', tooEarly: false }
 */
export function headlineFigures(comparison: Comparison, { state, plannedPerArm, confidenceLevel }: { state: string; plannedPerArm: number; confidenceLevel: number }): HeadlineFigures {
  const sequential = state !== 'stopped' && Math.min(comparison.nArm, comparison.nControl) < plannedPerArm;
  const verdict = sequential ? comparison.sequentialVerdict : comparison.verdict;
  return {
    sequential,
    interval: sequential ? comparison.diffCiSequential : comparison.diffCi,
    verdict,
    intervalName: sequential ? `${levelText(comparison.sequentialConfidenceLevel)} confidence sequence` : `${levelText(confidenceLevel)} CI`,
    reading: readingOf(verdict, comparison.expectedDirection),
    tooEarly: comparison.verdict === null && comparison.verdictReason.startsWith('too early'),
  };
}

function readingOf(verdict: Verdict | null, expectedDirection: Comparison['expectedDirection']): VerdictColourKey {
  if (verdict === 'equivalent') return 'equivalent';
  if (verdict !== 'higher' && verdict !== 'lower') return 'inconclusive';
  if (expectedDirection === null) return 'no direction declared';
  return verdict === expectedDirection ? 'as hypothesised' : 'against the hypothesis';
}
