import { adjustPValues, type CorrectionMethod } from './adjust-p-values';
import type { AnalysisReport, BinaryArmReport, ContinuousArmReport, MetricReport } from './analysis-report';
import { compareBinary } from './compare-binary';
import { compareContinuous } from './compare-continuous';
import { median } from './median';
import { summarizeProportion } from './proportion-summary';
import { sampleRatioMismatch } from './sample-ratio-mismatch';
import { summarizeSample } from './sample-summary';

export interface MetricInput {
  metric: string;
  type: 'continuous' | 'binary';
  /** The outcome's values in each arm, missing values already left out; binary values are 0 or 1. */
  valuesByArm: ReadonlyMap<string, ArrayLike<number>>;
}

export interface ExperimentInput {
  /** Arms in order; the first is the control unless `control` says otherwise. */
  arms: readonly string[];
  control?: string;
  /** Participants per arm (every row, whatever is missing), for the sample-ratio check. */
  participantsByArm: ReadonlyMap<string, number>;
  /** Planned weights in arm order; equal by default. */
  weights?: readonly number[];
  metrics: readonly MetricInput[];
  correction?: CorrectionMethod;
  confidenceLevel?: number;
}

const orNull = (value: number | undefined): number | null => (value === undefined || !Number.isFinite(value) ? null : value);

/**
 * The full analysis of an experiment: the sample-ratio check, then for each
 * metric the per-arm summaries and every arm against control, with p-values
 * adjusted over the comparisons of each metric (Holm by default).
 *
 * @example
 * analyzeExperiment({ arms: ['control', 'low'], participantsByArm, metrics: [{ metric: 'amount', type: 'continuous', valuesByArm }] });
 * @throws RangeError when the control is not an arm, there are fewer than two arms, or weights do not match the arms.
 */
export function analyzeExperiment(input: ExperimentInput): AnalysisReport {
  const { arms, metrics, correction = 'holm', confidenceLevel = 0.95 } = input;
  const control = input.control ?? arms[0];
  if (arms.length < 2) throw new RangeError(`an analysis needs at least two arms, got ${arms.length}`);
  if (control === undefined || !arms.includes(control)) throw new RangeError(`the control arm "${control}" is not among the arms ${arms.join(', ')}`);
  const weights = input.weights ?? arms.map(() => 1);
  const observed = arms.map((arm) => input.participantsByArm.get(arm) ?? 0);
  const srm = sampleRatioMismatch(observed, weights);
  const treatments = arms.filter((arm) => arm !== control);

  const metricReports = metrics.map<MetricReport>((metric) => {
    const values = (arm: string) => metric.valuesByArm.get(arm) ?? [];
    if (metric.type === 'continuous') {
      const armReports = arms.map<ContinuousArmReport>((arm) => {
        const summary = summarizeSample(values(arm));
        return {
          arm,
          n: summary.n,
          mean: summary.n > 0 ? orNull(summary.mean) : null,
          sd: summary.n > 1 ? orNull(Math.sqrt(summary.variance)) : null,
          median: orNull(median(values(arm))),
        };
      });
      const comparisons = treatments.map((arm) => withFiniteFigures(compareContinuous(arm, values(arm), control, values(control), confidenceLevel)));
      return { metric: metric.metric, type: 'continuous', arms: armReports, comparisons: withAdjustedPValues(comparisons, correction) };
    }
    const summaries = new Map(arms.map((arm) => [arm, summarizeProportion(values(arm))]));
    const armReports = arms.map<BinaryArmReport>((arm) => {
      const { n, count } = summaries.get(arm)!;
      return { arm, n, count, rate: n > 0 ? count / n : null };
    });
    const comparisons = treatments.map((arm) =>
      withFiniteFigures(compareBinary(arm, summaries.get(arm)!, control, summaries.get(control)!, confidenceLevel)),
    );
    return { metric: metric.metric, type: 'binary', arms: armReports, comparisons: withAdjustedPValues(comparisons, correction) };
  });

  return {
    srm: {
      chiSquare: srm.chiSquare,
      df: srm.degreesOfFreedom,
      pValue: srm.pValue,
      ok: srm.ok,
      checked: srm.checked,
      observed: Object.fromEntries(arms.map((arm, index) => [arm, srm.observed[index]!])),
      expected: Object.fromEntries(arms.map((arm, index) => [arm, srm.expected[index]!])),
    },
    correction,
    confidenceLevel,
    metrics: metricReports,
  };
}

/**
 * The report's promise: a number is finite, or null with a reason. Extreme
 * inputs (values near the double range) can overflow a statistic that passed
 * its own checks; this catches what is left, figure by figure.
 */
function withFiniteFigures<T extends { problems: string[] }>(comparison: T): T {
  const record = comparison as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(record)) {
    const broken =
      (typeof value === 'number' && !Number.isFinite(value)) ||
      (Array.isArray(value) && value.some((bound) => typeof bound === 'number' && !Number.isFinite(bound)));
    if (broken) {
      record[name] = null;
      comparison.problems.push(`${name} could not be computed: the values are too large or too small`);
    }
  }
  return comparison;
}

/** Adjusts the p-values of one metric's comparisons as a family; comparisons without a p-value stay out of it. */
function withAdjustedPValues<T extends { pValue: number | null; pAdjusted: number | null }>(comparisons: T[], method: CorrectionMethod): T[] {
  const withP = comparisons.filter((comparison) => comparison.pValue !== null);
  const adjusted = adjustPValues(
    withP.map((comparison) => comparison.pValue!),
    method,
  );
  withP.forEach((comparison, index) => (comparison.pAdjusted = adjusted[index]!));
  return comparisons;
}
