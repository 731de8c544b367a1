import { analyzeExperiment } from '../../analysis/analyze-experiment';
import type { AnalysisReport } from '../../analysis/analysis-report';
import { blockBalanceCheck, type BlockAssignment, type BlockBalanceCheck } from '../../analysis/block-balance-check';
import { participantFlow, type ParticipantFlow } from '../../analysis/participant-flow';
import type { Experiment } from '../../experiments/validate-experiments';
import type { ParticipantDataRow, Store } from '../store/store';
import { participantOutcomes } from './export-columns';
import { outcomeMetricInput } from './outcome-metric-input';
import { participantExclusions } from './participant-exclusions';

/** The primary outcome's comparisons on everyone who decided, whatever the exclusion rules say. */
export interface SensitivityAnalysis {
  population: 'everyone who decided (no exclusions)';
  participantsByArm: Record<string, number>;
  metrics: AnalysisReport['metrics'];
}

export type ExperimentResults = Omit<AnalysisReport, 'srm'> & {
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
 * decided. The sample-ratio check counts everyone enrolled. `observe` sees
 * each row with its outcomes and whether it is analysed as it streams past,
 * so a page needing more than the figures reads the data once.
 *
 * @example
 * const results = await experimentResults(store, experiments.get('loan-anchor')!);
 * results.participantFlow.arms[0]; // => { arm: 'control', entered: 130, …, excluded: 4, analysed: 121 }
 */
export async function experimentResults(
  store: Store,
  experiment: Experiment,
  observe?: (row: ParticipantDataRow, outcomes: Record<string, number | null>, analysed: boolean) => void,
): Promise<ExperimentResults> {
  const { definition } = experiment;
  const { randomisation } = definition;
  const blocks: BlockAssignment[] = [];
  const arms = definition.arms.map((arm) => arm.key);
  const participantsByArm = new Map(arms.map((arm) => [arm, 0]));
  const decidedByArm = new Map(arms.map((arm) => [arm, 0]));
  const emptyColumns = () => new Map(definition.outcomes.map((outcome) => [outcome.key, new Map(arms.map((arm) => [arm, [] as number[]]))]));
  const values = emptyColumns();
  const everyoneWhoDecided = emptyColumns();
  const primaryOutcomes = definition.outcomes.filter((outcome) => outcome.primary);
  const flow = participantFlow(arms, definition.analysisPlan.exclusions.map((exclusion) => exclusion.rule));
  for await (const row of store.streamParticipantRows(definition.key)) {
    if (!participantsByArm.has(row.arm)) continue;
    participantsByArm.set(row.arm, participantsByArm.get(row.arm)! + 1);
    if (randomisation.method === 'permuted-blocks') blocks.push({ arm: row.arm, stratum: row.block?.stratum ?? null, blockIndex: row.block?.blockIndex ?? null });
    const outcomes = participantOutcomes(definition, row);
    const decided = row.decision !== null;
    const excludedBy = participantExclusions(definition, row);
    flow.add({ arm: row.arm, exposed: row.exposedAt !== null, decided, completed: row.completedAt !== null, excludedBy });
    const analysed = decided && excludedBy.length === 0;
    observe?.(row, outcomes, analysed);
    if (decided) decidedByArm.set(row.arm, decidedByArm.get(row.arm)! + 1);
    for (const outcome of definition.outcomes) {
      const value = outcomes[outcome.key];
      if (value === null || value === undefined) continue;
      if (analysed) values.get(outcome.key)!.get(row.arm)!.push(value);
      if (decided && outcome.primary) everyoneWhoDecided.get(outcome.key)!.get(row.arm)!.push(value);
    }
  }
  const analysisOptions = {
    arms,
    participantsByArm,
    weights: definition.arms.map((arm) => arm.weight),
    correction: definition.analysisPlan.correction,
    confidenceLevel: 1 - definition.analysisPlan.alpha,
  };
  const report = analyzeExperiment({ ...analysisOptions, metrics: definition.outcomes.map((outcome) => outcomeMetricInput(outcome, values.get(outcome.key)!)) });
  const sensitivityReport = analyzeExperiment({ ...analysisOptions, metrics: primaryOutcomes.map((outcome) => outcomeMetricInput(outcome, everyoneWhoDecided.get(outcome.key)!)) });
  const srm =
    randomisation.method === 'permuted-blocks'
      ? blockBalanceCheck({ arms, weights: definition.arms.map((arm) => arm.weight), blockSize: randomisation.blockSize }, blocks)
      : report.srm;
  const primaryMetrics = primaryOutcomes.map((outcome) => outcome.key);
  return {
    experiment: definition.key,
    plan: { ...definition.analysisPlan, primaryMetric: primaryMetrics[0], primaryMetrics },
    ...report,
    srm,
    participantFlow: flow.result(),
    sensitivity: { population: 'everyone who decided (no exclusions)', participantsByArm: Object.fromEntries(decidedByArm), metrics: sensitivityReport.metrics },
  };
}
