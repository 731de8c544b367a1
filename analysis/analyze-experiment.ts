import { adjustPValues, type CorrectionMethod } from './adjust-p-values';
import type { AnalysisReport, BinaryArmReport, BinaryComparison, ContinuousArmReport, ContinuousComparison, FamilyName, FamilyReport, MetricReport } from './analysis-report';
import type { ExpectedDirection } from './chance-in-expected-direction';
import { compareBinary } from './compare-binary';
import { compareContinuous } from './compare-continuous';
import { concludeComparison } from './conclude-comparison';
import { medianOfSorted } from './median';
import { summarizeProportion } from './proportion-summary';
import { sampleRatioMismatch } from './sample-ratio-mismatch';
import { summarizeSample } from './sample-summary';
import { sortedCopy } from './sorted-copy';

export interface MetricInput {
  metric: string;
  type: 'continuous' | 'binary';
  /** The outcome's values in each arm, missing values already left out; binary values are 0 or 1. */
  valuesByArm: ReadonlyMap<string, ArrayLike<number>>;
  /**
   * `primary` outcomes form one family, adjusted together with the plan's
   * correction; `secondary` ones are exploratory (Benjamini–Hochberg among
   * themselves). When no metric has a role, each is its own family.
   */
  role?: 'primary' | 'secondary';
  /** The hypothesised direction per treatment arm (against the control). */
  expectedDirection?: Readonly<Record<string, ExpectedDirection>>;
  /** Equivalence margin in the outcome's unit (a proportion for binary). */
  smallestEffectOfInterest?: number;
  /** Declared comparisons instead of each treatment against the control, e.g. two arms that both have a default. */
  comparisons?: readonly { arm: string; against: string }[];
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
 * metric the per-arm summaries and every arm against control (or the declared
 * pairs), with a verdict per comparison. P-values are adjusted over families:
 * all primary outcomes × comparisons together with the plan's correction
 * (Holm by default), secondary outcomes among themselves with
 * Benjamini–Hochberg (exploratory); without declared roles, each metric's
 * comparisons on their own.
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

  const anyRole = metrics.some((metric) => metric.role !== undefined);
  const familyOf = (metric: MetricInput): FamilyName => (!anyRole ? 'outcome' : metric.role === 'primary' ? 'primary' : 'secondary');

  const metricReports = metrics.map<MetricReport>((metric) => {
    const values = (arm: string) => metric.valuesByArm.get(arm) ?? [];
    const pairs = metric.comparisons ?? treatments.map((arm) => ({ arm, against: control }));
    for (const pair of pairs) {
      if (!arms.includes(pair.arm) || !arms.includes(pair.against) || pair.arm === pair.against) {
        throw new RangeError(`the comparison ${pair.arm} against ${pair.against} of "${metric.metric}" needs two different arms among ${arms.join(', ')}`);
      }
    }
    const optionsFor = (pair: { arm: string; against: string }) => ({
      // A direction is declared against the control; a comparison between two treatments has none.
      expectedDirection: pair.against === control ? (metric.expectedDirection?.[pair.arm] ?? null) : null,
      smallestEffectOfInterest: metric.smallestEffectOfInterest ?? null,
    });
    const family = familyOf(metric);
    if (metric.type === 'continuous') {
      // Each arm sorted once: its median and every rank test it is in read the same copy.
      const sorted = new Map(arms.map((arm) => [arm, sortedCopy(values(arm))]));
      const armReports = arms.map<ContinuousArmReport>((arm) => {
        const summary = summarizeSample(values(arm));
        return {
          arm,
          n: summary.n,
          mean: summary.n > 0 ? orNull(summary.mean) : null,
          sd: summary.n > 1 ? orNull(Math.sqrt(summary.variance)) : null,
          median: orNull(medianOfSorted(sorted.get(arm)!)),
        };
      });
      const comparisons = pairs.map((pair) =>
        withFiniteFigures(
          compareContinuous(pair.arm, values(pair.arm), pair.against, values(pair.against), confidenceLevel, {
            ...optionsFor(pair),
            sortedValues: { treatment: sorted.get(pair.arm)!, control: sorted.get(pair.against)! },
          }),
        ),
      );
      return { metric: metric.metric, family, type: 'continuous', arms: armReports, comparisons };
    }
    const summaries = new Map(arms.map((arm) => [arm, summarizeProportion(values(arm))]));
    const armReports = arms.map<BinaryArmReport>((arm) => {
      const { n, count } = summaries.get(arm)!;
      return { arm, n, count, rate: n > 0 ? count / n : null };
    });
    const comparisons = pairs.map((pair) =>
      withFiniteFigures(compareBinary(pair.arm, summaries.get(pair.arm)!, pair.against, summaries.get(pair.against)!, confidenceLevel, optionsFor(pair))),
    );
    return { metric: metric.metric, family, type: 'binary', arms: armReports, comparisons };
  });

  const alpha = 1 - confidenceLevel;
  const families: FamilyReport[] = [];
  const adjustFamily = (name: FamilyName, members: MetricReport[], method: CorrectionMethod) => {
    const comparisons = members.flatMap<ContinuousComparison | BinaryComparison>((metric) => metric.comparisons);
    const size = withAdjustedPValues(comparisons, method);
    // The primary family is watched as a whole while it runs: its sequences share α (Bonferroni).
    const sequentialAlpha = name === 'primary' ? alpha / Math.max(1, size) : alpha;
    for (const comparison of comparisons) {
      Object.assign(comparison, { family: name, familySize: size, correction: method });
      withFiniteFigures(concludeComparison(comparison, { alpha, sequentialAlpha }));
    }
    families.push({ name, metrics: members.map((metric) => metric.metric), correction: method, size });
  };
  if (anyRole) {
    adjustFamily('primary', metricReports.filter((metric) => metric.family === 'primary'), correction);
    const secondary = metricReports.filter((metric) => metric.family === 'secondary');
    if (secondary.length > 0) adjustFamily('secondary', secondary, 'bh');
  } else {
    for (const metric of metricReports) adjustFamily('outcome', [metric], correction);
  }

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
    families,
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

/** Adjusts the p-values of a family of comparisons together; comparisons without a p-value stay out of it. Returns the family's size. */
function withAdjustedPValues<T extends { pValue: number | null; pAdjusted: number | null }>(comparisons: T[], method: CorrectionMethod): number {
  const withP = comparisons.filter((comparison) => comparison.pValue !== null);
  const adjusted = adjustPValues(
    withP.map((comparison) => comparison.pValue!),
    method,
  );
  withP.forEach((comparison, index) => (comparison.pAdjusted = adjusted[index]!));
  return withP.length;
}
