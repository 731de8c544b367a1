import type { RequestHandler } from 'express';
import { achievedPower } from '../../analysis/achieved-power';
import type { BinaryComparison, ContinuousComparison, MetricReport } from '../../analysis/analysis-report';
import { armDefaults } from '../../experiments/arm-defaults';
import type { Outcome } from '../../experiments/definition-schema';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { experimentStateName } from '../lifecycle/experiment-lifecycle';
import { experimentResults } from './experiment-results';
import { levelText, outcomeUnitFormat, percentText, pValueCell, signedNumber } from './figure-format';
import { comparisonInWords } from './plain-words';
import { distributionPlotSvg } from './plots/distribution-plot';
import { enrolmentPlotSvg } from './plots/enrolment-plot';
import { forestPlotSvg } from './plots/forest-plot';

type Comparison = ContinuousComparison | BinaryComparison;

const verdictLabel = (comparison: Comparison, sequential: boolean): string => {
  const verdict = sequential ? comparison.sequentialVerdict : comparison.verdict;
  if (verdict === null) return comparison.verdictReason.startsWith('too early') ? 'too early' : 'not computable';
  return verdict;
};

/** Whether the verdict matches the hypothesis, in words; empty without a hypothesis or a directional verdict. */
const hypothesisLabel = (comparison: Comparison, sequential: boolean): string => {
  const verdict = sequential ? comparison.sequentialVerdict : comparison.verdict;
  if (comparison.expectedDirection === null || (verdict !== 'higher' && verdict !== 'lower')) return '';
  return verdict === comparison.expectedDirection ? 'as hypothesised' : 'opposite to the hypothesis';
};

/**
 * GET /admin/experiments/:experimentKey/results — the verdict on the primary
 * outcome(s) first (per comparison, with the family it was adjusted in and
 * whether it is as hypothesised), then the plan with the power achieved; for
 * each outcome the comparisons in plain words, a table in the outcome's unit
 * and a forest plot; the distribution of the primary outcome per arm
 * (bunching at anchors shows); enrolment over time. While the experiment runs
 * and a comparison has not reached the planned sample, its interval and
 * verdict come from the peeking-safe confidence sequence.
 */
export function resultsPage(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = context.experiments.get(String(request.params.experimentKey));
    if (!experiment) throw new HttpError(404, `no experiment "${String(request.params.experimentKey)}"`);
    const { definition } = experiment;
    const plan = definition.analysisPlan;
    const state = await experimentStateName(context.store, experiment);
    const labelOf = (arm: string) => definition.arms.find((candidate) => candidate.key === arm)?.label ?? arm;
    const outcomeOf = (key: string) => definition.outcomes.find((outcome) => outcome.key === key)!;
    const distributed = definition.outcomes.find((outcome) => outcome.primary && outcome.type === 'continuous');
    const distributionValues = new Map(definition.arms.map((arm) => [arm.key, [] as number[]]));
    const entryTimes = new Map(definition.arms.map((arm) => [arm.key, [] as number[]]));
    const results = await experimentResults(context.store, experiment, (row, outcomes) => {
      entryTimes.get(row.arm)?.push(Date.parse(row.enteredAt));
      const value = distributed ? outcomes[distributed.key] : null;
      if (value !== null && value !== undefined) distributionValues.get(row.arm)?.push(value);
    });
    // Fixed-horizon figures once both arms of a comparison reach the plan, or the experiment is stopped.
    const isSequential = (comparison: Comparison) => state !== 'stopped' && Math.min(comparison.nArm, comparison.nControl) < plan.plannedPerArm;

    const viewOptions = { labelOf, controlKey: definition.arms[0]!.key, isSequential, confidenceLevel: results.confidenceLevel };
    const metrics = results.metrics.map((metric) => metricView(metric, outcomeOf(metric.metric), viewOptions));
    const primaryFamily = results.families.find((family) => family.name === 'primary');
    const secondaryFamily = results.families.find((family) => family.name === 'secondary');
    const primaryComparisons = metrics.filter((metric) => metric.primary).flatMap((metric) => metric.comparisons.map((comparison) => ({ ...comparison, metricLabel: metric.label })));

    const power = results.metrics
      .filter((metric) => metric.family === 'primary')
      .flatMap((metric) => (metric.comparisons as Comparison[]).map((comparison) => ({ metric, comparison })))
      .map(({ metric, comparison }) => {
        const alpha = plan.alpha / Math.max(1, comparison.familySize);
        const result = powerFor(metric, comparison, plan.minimumDetectableEffect, alpha);
        return {
          label: `${outcomeOf(metric.metric).label}: ${labelOf(comparison.arm)} against ${labelOf(comparison.control)}`,
          power: result.available ? percentText(result.power) : 'not computable',
          method: result.available ? result.method : result.reason,
        };
      });

    const distributionFormat = outcomeUnitFormat('continuous', distributed?.unit);
    response.render('admin/results', {
      title: `Results: ${definition.title}`,
      user: response.locals.user,
      csrfToken: response.locals.csrfToken as string,
      experiment: { key: definition.key, title: definition.title, hypothesis: definition.hypothesis, state },
      plan: {
        ...plan,
        primaryMetrics: definition.outcomes.filter((outcome) => outcome.primary).map((outcome) => outcome.label).join(', '),
        smallestArm: Math.min(...definition.arms.map((arm) => results.srm.observed[arm.key] ?? 0)),
        power,
        familyText: primaryFamily
          ? `${primaryFamily.correction === 'holm' ? 'Holm' : primaryFamily.correction === 'bh' ? 'Benjamini–Hochberg' : 'No correction'} over all ${primaryFamily.size} primary comparison${primaryFamily.size === 1 ? '' : 's'} together (family: primary).`
          : 'No primary outcome.',
        secondaryText: secondaryFamily
          ? `Secondary outcomes are exploratory: unadjusted p, and Benjamini–Hochberg over their ${secondaryFamily.size} comparisons.`
          : '',
      },
      interim: primaryComparisons.some((comparison) => comparison.sequential)
        ? `The experiment is ${state} and has not reached the planned ${plan.plannedPerArm} per arm, so the headline intervals are peeking-safe confidence sequences (valid however often the page is looked at; for the primary family at ${levelText(1 - plan.alpha / Math.max(1, primaryFamily?.size ?? 1))} each, so the family keeps ${levelText(1 - plan.alpha)}), and verdicts come from them. Fixed-horizon intervals and p-values take over when the planned sample is reached or the experiment is stopped.`
        : null,
      primaryComparisons,
      srm: results.srm,
      metrics,
      distributionPlot: distributed
        ? distributionPlotSvg(
            definition.arms.map((arm) => ({ label: arm.label, values: distributionValues.get(arm.key) ?? [] })),
            {
              title: `Distribution of ${distributed.label.toLowerCase()} per arm`,
              format: distributionFormat.amount,
              markers: definition.arms.flatMap((arm) => {
                const anchor = armDefaults(definition, arm).amount;
                return typeof anchor === 'number' && distributed.unit === 'EUR' ? [{ value: anchor, label: distributionFormat.amount(anchor) }] : [];
              }),
            },
          )
        : null,
      enrolmentPlot: enrolmentPlotSvg(
        definition.arms.map((arm) => ({ label: arm.label, times: entryTimes.get(arm.key) ?? [] })),
        { title: 'Participants entered over time, per arm' },
      ),
    });
  };
}

/** One outcome's section: arms and comparisons formatted in its unit, sentences, and a forest plot of the headline intervals. */
function metricView(
  metric: MetricReport,
  outcome: Outcome,
  { labelOf, controlKey, isSequential, confidenceLevel }: { labelOf: (arm: string) => string; controlKey: string; isSequential: (comparison: Comparison) => boolean; confidenceLevel: number },
) {
  const format = outcomeUnitFormat(metric.type, outcome.unit);
  const valueFormat = metric.type === 'binary' ? format : outcomeUnitFormat('continuous', outcome.unit);
  const comparisons = (metric.comparisons as Comparison[]).map((comparison) => {
    const sequential = isSequential(comparison);
    const interval = sequential ? comparison.diffCiSequential : comparison.diffCi;
    const tooEarly = comparison.verdict === null && comparison.verdictReason.startsWith('too early');
    return {
      armLabel: labelOf(comparison.arm),
      againstLabel: labelOf(comparison.control),
      sequential,
      tooEarly,
      verdict: verdictLabel(comparison, sequential),
      hypothesis: hypothesisLabel(comparison, sequential),
      words: comparisonInWords(comparison, {
        armLabel: labelOf(comparison.arm),
        controlLabel: labelOf(comparison.control),
        outcomeLabel: outcome.label,
        type: metric.type,
        format,
        headline: sequential ? 'sequential' : 'fixed',
        confidence: confidenceLevel,
      }),
      diff: comparison.diff === null ? '—' : format.cell(comparison.diff),
      interval: interval === null ? '—' : `${format.cell(interval[0])} to ${format.cell(interval[1])}`,
      intervalName: sequential ? `${levelText(comparison.sequentialConfidenceLevel)} sequence` : `${levelText(confidenceLevel)} CI`,
      pValue: pValueCell(comparison.pValue),
      pAdjusted: pValueCell(comparison.pAdjusted),
      relativeLift: percentText(comparison.relativeLift),
      standardisedEffect: 'hedgesG' in comparison ? numberCell(comparison.hedgesG, 2) : numberCell(comparison.oddsRatio, 2),
      chanceInExpectedDirection: comparison.expectedDirection === null ? 'no direction hypothesised' : percentText(comparison.chanceInExpectedDirection),
      equivalenceP: comparison.smallestEffectOfInterest === null ? 'no margin declared' : pValueCell(comparison.equivalenceP),
      notes: comparison.problems,
      plotRow:
        comparison.diff !== null && interval !== null && !tooEarly
          ? { label: comparison.control === controlKey ? labelOf(comparison.arm) : `${labelOf(comparison.arm)} vs ${labelOf(comparison.control)}`, estimate: comparison.diff, low: interval[0], high: interval[1] }
          : null,
    };
  });
  const plotted = comparisons.flatMap((comparison) => (comparison.plotRow ? [comparison.plotRow] : []));
  const plotFormat = metric.type === 'binary' ? (value: number) => `${signedNumber(value * 100, 1)} pp` : format.amount;
  return {
    key: metric.metric,
    label: outcome.label,
    type: metric.type,
    primary: metric.family === 'primary',
    familyLabel: metric.family === 'primary' ? 'primary' : metric.family === 'secondary' ? 'secondary — exploratory' : '',
    unitName: format.unitName,
    valueUnitName: valueFormat.unitName,
    arms: metric.arms.map((arm) =>
      'mean' in arm
        ? { label: labelOf(arm.arm), n: arm.n, mean: arm.mean === null ? '—' : valueFormat.cell(arm.mean), sd: arm.sd === null ? '—' : valueFormat.cell(arm.sd), median: arm.median === null ? '—' : valueFormat.cell(arm.median) }
        : { label: labelOf(arm.arm), n: arm.n, count: arm.count, rate: percentText(arm.rate) },
    ),
    comparisons,
    notes: comparisons.flatMap((comparison) => comparison.notes.map((note) => `${comparison.armLabel} against ${comparison.againstLabel}: ${note}`)),
    forestPlot:
      plotted.length > 0
        ? forestPlotSvg(plotted, {
            title: `${outcome.label}: difference ${metric.type === 'binary' ? 'in percentage points ' : ''}between arms, with the headline interval`,
            format: plotFormat,
          })
        : null,
  };
}

const numberCell = (value: number | null, decimals: number) => (value === null ? '—' : signedNumber(value, decimals));

/** Achieved power of one primary comparison for the planned effect, at the family-adjusted level, from the observed arms. */
function powerFor(metric: MetricReport, comparison: Comparison, minimumDetectableEffect: number, alpha: number) {
  if (metric.type === 'continuous') {
    const arm = metric.arms.find((candidate) => candidate.arm === comparison.arm);
    const control = metric.arms.find((candidate) => candidate.arm === comparison.control);
    if (!arm || !control || arm.sd === null || control.sd === null) return { available: false as const, reason: 'each arm needs at least 2 values to estimate its SD' };
    return achievedPower({
      type: 'continuous',
      treatment: { n: arm.n, sd: arm.sd },
      control: { n: control.n, sd: control.sd },
      minimumDetectableEffect,
      alpha,
      expectedDirection: comparison.expectedDirection,
    });
  }
  const control = metric.arms.find((candidate) => candidate.arm === comparison.control);
  if (!control || control.rate === null) return { available: false as const, reason: 'the control arm has no values yet' };
  return achievedPower({
    type: 'binary',
    treatment: { n: comparison.nArm },
    control: { n: control.n, rate: control.rate },
    minimumDetectableEffect,
    alpha,
    expectedDirection: comparison.expectedDirection,
  });
}
