import { participantFlow, type ParticipantFlow } from '../../analysis/participant-flow';
import type { BlockAssignment } from '../../analysis/block-balance-check';
import type { Experiment } from '../../experiments/validate-experiments';
import type { EnrolmentDayCount } from '../store/results-read-store';
import type { Store } from '../store/store';
import { startParallelDecisionRead } from './start-parallel-decision-read';

/** Values by outcome key, then by arm. */
export type OutcomeColumns = Map<string, Map<string, Float64Array>>;

/** A pre-treatment measure read per analysed participant: a number (NaN where missing) or a level (null where missing). */
export type PretreatmentColumn =
  | { key: string; source: 'question' | 'attribute'; kind: 'numeric'; values: Float64Array }
  | { key: string; source: 'question' | 'attribute'; kind: 'categorical'; values: (string | null)[] };

/**
 * The analysed participants row by row, for the models (covariates,
 * moderators, factorial cells): read only when the plan or the design asks
 * for them. Row i of every column is the same participant.
 */
export interface ModelRows {
  arms: string[];
  /** Per primary outcome, its value on each row (NaN where it does not apply). */
  outcomes: Map<string, Float64Array>;
  pretreatment: PretreatmentColumn[];
}

/** An experiment's stored data, reduced to what the results and charts need; memory grows with the decisions only as typed arrays. */
export interface ExperimentData {
  arms: string[];
  /** Real participants enrolled per arm (the sample-ratio check). */
  participantsByArm: Map<string, number>;
  /** Real participants who decided, per arm. */
  decidedByArm: Map<string, number>;
  flow: ParticipantFlow;
  /** Every outcome on the analysed participants (decided, no exclusion rule applies), by arm. */
  analysed: OutcomeColumns;
  /** The primary outcomes on everyone who decided (the sensitivity analysis and the distribution chart), by arm. */
  everyoneWhoDecided: OutcomeColumns;
  /** The permuted-block place of each participant; empty for hashing. */
  blocks: BlockAssignment[];
  enrolment: EnrolmentDayCount[];
  /** Present when the plan declares covariates or moderators, or the design factors. */
  modelRows: ModelRows | null;
}

/**
 * Reads an experiment's data for the results: counts the database groups
 * (enrolment per arm and day, which summed gives the entered per arm; the
 * exposed and the completed per arm) and one pass over the decisions (which
 * counts the decided) in entry order, as the
 * export, into typed columns per outcome and arm (readDecisionColumns; on a
 * large SQLite experiment two halves side by side, see
 * startParallelDecisionRead); no row object is kept. Test traffic is never
 * read.
 *
 * @example
 * const data = await readExperimentData(store, experiments.get('loan-anchor')!);
 * data.analysed.get('amount')!.get('control')!.length; // => 121
 */
export async function readExperimentData(store: Store, experiment: Experiment): Promise<ExperimentData> {
  const { definition } = experiment;
  const arms = definition.arms.map((arm) => arm.key);
  const armByKey = new Map(definition.arms.map((arm) => [arm.key, arm]));
  const rules = definition.analysisPlan.exclusions;
  const flow = participantFlow(arms, rules.map((exclusion) => exclusion.rule));
  const participantsByArm = new Map(arms.map((arm) => [arm, 0]));
  const decidedByArm = new Map(arms.map((arm) => [arm, 0]));

  // Started first: on a large experiment a worker reads half of the decisions while this thread counts.
  const decisionRead = await startParallelDecisionRead(store, definition);
  // Each index read once: the entered per arm are the enrolment counts summed over the days, and the decided are counted by the decision read.
  const [enrolment, laterSteps, blockRows] = await Promise.all([
    store.countEnrolmentByArmAndDay(definition.key),
    store.countExposedAndCompletedByArm(definition.key),
    definition.randomisation.method === 'permuted-blocks' ? store.listBlockAssignments(definition.key) : Promise.resolve([]),
  ]);
  const knownEnrolment = enrolment.filter((row) => armByKey.has(row.arm));
  for (const row of knownEnrolment) participantsByArm.set(row.arm, participantsByArm.get(row.arm)! + row.entered);
  for (const [arm, entered] of participantsByArm) {
    if (entered === 0) continue;
    const { exposed = 0, completed = 0 } = laterSteps.get(arm) ?? {};
    flow.addStepCounts(arm, { entered, exposed, completed });
  }

  const columns = await decisionRead.columns();
  for (const [arm, exclusions] of columns.exclusionsByArm) {
    for (const [pattern, count] of exclusions) flow.addDecision(arm, pattern === '' ? [] : pattern.split('\n'), count);
  }
  for (const [arm, count] of columns.decidedByArm) decidedByArm.set(arm, count);

  return {
    arms,
    participantsByArm,
    decidedByArm,
    flow: flow.result(),
    analysed: columns.analysed,
    everyoneWhoDecided: columns.everyoneWhoDecided,
    blocks: blockRows
      .filter((row) => armByKey.has(row.arm))
      .map((row) => (row.blockIndex === null ? { arm: row.arm, stratum: null, blockIndex: null } : { arm: row.arm, stratum: row.stratum, blockIndex: Number(row.blockIndex) })),
    enrolment: knownEnrolment,
    modelRows: columns.modelRows,
  };
}
