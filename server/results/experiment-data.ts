import { exclusionReasons, type ExclusionFacts } from '../../analysis/exclusion-reasons';
import { participantFlow, type ParticipantFlow } from '../../analysis/participant-flow';
import type { BlockAssignment } from '../../analysis/block-balance-check';
import { armOutcomeDeriver } from '../../experiments/arm-outcome-deriver';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { Experiment } from '../../experiments/validate-experiments';
import type { DecisionFacts, DecisionReadNeeds, EnrolmentDayCount } from '../store/results-read-store';
import type { Store } from '../store/store';
import { GrowableFloat64Array } from '../cli/growable-float64-array';
import { cachedStepsByArm } from './cached-steps-by-arm';

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

/** The before-screen questions and lender attributes the plan reads, with how each is read. */
function pretreatmentMeasures(definition: ExperimentDefinition): { key: string; source: 'question' | 'attribute'; kind: 'numeric' | 'categorical' }[] {
  const plan = definition.analysisPlan;
  const keys = [...new Set([...plan.covariates, ...plan.moderators.map((moderator) => moderator.key)])];
  return keys.map((key) => {
    const question = definition.questionnaire.find((candidate) => candidate.key === key);
    if (question) return { key, source: 'question' as const, kind: question.kind === 'single-choice' ? ('categorical' as const) : ('numeric' as const) };
    return { key, source: 'attribute' as const, kind: 'categorical' as const };
  });
}

/** What the exclusion rules look at in one decision as read. */
function exclusionFactsOf(row: DecisionFacts, completed: boolean, failedAttentionCheck: boolean): ExclusionFacts {
  return {
    decided: true,
    completed,
    attentionChecks: failedAttentionCheck ? [false] : [],
    clientSecondsToDecide: row.timing_source === 'client' && row.time_to_decision_ms !== null ? row.time_to_decision_ms / 1000 : null,
  };
}

/** What the decision read must bring for this definition (see DecisionReadNeeds). */
export function decisionReadNeeds(definition: ExperimentDefinition): DecisionReadNeeds {
  const rules = definition.analysisPlan.exclusions.map((exclusion) => exclusion.rule);
  const measures = pretreatmentMeasures(definition);
  return {
    completion: rules.includes('did-not-complete'),
    attentionCheckKeys: rules.includes('failed-attention-check') ? definition.questionnaire.filter((question) => question.role === 'attention-check').map((question) => question.key) : [],
    changes: definition.outcomes.some((outcome) => outcome.derive.from === 'changes'),
    eventNames: [...new Set(definition.outcomes.flatMap((outcome) => (outcome.derive.from === 'event' ? [outcome.derive.name] : [])))],
    pretreatmentQuestionKeys: measures.filter((measure) => measure.source === 'question').map((measure) => measure.key),
    attributeKeys: measures.filter((measure) => measure.source === 'attribute').map((measure) => measure.key),
  };
}

/**
 * Reads an experiment's data for the results in one pass over the decisions
 * (in entry order, as the export) plus counts the database groups:
 * participants per arm at each step (shared with the dashboard), enrolment
 * per arm and day. Each decision's outcomes are derived as the export
 * derives them (by a deriver built once per arm) and appended to typed
 * columns per outcome and arm; no row object is kept. Test traffic is never
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

  const [steps, enrolment, blockRows] = await Promise.all([
    cachedStepsByArm(store, definition.key),
    store.countEnrolmentByArmAndDay(definition.key),
    definition.randomisation.method === 'permuted-blocks' ? store.listBlockAssignments(definition.key) : Promise.resolve([]),
  ]);
  for (const row of steps.filter((count) => armByKey.has(count.arm))) {
    participantsByArm.set(row.arm, row.entered);
    flow.addStepCounts(row.arm, row);
  }
  const knownEnrolment = enrolment.filter((row) => armByKey.has(row.arm));

  const columnsOf = (outcomes: readonly { key: string }[]) => new Map(outcomes.map((outcome) => [outcome.key, new Map(arms.map((arm) => [arm, new GrowableFloat64Array()]))]));
  const primaryOutcomes = definition.outcomes.filter((outcome) => outcome.primary);
  const analysed = columnsOf(definition.outcomes);
  const everyone = columnsOf(primaryOutcomes);
  const needs = decisionReadNeeds(definition);
  const measures = pretreatmentMeasures(definition);
  const wantsModelRows = measures.length > 0 || definition.factors.length > 0;
  const modelArms: string[] = [];
  const modelOutcomes = new Map(primaryOutcomes.map((outcome) => [outcome.key, new GrowableFloat64Array()]));
  const modelPretreatment = measures.map((measure) => ({ ...measure, numbers: new GrowableFloat64Array(), levels: [] as (string | null)[] }));

  // Per arm, looked up once rather than per decision: the columns its rows go to (by outcome index) and its outcome derivation.
  const outcomeKeys = definition.outcomes.map((outcome) => outcome.key);
  const modelOutcomeIndexes = [...modelOutcomes.keys()].map((key) => outcomeKeys.indexOf(key));
  const columnsByArm = new Map(
    definition.arms.map((arm) => [
      arm.key,
      {
        analysed: outcomeKeys.map((key) => analysed.get(key)!.get(arm.key)!),
        everyone: outcomeKeys.map((key) => everyone.get(key)?.get(arm.key) ?? null),
        derive: armOutcomeDeriver(definition, arm),
        decided: 0,
      },
    ]),
  );
  const noRules = rules.length === 0;
  const included: string[] = [];
  // What excludes a decision depends on a few facts only; without a timing rule, on two flags: decided once per combination.
  const exclusionsByFlags = rules.some((rule) => rule.rule === 'decided-faster-than') ? null : new Map<number, string[]>();
  // Changes per field take few distinct forms (`{"amount":2}`): parsed once each (read-only, so shared), up to a bound.
  const parsedChanges = new Map<string, Record<string, number>>();
  const changesOf = (text: string): Record<string, number> => {
    let found = parsedChanges.get(text);
    if (!found) {
      found = JSON.parse(text) as Record<string, number>;
      if (parsedChanges.size < 10_000) parsedChanges.set(text, found);
    }
    return found;
  };
  const outcomes: (number | null)[] = new Array(outcomeKeys.length);

  for await (const batch of store.streamDecisionFacts(definition.key, needs)) {
    for (const row of batch) addDecision(row);
  }
  for (const [arm, columns] of columnsByArm) decidedByArm.set(arm, columns.decided);

  /** One decision into its arm's columns, the flow and (when the plan asks for them) the model rows. */
  function addDecision(row: DecisionFacts): void {
    const columns = columnsByArm.get(row.arm);
    if (!columns) return;
    columns.decided += 1;
    const recorded = row.process_data_status === 'recorded';
    const changesByField = recorded && needs.changes ? changesOf(row.changes_json ?? '{}') : recorded ? {} : null;
    columns.derive(
      {
        values: JSON.parse(row.values_json) as Record<string, number | string>,
        timeToDecisionMs: row.time_to_decision_ms,
        timingSource: row.timing_source,
        changesByField,
        events: row.events_json === null ? [] : (JSON.parse(row.events_json) as { name: string; value: number | string | boolean | null }[]),
      },
      outcomes,
    );
    const completed = Number(row.completed ?? 0) > 0;
    const failedAttentionCheck = Number(row.failed_attention_checks ?? 0) > 0;
    let excludedBy = included;
    if (!noRules && exclusionsByFlags) {
      const flags = Number(completed) + 2 * Number(failedAttentionCheck);
      excludedBy = exclusionsByFlags.get(flags) ?? exclusionsByFlags.set(flags, exclusionReasons(rules, exclusionFactsOf(row, completed, failedAttentionCheck))).get(flags)!;
    } else if (!noRules) excludedBy = exclusionReasons(rules, exclusionFactsOf(row, completed, failedAttentionCheck));
    flow.addDecision(row.arm, excludedBy);
    const isAnalysed = excludedBy.length === 0;
    for (let index = 0; index < outcomes.length; index++) {
      const value = outcomes[index];
      if (value === null || value === undefined) continue;
      if (isAnalysed) columns.analysed[index]!.push(value);
      columns.everyone[index]?.push(value);
    }
    if (wantsModelRows && isAnalysed) {
      modelArms.push(row.arm);
      let position = 0;
      for (const column of modelOutcomes.values()) column.push(outcomes[modelOutcomeIndexes[position++]!] ?? Number.NaN);
      const answers = row.answers_json === null ? {} : (JSON.parse(row.answers_json) as Record<string, string>);
      const attributes = row.attributes_json === null ? {} : (JSON.parse(row.attributes_json) as Record<string, string>);
      for (const measure of modelPretreatment) {
        const raw = (measure.source === 'question' ? answers : attributes)[measure.key];
        if (measure.kind === 'numeric') measure.numbers.push(raw === undefined || raw === null || raw === '' ? Number.NaN : Number(raw));
        else measure.levels.push(raw === undefined || raw === null || raw === '' ? null : String(raw));
      }
    }
  }

  const finished = (columns: Map<string, Map<string, GrowableFloat64Array>>): OutcomeColumns =>
    new Map([...columns].map(([key, byArm]) => [key, new Map([...byArm].map(([arm, column]) => [arm, column.values()]))]));
  return {
    arms,
    participantsByArm,
    decidedByArm,
    flow: flow.result(),
    analysed: finished(analysed),
    everyoneWhoDecided: finished(everyone),
    blocks: blockRows
      .filter((row) => armByKey.has(row.arm))
      .map((row) => (row.blockIndex === null ? { arm: row.arm, stratum: null, blockIndex: null } : { arm: row.arm, stratum: row.stratum, blockIndex: Number(row.blockIndex) })),
    enrolment: knownEnrolment,
    modelRows: wantsModelRows
      ? {
          arms: modelArms,
          outcomes: new Map([...modelOutcomes].map(([key, column]) => [key, column.values()])),
          pretreatment: modelPretreatment.map(({ key, source, kind, numbers, levels }) =>
            kind === 'numeric' ? { key, source, kind, values: numbers.values() } : { key, source, kind, values: levels },
          ),
        }
      : null,
  };
}
