import type { BinaryComparison, ContinuousComparison, MetricReport } from '../../analysis/analysis-report';
import type { ArmFlow } from '../../analysis/participant-flow';
import type { Outcome } from '../../experiments/definition-schema';
import { outcomeUnitFormat } from './figure-format';
import { headlineFigures } from './headline-figures';
import { verdictInOneLine } from './plain-words';

type Comparison = ContinuousComparison | BinaryComparison;

/** One primary comparison's verdict on the analysed participants beside its verdict on everyone who decided. */
export interface SensitivityRow {
  /** E.g. "Requested amount: Pre-filled €2,500 against Empty amount field". */
  label: string;
  analysed: string;
  withoutExclusions: string;
  /** Analysed per arm without the exclusions, e.g. "62 / 60". */
  sizes: string;
  /** Whether the two verdicts differ (a direction, equivalence, inconclusive or too few to test). */
  differs: boolean;
}

export interface SensitivityView {
  /** One sentence: whether any primary verdict depends on the pre-registered exclusions. */
  summary: string;
  /** True when at least one primary verdict changes without the exclusions. */
  dependsOnExclusions: boolean;
  rows: SensitivityRow[];
}

/** What the sensitivity view reads of the results. */
export interface SensitivityInput {
  /** The primary (and other) outcomes on the analysed participants. */
  metrics: readonly MetricReport[];
  /** The primary outcomes on everyone who decided, no exclusion rule applied. */
  sensitivityMetrics: readonly MetricReport[];
  flow: readonly ArmFlow[];
  state: string;
  plannedPerArm: number;
  confidenceLevel: number;
}

/**
 * The pre-registered exclusions' sensitivity analysis in words: each primary
 * comparison's headline verdict on the analysed participants beside the one
 * on everyone who decided, and one sentence saying whether any conclusion
 * depends on who was excluded — which a careful report states, since an
 * exclusion rule that flips a verdict is itself a finding. Null when nobody
 * was excluded (the two analyses are then the same).
 *
 * @example
 * sensitivityView({ metrics, sensitivityMetrics, flow, state: 'stopped', plannedPerArm: 125, confidenceLevel: 0.95 }, outcomeOf, labelOf)?.summary;
 * // => 'Without the pre-registered exclusions (everyone who decided: 12 more participants), the primary verdict is the same.'
 */
export function sensitivityView(input: SensitivityInput, outcomeOf: (key: string) => Outcome, labelOf: (arm: string) => string): SensitivityView | null {
  const excluded = input.flow.reduce((sum, arm) => sum + arm.excluded, 0);
  if (excluded === 0) return null;
  const headlineOf = (comparison: Comparison) => headlineFigures(comparison, { state: input.state, plannedPerArm: input.plannedPerArm, confidenceLevel: input.confidenceLevel });
  const rows = sensitivityPairs(input.metrics, input.sensitivityMetrics).map(({ metric, analysed: comparison, everyone: other }): SensitivityRow => {
    const outcome = outcomeOf(metric.metric);
    const format = outcomeUnitFormat(metric.type, outcome.unit);
    const controlLabel = labelOf(comparison.control);
    const headline = headlineOf(comparison);
    // Read the way the analysed headline is (sequence or fixed horizon), so that only the population differs, not the method.
    const otherHeadline = { ...headlineOf(other), sequential: headline.sequential, verdict: headline.sequential ? other.sequentialVerdict : other.verdict };
    const wording = { controlLabel, format, confidence: input.confidenceLevel };
    return {
      label: `${outcome.label}: ${labelOf(comparison.arm)} against ${controlLabel}`,
      analysed: verdictInOneLine(comparison, headline, wording),
      withoutExclusions: verdictInOneLine(other, otherHeadline, wording),
      sizes: `${other.nArm.toLocaleString('en-GB')} / ${other.nControl.toLocaleString('en-GB')}`,
      differs: headline.tooEarly !== otherHeadline.tooEarly || headline.verdict !== otherHeadline.verdict,
    };
  });
  const differing = rows.filter((row) => row.differs).length;
  const population = `Without the pre-registered exclusions (everyone who decided: ${excluded.toLocaleString('en-GB')} more participant${excluded === 1 ? '' : 's'})`;
  const every = rows.length === 2 ? 'both' : `all ${rows.length}`;
  const summary =
    rows.length === 0
      ? `${population}, no primary comparison could be repeated.`
      : differing === 0
        ? `${population}, ${rows.length === 1 ? 'the primary verdict is' : `${every} primary verdicts are`} the same.`
        : `${population}, ${differing === rows.length ? (rows.length === 1 ? 'the primary verdict differs' : `${every} primary verdicts differ`) : `${differing} of ${rows.length} primary verdicts differ`}: the conclusion depends on who is excluded, so report both analyses.`;
  return { summary, dependsOnExclusions: differing > 0, rows };
}

/**
 * Each primary comparison on the analysed participants with the same
 * comparison (arm and control) on everyone who decided, in the results'
 * order; a comparison the sensitivity analysis lacks is left out.
 *
 * @example
 * sensitivityPairs(results.metrics, results.sensitivity.metrics)[0];
 * // => { metric: amountReport, analysed: { arm: 'low-anchor', control: 'control', … }, everyone: { arm: 'low-anchor', control: 'control', … } }
 */
export function sensitivityPairs(metrics: readonly MetricReport[], sensitivityMetrics: readonly MetricReport[]): { metric: MetricReport; analysed: Comparison; everyone: Comparison }[] {
  return metrics
    .filter((metric) => metric.family === 'primary')
    .flatMap((metric) => {
      const everyone = (sensitivityMetrics.find((candidate) => candidate.metric === metric.metric)?.comparisons ?? []) as Comparison[];
      return (metric.comparisons as Comparison[]).flatMap((analysed) => {
        const match = everyone.find((candidate) => candidate.arm === analysed.arm && candidate.control === analysed.control);
        return match ? [{ metric, analysed, everyone: match }] : [];
      });
    });
}
