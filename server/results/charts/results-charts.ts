import type { TopLevelSpec } from 'vega-lite';
import type { BinaryComparison, ContinuousComparison } from '../../../analysis/analysis-report';
import { armDefaults } from '../../../experiments/arm-defaults';
import type { ExperimentDefinition } from '../../../experiments/definition-schema';
import { levelText, outcomeUnitFormat, percentText } from '../figure-format';
import { headlineFigures } from '../headline-figures';
import { distributionChartSpec } from './distribution-chart';
import { enrolmentChartSpec } from './enrolment-chart';
import type { ExperimentChartData } from './experiment-chart-data';
import { forestChartSpec } from './forest-chart';
import type { VerdictColourKey } from './chart-palette';
import { participantFlowChartSpec } from './participant-flow-chart';

type CsvRow = Record<string, string | number | boolean | null>;

/** A chart of the results page: what it shows in words, its spec (null when there is nothing to draw yet) and its data. */
export interface ResultsChart {
  /** The name in its download address, e.g. "forest-amount", "distribution". */
  name: string;
  heading: string;
  /** The text alternative: what the chart shows, in words and figures. */
  description: string;
  spec: TopLevelSpec | null;
  /** Why nothing is drawn, in words (instead of empty axes); null when the spec is drawn. */
  emptyText: string | null;
  csvRows: CsvRow[];
}

const stepLabels = { entered: 'entered', exposed: 'saw the screen', decided: 'decided', completed: 'completed', analysed: 'analysed' } as const;

/**
 * Every chart of an experiment's results, from one pass of its data: a forest
 * chart per outcome (the headline interval against zero and the equivalence
 * band, coloured by reading), the primary outcome's distribution per arm with
 * the pre-filled values marked, enrolment per day, and the participant flow.
 * Each says in words what it shows, or why there is nothing to show yet.
 *
 * @example
 * resultsCharts(data, definition).map((chart) => chart.name); // => ['forest-amount', 'forest-kept_prefill', 'distribution', 'enrolment', 'participant-flow']
 */
export function resultsCharts(data: ExperimentChartData, definition: ExperimentDefinition): ResultsChart[] {
  const labelOf = (arm: string) => definition.arms.find((candidate) => candidate.key === arm)?.label ?? arm;
  const controlKey = definition.arms[0]!.key;
  const plan = definition.analysisPlan;
  const charts: ResultsChart[] = [];

  for (const metric of data.results.metrics) {
    const outcome = definition.outcomes.find((candidate) => candidate.key === metric.metric);
    if (!outcome) continue;
    const binary = metric.type === 'binary';
    const format = outcomeUnitFormat(metric.type, outcome.unit);
    // Binary differences are drawn in percentage points, so the axis reads like the sentences.
    const scale = binary ? 100 : 1;
    const rows = (metric.comparisons as (ContinuousComparison | BinaryComparison)[]).flatMap((comparison) => {
      const headline = headlineFigures(comparison, { state: data.state, plannedPerArm: plan.plannedPerArm, confidenceLevel: data.results.confidenceLevel });
      if (headline.tooEarly || comparison.diff === null || headline.interval === null) return [];
      const label = comparison.control === controlKey ? labelOf(comparison.arm) : `${labelOf(comparison.arm)} vs ${labelOf(comparison.control)}`;
      return [{ label, estimate: comparison.diff * scale, low: headline.interval[0] * scale, high: headline.interval[1] * scale, reading: headline.reading, intervalName: headline.intervalName, diff: comparison.diff, interval: headline.interval }];
    });
    const margin = outcome.smallestEffectOfInterest;
    // Against whom: the control, named pairs of arms (e.g. the two arms that have a default), or both.
    const againstControl = metric.comparisons.filter((comparison) => comparison.control === controlKey).length;
    const against =
      againstControl === metric.comparisons.length
        ? { from: `from ${labelOf(controlKey)}`, heading: `effect against ${labelOf(controlKey)}` }
        : againstControl === 0
          ? { from: 'between the arms named (the first minus the second)', heading: 'effect between the arms named' }
          : { from: `from ${labelOf(controlKey)}, or between the arms named (the first minus the second)`, heading: `effect against ${labelOf(controlKey)} and between the arms named` };
    const axisTitle = `Difference in ${outcome.label.toLowerCase()} ${against.from} (${format.unitName || 'units'})`;
    charts.push({
      name: `forest-${metric.metric}`,
      heading: `${outcome.label}: ${against.heading}`,
      description:
        rows.length === 0
          ? `${outcome.label}: no comparison can be drawn yet.`
          : `${outcome.label}, difference ${against.from} with the headline interval${margin !== undefined ? ` and the equivalence band ±${format.amount(margin)}` : ''}: ` +
            rows.map((row) => `${row.label} ${format.amount(row.diff)} (${row.intervalName} ${format.amount(row.interval[0])} to ${format.amount(row.interval[1])}), ${row.reading}`).join('; ') +
            '.',
      spec:
        rows.length === 0
          ? null
          : forestChartSpec({
              axisTitle,
              axisFormat: binary || outcome.unit === 'EUR' ? ',.0f' : ',.1f',
              rows: rows.map(({ label, estimate, low, high, reading }) => ({ label, estimate, low, high, reading })),
              ...(margin !== undefined ? { equivalenceMargin: margin * scale } : {}),
            }),
      emptyText: rows.length === 0 ? tooEarlyText(data, labelOf) : null,
      csvRows: rows.map((row) => ({ comparison: row.label, difference: row.diff, interval_low: row.interval[0], interval_high: row.interval[1], interval: row.intervalName, reading: row.reading, unit: binary ? 'proportion' : (outcome.unit ?? '') })),
    });
  }

  charts.push(...moderatorCharts(data, definition, labelOf));

  const distributed = data.distributed;
  if (distributed) {
    const format = outcomeUnitFormat('continuous', distributed.unit);
    const markers = definition.arms.flatMap((arm) => {
      const anchor = armDefaults(definition, arm).amount;
      return typeof anchor === 'number' && distributed.unit === 'EUR' ? [{ value: anchor, label: `Pre-filled ${format.amount(anchor)}` }] : [];
    });
    const withValues = data.histograms.filter((histogram) => histogram.values > 0);
    charts.push({
      name: 'distribution',
      heading: `Distribution of ${distributed.label.toLowerCase()} per arm`,
      description:
        withValues.length === 0
          ? `${distributed.label}: no values yet.`
          : `${distributed.label} per arm, as the share of each arm in bins of ${format.amount(withValues[0]!.bins[0]!.end - withValues[0]!.bins[0]!.start)}${markers.length > 0 ? `, with the pre-filled amounts (${markers.map((marker) => format.amount(marker.value)).join(', ')}) marked` : ''}: ` +
            data.histograms
              .map((histogram) => {
                const top = histogram.bins.reduce((best, bin) => (bin.count > best.count ? bin : best), histogram.bins[0] ?? { start: 0, end: 0, count: 0 });
                return histogram.values === 0 ? `${labelOf(histogram.arm)} no values` : `${labelOf(histogram.arm)} ${histogram.values.toLocaleString('en-GB')} values, most from ${format.amount(top.start)} to ${format.amount(top.end)} (${percentText(top.count / histogram.values)})`;
              })
              .join('; ') +
            '.',
      spec:
        withValues.length === 0
          ? null
          : distributionChartSpec({
              axisTitle: `${distributed.label} (${format.unitName || 'value'})`,
              axisFormat: distributed.unit === 'EUR' ? ',.0f' : ',.1f',
              arms: data.histograms.map((histogram) => ({ label: labelOf(histogram.arm), bins: histogram.bins })),
              markers,
            }),
      emptyText: withValues.length === 0 ? `No ${distributed.label.toLowerCase()} recorded yet: the distribution appears once participants have decided.` : null,
      csvRows: data.histograms.flatMap((histogram) =>
        histogram.bins.map((bin) => ({ arm: histogram.arm, bin_start: bin.start, bin_end: bin.end, participants: bin.count, share: histogram.values > 0 ? bin.count / histogram.values : null })),
      ),
    });
  }

  const span = data.enrolmentSpan;
  charts.push({
    name: 'enrolment',
    heading: 'Enrolment',
    description:
      span === null
        ? 'Nobody has entered yet.'
        : `Participants so far per arm, by day from ${span.first} to ${span.last} (UTC): ` +
          data.enrolment.map((arm) => `${labelOf(arm.arm)} ${(arm.days.at(-1)?.participants ?? 0).toLocaleString('en-GB')}`).join(', ') +
          '.',
    spec: span === null ? null : enrolmentChartSpec({ arms: data.enrolment.map((arm) => ({ label: labelOf(arm.arm), days: arm.days })) }),
    emptyText: span === null ? 'Nobody has entered yet: enrolment over time appears with the first participant.' : null,
    csvRows: data.enrolment.flatMap((arm) => arm.days.map((day) => ({ arm: arm.arm, day: day.day, participants_so_far: day.participants }))),
  });

  const steps = Object.keys(stepLabels) as (keyof typeof stepLabels)[];
  const anyone = data.flow.some((arm) => arm.entered > 0);
  charts.push({
    name: 'participant-flow',
    heading: 'Participant flow',
    description: anyone
      ? `Participants per arm at each step (${steps.map((step) => stepLabels[step]).join(' → ')}): ` +
        data.flow.map((arm) => `${labelOf(arm.arm)} ${steps.map((step) => arm[step].toLocaleString('en-GB')).join(' → ')}`).join('; ') +
        '.'
      : 'Nobody has entered yet.',
    spec: anyone ? participantFlowChartSpec({ steps: steps.map((step) => stepLabels[step]), arms: data.flow.map((arm) => ({ label: labelOf(arm.arm), counts: steps.map((step) => arm[step]) })) }) : null,
    emptyText: anyone ? null : 'Nobody has entered yet: the flow from entry to analysis appears with the first participant.',
    csvRows: data.flow.map((arm) => ({ arm: arm.arm, ...Object.fromEntries(steps.map((step) => [step, arm[step]])), excluded: arm.excluded })),
  });
  return charts;
}

/** Why a forest chart is empty: nobody yet, or too few per arm to test. */
function tooEarlyText(data: ExperimentChartData, labelOf: (arm: string) => string): string {
  const analysed = data.flow.map((arm) => `${labelOf(arm.arm)} ${arm.analysed}`).join(', ');
  if (data.flow.every((arm) => arm.entered === 0)) return 'Nobody has entered yet: effects are drawn once each arm has at least 8 analysed participants.';
  return `Too early to draw: each arm needs at least 8 analysed participants (now ${analysed}).`;
}

/**
 * A forest chart per primary outcome and moderator: each comparison within
 * each level of the moderator with its interval at the plan's level, coloured by how it reads
 * against the hypothesis (inconclusive when the interval spans zero). A
 * level where an arm is missing has no row; the text says why.
 */
function moderatorCharts(data: ExperimentChartData, definition: ExperimentDefinition, labelOf: (arm: string) => string): ResultsChart[] {
  const controlKey = definition.arms[0]!.key;
  return data.results.metrics.flatMap((metric) => {
    const outcome = definition.outcomes.find((candidate) => candidate.key === metric.metric);
    if (!outcome || !metric.moderators) return [];
    const binary = metric.type === 'binary';
    const format = outcomeUnitFormat(metric.type, outcome.unit);
    const scale = binary ? 100 : 1;
    return metric.moderators.map((moderator): ResultsChart => {
      const status = (moderator as { status?: string }).status ?? 'exploratory';
      const rows = moderator.levels.flatMap((level) =>
        level.comparisons.flatMap((comparison) => {
          if (comparison.diff === null || comparison.diffCi === null) return [];
          const expected = comparison.control === controlKey ? outcome.expectedDirection?.[comparison.arm] : undefined;
          const [low, high] = comparison.diffCi;
          const reading: VerdictColourKey =
            low <= 0 && high >= 0 ? 'inconclusive' : expected === undefined ? 'no direction declared' : (low > 0) === (expected === 'higher') ? 'as hypothesised' : 'against the hypothesis';
          const pair = comparison.control === controlKey ? labelOf(comparison.arm) : `${labelOf(comparison.arm)} vs ${labelOf(comparison.control)}`;
          return [{ label: `${level.level}: ${pair}`, level: level.level, diff: comparison.diff, interval: comparison.diffCi, reading }];
        }),
      );
      const missing = moderator.levels.flatMap((level) => level.comparisons.filter((comparison) => comparison.diff === null || comparison.diffCi === null).map((comparison) => `${level.level}: ${labelOf(comparison.arm)} — ${comparison.problems.join('; ') || 'not computable'}`));
      const heading = `${outcome.label} by ${moderator.moderator.replace(/_/g, ' ')} (${status})`;
      return {
        name: `moderator-${metric.metric}-${moderator.moderator}`,
        heading,
        description:
          rows.length === 0
            ? `${heading}: no subgroup comparison can be drawn yet.`
            : `${heading}, difference from ${labelOf(controlKey)} per level with its ${levelText(data.results.confidenceLevel)} interval: ` +
              rows.map((row) => `${row.label} ${format.amount(row.diff)} (${format.amount(row.interval[0])} to ${format.amount(row.interval[1])}), ${row.reading}`).join('; ') +
              (missing.length > 0 ? `. Not drawn: ${missing.join('; ')}` : '') +
              '.',
        spec:
          rows.length === 0
            ? null
            : forestChartSpec({
                axisTitle: `Difference in ${outcome.label.toLowerCase()} (${format.unitName || 'units'})`,
                axisFormat: binary || outcome.unit === 'EUR' ? ',.0f' : ',.1f',
                rows: rows.map((row) => ({ label: row.label, estimate: row.diff * scale, low: row.interval[0] * scale, high: row.interval[1] * scale, reading: row.reading })),
              }),
        emptyText: rows.length === 0 ? `No subgroup comparison yet: ${moderator.problems.concat(missing).join('; ') || 'each level needs participants in both arms'}.` : null,
        csvRows: rows.map((row) => ({ level: row.level, comparison: row.label, difference: row.diff, interval_low: row.interval[0], interval_high: row.interval[1], reading: row.reading, status, unit: binary ? 'proportion' : (outcome.unit ?? '') })),
      };
    });
  });
}
