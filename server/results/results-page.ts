import type { RequestHandler } from 'express';
import type { BinaryComparison, ContinuousComparison, MetricReport } from '../../analysis/analysis-report';
import type { ExperimentDefinition, Outcome } from '../../experiments/definition-schema';
import type { AppContext } from '../app-context';
import type { User } from '../store/store';
import { renderAdminPage } from '../admin/render-admin-page';
import { HttpError } from '../http/http-error';
import { experimentChartData, type ExperimentChartData } from './charts/experiment-chart-data';
import { renderChartSvgs } from './charts/render-chart-svg';
import { resultsCharts, type ResultsChart } from './charts/results-charts';
import { levelText, outcomeUnitFormat, percentText, probabilityText, pValueCell, pValueText, signedNumber } from './figure-format';
import { headlineFigures } from './headline-figures';
import { modelsView } from './models-view';
import { cachedPerDataVersion } from './cached-per-data-version';
import { achievedPowerTable } from './achieved-power-table';
import { participantFlowLine } from './participant-flow-line';
import { exclusionShortfall } from './exclusion-shortfall';
import { interimNotice } from './interim-notice';
import { sensitivityView } from './sensitivity-view';
import { comparisonInWords, verdictInOneLine } from './plain-words';
import { stratumQuestionKey } from '../../experiments/stratum-levels';

type Comparison = ContinuousComparison | BinaryComparison;

/** A chart as the page shows it: both widths (CSS shows one), its text alternative, or words instead of empty axes. */
interface ChartView {
  heading: string;
  description: string;
  wide: string | null;
  narrow: string | null;
  emptyText: string | null;
  svgUrl: string;
  csvUrl: string;
}

/**
 * GET /admin/experiments/:experimentKey/results — verdict first: for each
 * primary outcome one line per arm (verdict, whether as hypothesised, the
 * sentence behind it) over the forest chart; the participant flow in one
 * line; the state of the sample (n against plan, days running, sample ratio
 * or block balance) and, when anyone was excluded, whether a primary verdict
 * changes without the exclusions (stated above the verdicts when one does). Then the distribution of the primary outcome with the
 * pre-filled values, enrolment and the flow as charts, the secondary outcomes
 * folded away, and a researcher section with every figure of the results
 * JSON in its unit; when the plan declares them, the models (adjusted
 * effects, subgroups with forest charts, factorial effects); for admins the
 * replication package. Empty and too-early states say so in words. The data,
 * figures and drawn charts are computed once per data version.
 */
export function resultsPage(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = context.experiments.get(String(request.params.experimentKey));
    if (!experiment) throw new HttpError(404, `no experiment "${String(request.params.experimentKey)}"`);
    const { definition } = experiment;
    // Drawing a chart takes a Vega render per size: the drawn charts are kept with the data they show, per data version.
    const { data, charts } = await cachedPerDataVersion(context.store, `results-page:${definition.key}`, async () => {
      const data = await experimentChartData(context.store, experiment);
      return { data, charts: await chartViews(resultsCharts(data, definition), definition.key) };
    });
    const user = response.locals.user as User;
    // The package holds every participant's data: only admins download it (the route says so too).
    const replicationPackageUrl = user.role === 'admin' ? `/admin/experiments/${encodeURIComponent(definition.key)}/replication-package.tar.gz` : null;
    // Under strata from a before-screen answer, consent gives no arm: who has not answered is in no arm's flow (counted fresh, outside the cache).
    const stratumQuestion = stratumQuestionKey(definition.randomisation);
    const awaitingCount = stratumQuestion ? await context.store.countParticipantsAwaitingArm(definition.key) : null;
    const awaitingArm = awaitingCount === null ? null : { question: stratumQuestion, count: awaitingCount, countText: awaitingCount.toLocaleString('en-GB') };
    // Test traffic never counts; the page says how much it left out, so an empty page after a simulation is not a mystery (counted fresh, outside the cache).
    const testCount = await context.store.countTestParticipants(definition.key);
    const testTraffic = testCount === 0 ? null : `${testCount.toLocaleString('en-GB')} test participant${testCount === 1 ? '' : 's'} (simulated, or from test links) ${testCount === 1 ? 'is' : 'are'} left out of everything on this page.`;
    renderAdminPage(response, 'admin/results', { title: `Results: ${definition.title}`, replicationPackageUrl, awaitingArm, testTraffic, ...resultsView(data, definition, charts, context.now()) });
  };
}

async function chartViews(charts: ResultsChart[], experimentKey: string): Promise<Map<string, ChartView>> {
  const views = await Promise.all(
    charts.map(async (chart): Promise<[string, ChartView]> => {
      const { wide, narrow } = chart.spec ? await renderChartSvgs(chart.spec, chart.description) : { wide: null, narrow: null };
      const base = `/admin/experiments/${encodeURIComponent(experimentKey)}/charts/${chart.name}`;
      return [chart.name, { heading: chart.heading, description: chart.description, wide, narrow, emptyText: chart.emptyText, svgUrl: `${base}.svg`, csvUrl: `${base}.csv` }];
    }),
  );
  return new Map(views);
}

/** The whole page's values, computed here so the template only lays them out. */
function resultsView(data: ExperimentChartData, definition: ExperimentDefinition, charts: Map<string, ChartView>, now: Date) {
  const { results, state } = data;
  const plan = definition.analysisPlan;
  const labelOf = (arm: string) => definition.arms.find((candidate) => candidate.key === arm)?.label ?? arm;
  const outcomeOf = (key: string) => definition.outcomes.find((outcome) => outcome.key === key)!;
  const primaryFamily = results.families.find((family) => family.name === 'primary');
  const secondaryFamily = results.families.find((family) => family.name === 'secondary');
  const outcomes = results.metrics.map((metric) => ({
    ...outcomeView(metric, outcomeOf(metric.metric), { data, definition, labelOf, chart: charts.get(`forest-${metric.metric}`) ?? null }),
    models: metric.family === 'primary' ? modelsWithCharts(modelsView(metric, outcomeOf(metric.metric), results, labelOf), metric.metric, charts) : null,
  }));
  const entered = data.flow.reduce((sum, arm) => sum + arm.entered, 0);
  const power = achievedPowerTable(results, definition, labelOf);
  const sample = sampleState(data, definition, labelOf, now);
  const primaryComparisons = outcomes.filter((outcome) => outcome.primary).flatMap((outcome) => outcome.comparisons);

  return {
    experiment: { key: definition.key, title: definition.title, hypothesis: definition.hypothesis, state },
    empty: entered === 0,
    interim: interimNotice({
      state,
      plannedPerArm: plan.plannedPerArm,
      alpha: plan.alpha,
      primaryFamilySize: primaryFamily?.size ?? 1,
      sequential: primaryComparisons.filter((comparison) => comparison.sequential).length,
      comparisons: primaryComparisons.length,
    }),
    familyText: primaryFamily
      ? `${correctionName(primaryFamily.correction)} over all ${primaryFamily.size} primary comparison${primaryFamily.size === 1 ? '' : 's'} together (family: primary).`
      : 'No primary outcome.',
    secondaryText: secondaryFamily ? `Secondary outcomes are exploratory: unadjusted p, and Benjamini–Hochberg over their ${secondaryFamily.size} comparisons.` : '',
    primary: outcomes.filter((outcome) => outcome.primary),
    secondary: outcomes.filter((outcome) => !outcome.primary),
    flowLine: participantFlowLine(data.flow, data.attrition, labelOf),
    sensitivity: sensitivityView(
      {
        metrics: results.metrics,
        sensitivityMetrics: results.sensitivity.metrics,
        flow: results.participantFlow.arms,
        state,
        plannedPerArm: plan.plannedPerArm,
        confidenceLevel: results.confidenceLevel,
      },
      outcomeOf,
      labelOf,
    ),
    sample,
    integrityAlarm: integrityAlarm(sample.srm),
    charts: { distribution: charts.get('distribution') ?? null, enrolment: charts.get('enrolment')!, flow: charts.get('participant-flow')! },
    plan: {
      primaryMetrics: definition.outcomes.filter((outcome) => outcome.primary).map((outcome) => outcome.label).join(', '),
      alpha: plan.alpha,
      plannedPerArm: plan.plannedPerArm,
      correction: plan.correction,
      minimumDetectableEffect: power.minimumDetectableEffect,
      power: power.rows,
    },
  };
}

/** The models' view with each moderator's forest chart beside its table. */
function modelsWithCharts(view: ReturnType<typeof modelsView>, metricKey: string, charts: Map<string, ChartView>) {
  if (!view) return null;
  return { ...view, moderators: view.moderators.map((moderator) => ({ ...moderator, chart: charts.get(`moderator-${metricKey}-${moderator.key}`) ?? null })) };
}

const correctionName = (correction: string) => (correction === 'holm' ? 'Holm' : correction === 'bh' ? 'Benjamini–Hochberg' : 'No correction');

/** One outcome: verdict lines, its forest chart, the arms and every figure of each comparison. */
function outcomeView(
  metric: MetricReport,
  outcome: Outcome,
  { data, definition, labelOf, chart }: { data: ExperimentChartData; definition: ExperimentDefinition; labelOf: (arm: string) => string; chart: ChartView | null },
) {
  const format = outcomeUnitFormat(metric.type, outcome.unit);
  const valueFormat = outcomeUnitFormat('continuous', outcome.unit);
  const unit = format.unitName ? ` ${format.unitName}` : '';
  const confidenceLevel = data.results.confidenceLevel;
  const level = levelText(confidenceLevel);
  const flowArms = data.results.participantFlow.arms;
  const comparisons = (metric.comparisons as Comparison[]).map((comparison) => {
    const headline = headlineFigures(comparison, { state: data.state, plannedPerArm: definition.analysisPlan.plannedPerArm, confidenceLevel });
    const armLabel = labelOf(comparison.arm);
    const controlLabel = labelOf(comparison.control);
    const interval = (value: [number, number] | null, cell = format.cell) => (value === null ? '—' : `${cell(value[0])} to ${cell(value[1])}`);
    const ratio = (value: number | null) => (value === null ? '—' : signedNumber(value, 2));
    const figures: [string, string][] = [
      ['Analysed (arm / against)', `${comparison.nArm.toLocaleString('en-GB')} / ${comparison.nControl.toLocaleString('en-GB')}`],
      [`Difference${unit ? ` (${format.unitName})` : ''}`, comparison.diff === null ? '—' : format.cell(comparison.diff)],
      [`${level} CI`, interval(comparison.diffCi)],
      ['Standard error', comparison.diffStandardError === null ? '—' : format.cell(comparison.diffStandardError).replace(/^−/, '')],
      [`${levelText(comparison.sequentialConfidenceLevel)} confidence sequence (peeking-safe)`, interval(comparison.diffCiSequential)],
      [metric.type === 'binary' ? 'p (chi-square; Fisher’s exact when an expected count is below 5)' : 'p (Welch t-test)', pValueCell(comparison.pValue)],
      [`Adjusted p (${correctionName(comparison.correction)}, family ${comparison.family} of ${comparison.familySize})`, pValueCell(comparison.pAdjusted)],
      ['Relative lift', percentText(comparison.relativeLift)],
      [`Relative lift ${level} CI (delta method)`, interval(comparison.relativeLiftCi, (value) => percentText(value))],
    ];
    if ('hedgesG' in comparison) {
      figures.push(["Hedges' g", ratio(comparison.hedgesG)], [`Hedges' g ${level} CI`, interval(comparison.hedgesGCi, (value) => signedNumber(value, 2))], ['Mann–Whitney p', pValueCell(comparison.mannWhitneyP)], ['Rank-biserial correlation', ratio(comparison.rankBiserial)]);
    } else {
      figures.push(['Relative risk', ratio(comparison.relativeRisk)], [`Relative risk ${level} CI`, interval(comparison.relativeRiskCi, (value) => signedNumber(value, 2))], ['Odds ratio', ratio(comparison.oddsRatio)], [`Odds ratio ${level} CI`, interval(comparison.oddsRatioCi, (value) => signedNumber(value, 2))], ["Fisher's exact p", pValueCell(comparison.fisherP)]);
    }
    figures.push(
      ['Smallest effect of interest', comparison.smallestEffectOfInterest === null ? 'none declared' : `±${format.amount(comparison.smallestEffectOfInterest)}`],
      ['Equivalence p (TOST)', comparison.smallestEffectOfInterest === null ? 'not tested' : pValueCell(comparison.equivalenceP)],
      ['Chance to beat control (Bayesian)', probabilityText(comparison.chanceToBeatControl)],
      ['Chance in the hypothesised direction', comparison.expectedDirection === null ? 'no direction hypothesised' : probabilityText(comparison.chanceInExpectedDirection)],
      ['Expected loss of acting on the hypothesis (relative)', comparison.expectedLoss === null ? '—' : percentText(comparison.expectedLoss)],
      ['Verdict (fixed horizon)', `${comparison.verdict ?? 'none'} — ${comparison.verdictReason}`],
      ['Verdict (confidence sequence)', comparison.sequentialVerdict ?? 'none'],
    );
    return {
      armLabel,
      againstLabel: controlLabel,
      sequential: headline.sequential,
      verdict: headline.tooEarly ? 'too-early' : (headline.verdict ?? 'none'),
      reading: headline.reading,
      line: verdictInOneLine(comparison, headline, { controlLabel, format, confidence: confidenceLevel }),
      words: withShortfall(
        comparisonInWords(comparison, { armLabel, controlLabel, outcomeLabel: outcome.label, type: metric.type, format, headline: headline.sequential ? 'sequential' : 'fixed', confidence: confidenceLevel }),
        headline.tooEarly ? exclusionShortfall(flowArms.filter((arm) => arm.arm === comparison.arm || arm.arm === comparison.control), labelOf) : null,
      ),
      figures,
      notes: comparison.problems,
    };
  });
  return {
    key: metric.metric,
    label: outcome.label,
    type: metric.type,
    primary: metric.family === 'primary',
    familyLabel: metric.family === 'primary' ? 'primary' : metric.family === 'secondary' ? 'secondary — exploratory' : '',
    valueUnitName: metric.type === 'binary' ? '' : valueFormat.unitName,
    arms: metric.arms.map((arm) =>
      'mean' in arm
        ? { label: labelOf(arm.arm), n: arm.n.toLocaleString('en-GB'), mean: arm.mean === null ? '—' : valueFormat.cell(arm.mean), sd: arm.sd === null ? '—' : valueFormat.cell(arm.sd), median: arm.median === null ? '—' : valueFormat.cell(arm.median) }
        : { label: labelOf(arm.arm), n: arm.n.toLocaleString('en-GB'), count: arm.count.toLocaleString('en-GB'), rate: percentText(arm.rate) },
    ),
    comparisons,
    chart,
  };
}

/**
 * The warning the verdicts must carry when the sample itself is suspect: a
 * sample-ratio mismatch or a broken permuted block means randomisation or
 * logging may be broken, and every effect with it. Null when the check passed
 * (or does not count yet).
 */
function integrityAlarm(srm: ReturnType<typeof sampleState>['srm']): string | null {
  if (srm.ok) return null;
  return srm.blocks
    ? `Block-balance alarm: ${srm.summary.replace(/^INTEGRITY ALARM: /, '')}, so randomisation or logging may be broken. Do not act on any verdict below until that is explained.`
    : `Sample-ratio mismatch: the arms do not hold the shares the design planned (chi-square ${srm.pText}), so randomisation or logging may be broken. Do not act on any verdict below until that is explained.`;
}

const capitalisedState = (state: string) => state.charAt(0).toUpperCase() + state.slice(1);

/** A sentence followed by why exclusions leave it too small to test, when they do. */
const withShortfall = (words: string, shortfall: string | null) => (shortfall ? `${words} ${shortfall}` : words);

/** n against the plan, how long it has run, and the sample ratio or block balance, in words. */
function sampleState(data: ExperimentChartData, definition: ExperimentDefinition, labelOf: (arm: string) => string, now: Date) {
  const planned = definition.analysisPlan.plannedPerArm;
  const smallest = data.flow.reduce((least, arm) => (arm.analysed < least.analysed ? arm : least), data.flow[0]!);
  const progress = `Smallest arm ${labelOf(smallest.arm)}: ${smallest.analysed.toLocaleString('en-GB')} analysed of the planned ${planned.toLocaleString('en-GB')} per arm (${percentText(Math.min(1, smallest.analysed / planned))}).`;
  const started = data.startedAt;
  const days = started ? Math.max(0, Math.floor((now.getTime() - started.getTime()) / 86_400_000)) : 0;
  const running = started
    ? `${data.state === 'stopped' ? 'Stopped' : data.state === 'paused' ? 'Paused' : 'Running'}; started ${started.toISOString().slice(0, 10)}, ${days} day${days === 1 ? '' : 's'} ago.`
    : data.state === 'draft'
      ? 'Not started (draft).'
      : `${capitalisedState(data.state)}; no start date is recorded.`;
  const srm = data.results.srm;
  if ('method' in srm && srm.method === 'permuted-blocks') {
    return { progress, running, srm: { ok: srm.ok, blocks: true as const, summary: srm.summary, strata: srm.strata, violations: srm.violations.slice(1), text: '', pText: '' } };
  }
  const chi = srm as { chiSquare: number; df: number; pValue: number; ok: boolean; checked: boolean; observed: Record<string, number> };
  const enrolled = definition.arms.reduce((sum, arm) => sum + (chi.observed[arm.key] ?? 0), 0);
  const pText = pValueText(chi.pValue);
  const test = `chi-square ${chi.chiSquare.toFixed(2)}, df ${chi.df}, ${pText}`;
  const text = !chi.checked
    ? `Sample ratio not checked yet: the check counts once the planned weights expect at least 8 participants in every arm (${enrolled.toLocaleString('en-GB')} enrolled so far).`
    : chi.ok
      ? `No sample-ratio mismatch detected (${test}).`
      : `Sample-ratio MISMATCH (${test}): check randomisation and logging before reading any effect.`;
  return { progress, running, srm: { ok: chi.ok, blocks: false as const, summary: '', strata: [], violations: [], text, pText } };
}
