import { analyzeExperiment } from '../../analysis/analyze-experiment';
import type { AnalysisReport } from '../../analysis/analysis-report';
import { blockBalanceCheck, type BlockAssignment, type BlockBalanceCheck } from '../../analysis/block-balance-check';
import type { Experiment } from '../../experiments/validate-experiments';
import type { ParticipantDataRow, Store } from '../store/store';
import { participantOutcomes } from './export-columns';
import { outcomeMetricInput } from './outcome-metric-input';

/**
 * The analysis engine run on an experiment's stored data: every declared
 * outcome, each arm against control (or its declared pairs), with its
 * hypothesised directions and smallest effect of interest; the primary
 * outcomes adjusted together as the plan says, the secondary ones
 * exploratory (Benjamini–Hochberg among themselves); with the
 * sample-ratio check against the planned weights — or, for permuted blocks,
 * where balance is forced and a chi-square tests nothing, the check that
 * every block keeps the design (`srm.method === 'permuted-blocks'`). The same
 * figures as `nudgelab analyze` on the exported CSV. `observe` sees each row
 * with its outcomes as it streams past, so a page needing more than the
 * figures reads the data once.
 */
export async function experimentResults(
  store: Store,
  experiment: Experiment,
  observe?: (row: ParticipantDataRow, outcomes: Record<string, number | null>) => void,
): Promise<Omit<AnalysisReport, 'srm'> & { srm: AnalysisReport['srm'] | BlockBalanceCheck; experiment: string; plan: unknown }> {
  const { definition } = experiment;
  const { randomisation } = definition;
  const blocks: BlockAssignment[] = [];
  const arms = definition.arms.map((arm) => arm.key);
  const participantsByArm = new Map(arms.map((arm) => [arm, 0]));
  const values = new Map(definition.outcomes.map((outcome) => [outcome.key, new Map(arms.map((arm) => [arm, [] as number[]]))]));
  for await (const row of store.streamParticipantRows(definition.key)) {
    participantsByArm.set(row.arm, (participantsByArm.get(row.arm) ?? 0) + 1);
    if (randomisation.method === 'permuted-blocks') blocks.push({ arm: row.arm, stratum: row.block?.stratum ?? null, blockIndex: row.block?.blockIndex ?? null });
    const outcomes = participantOutcomes(definition, row);
    observe?.(row, outcomes);
    for (const outcome of definition.outcomes) {
      const value = outcomes[outcome.key];
      if (value !== null && value !== undefined) values.get(outcome.key)!.get(row.arm)?.push(value);
    }
  }
  const report = analyzeExperiment({
    arms,
    participantsByArm,
    weights: definition.arms.map((arm) => arm.weight),
    correction: definition.analysisPlan.correction,
    confidenceLevel: 1 - definition.analysisPlan.alpha,
    metrics: definition.outcomes.map((outcome) => outcomeMetricInput(outcome, values.get(outcome.key)!)),
  });
  const srm =
    randomisation.method === 'permuted-blocks'
      ? blockBalanceCheck({ arms, weights: definition.arms.map((arm) => arm.weight), blockSize: randomisation.blockSize }, blocks)
      : report.srm;
  const primaryMetrics = definition.outcomes.filter((outcome) => outcome.primary).map((outcome) => outcome.key);
  return { experiment: definition.key, plan: { ...definition.analysisPlan, primaryMetric: primaryMetrics[0], primaryMetrics }, ...report, srm };
}
