import { analyzeExperiment } from '../../analysis/analyze-experiment';
import type { AnalysisReport } from '../../analysis/analysis-report';
import { blockBalanceCheck, type BlockBalanceCheck } from '../../analysis/block-balance-check';
import type { ParticipantFlow } from '../../analysis/participant-flow';
import type { Experiment } from '../../experiments/validate-experiments';
import type { Store } from '../store/store';
import { cachedPerDataVersion } from './cached-per-data-version';
import { readExperimentData, type ExperimentData } from './experiment-data';
import { outcomeMetricInput } from './outcome-metric-input';
import { resultsModels, type ResultsModelsSummary } from './results-models';
import type { MetricWithModels } from '../cli/analysis-with-models';

/** The primary outcome's comparisons on everyone who decided, whatever the exclusion rules say. */
export interface SensitivityAnalysis {
  population: 'everyone who decided (no exclusions)';
  participantsByArm: Record<string, number>;
  metrics: AnalysisReport['metrics'];
}

export type ExperimentResults = Omit<AnalysisReport, 'srm' | 'metrics'> & {
  /** The engine's metrics; the primary ones with the models the plan and design declare (see resultsModels). */
  metrics: MetricWithModels[];
  /** What the models ran on; null when the plan declares no covariates or moderators and the design no factors. */
  models: ResultsModelsSummary | null;
  srm: AnalysisReport['srm'] | BlockBalanceCheck;
  experiment: string;
  plan: unknown;
  participantFlow: ParticipantFlow;
  sensitivity: SensitivityAnalysis;
};

/**
 * The analysis engine run on an experiment's stored data: every declared
 * outcome, each arm against control (or its declared pairs), with its
 * hypothesised directions and smallest effect of interest; the primary
 * outcomes adjusted together as the plan says, the secondary ones
 * exploratory (Benjamini–Hochberg among themselves); with the
 * sample-ratio check against the planned weights — or, for permuted blocks,
 * where balance is forced and a chi-square tests nothing, the check that
 * every block keeps the design (`srm.method === 'permuted-blocks'`). The same
 * figures as `nudgelab analyze` on the exported CSV (its analysed rows:
 * `excluded_by` empty).
 *
 * Test traffic (simulated participants, test links) is never read. Every
 * metric is computed on the analysed participants: those who decided and
 * whom no pre-registered exclusion rule excludes; `participantFlow` counts
 * each step per arm with a differential-attrition chi-square, and
 * `sensitivity` repeats the primary outcomes' comparisons on everyone who
 * decided. The sample-ratio check counts everyone enrolled. The data is read
 * once (readExperimentData: counts grouped by the database, one pass over
 * the decisions into typed columns); `analyseExperimentData` does the rest,
 * so a page that also draws charts reads the data only once.
 *
 * @example
 * const results = await experimentResults(store, experiments.get('loan-anchor')!);
 * results.participantFlow.arms[0]; // => { arm: 'control', entered: 130, …, excluded: 4, analysed: 121 }
 */
export async function experimentResults(store: Store, experiment: Experiment): Promise<ExperimentResults> {
  return (await experimentResultsWithData(store, experiment)).results;
}

/**
 * The results with the data they were computed from (for the charts), read
 * and analysed once per data version: the page, its JSON and its chart
 * downloads on unchanged data share one computation (see cachedPerDataVersion).
 * Treat both as read-only.
 *
 * @example
 * const { data, results } = await experimentResultsWithData(store, experiment);
 */
export async function experimentResultsWithData(store: Store, experiment: Experiment): Promise<{ data: ExperimentData; results: ExperimentResults }> {
  return cachedPerDataVersion(store, `results:${experiment.definition.key}`, async () => {
    const data = await readExperimentData(store, experiment);
    return { data, results: analyseExperimentData(experiment, data) };
  });
}

/**
 * The results of `experimentResults` from data already read (see
 * readExperimentData): pure computation, no store.
 *
 * @example
 * const data = await readExperimentData(store, experiment);
 * analyseExperimentData(experiment, data).participantFlow.arms[0].analysed; // => 121
 */
export function analyseExperimentData(experiment: Experiment, data: ExperimentData): ExperimentResults {
  const { definition } = experiment;
  const { randomisation } = definition;
  const { arms } = data;
  const primaryOutcomes = definition.outcomes.filter((outcome) => outcome.primary);
  const analysisOptions = {
    arms,
    participantsByArm: data.participantsByArm,
    weights: definition.arms.map((arm) => arm.weight),
    correction: definition.analysisPlan.correction,
    confidenceLevel: 1 - definition.analysisPlan.alpha,
  };
  const planComparisons = definition.analysisPlan.comparisons;
  const report = analyzeExperiment({ ...analysisOptions, metrics: definition.outcomes.map((outcome) => outcomeMetricInput(outcome, data.analysed.get(outcome.key)!, planComparisons)) });
  const sensitivityReport = analyzeExperiment({
    ...analysisOptions,
    metrics: primaryOutcomes.map((outcome) => outcomeMetricInput(outcome, data.everyoneWhoDecided.get(outcome.key)!, planComparisons)),
  });
  const { metrics, models } = resultsModels(definition, data.modelRows, report);
  const srm =
    randomisation.method === 'permuted-blocks'
      ? blockBalanceCheck({ arms, weights: definition.arms.map((arm) => arm.weight), blockSize: randomisation.blockSize }, data.blocks)
      : report.srm;
  const primaryMetrics = primaryOutcomes.map((outcome) => outcome.key);
  return {
    experiment: definition.key,
    plan: { ...definition.analysisPlan, primaryMetric: primaryMetrics[0], primaryMetrics },
    ...report,
    metrics,
    models,
    srm,
    participantFlow: data.flow,
    sensitivity: { population: 'everyone who decided (no exclusions)', participantsByArm: Object.fromEntries(data.decidedByArm), metrics: sensitivityReport.metrics },
  };
}
