import { exclusionReasons, type ExclusionFacts } from '../../analysis/exclusion-reasons';
import { armOutcomeDeriver } from '../../experiments/arm-outcome-deriver';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { DecisionFacts, DecisionReadNeeds, EntryRange, ResultsReadStore } from '../store/results-read-store';
import { GrowableFloat64Array } from '../cli/growable-float64-array';
import type { ModelRows, OutcomeColumns } from './experiment-data';

/** The decisions of a stretch of entry order, reduced to typed columns; stretches read side by side are joined in order (see joinDecisionColumns). */
export interface DecisionColumns {
  /** Every outcome on the analysed participants (decided, no exclusion rule applies), by arm. */
  analysed: OutcomeColumns;
  /** The primary outcomes on everyone who decided, by arm. */
  everyoneWhoDecided: OutcomeColumns;
  decidedByArm: Map<string, number>;
  /** Per arm, how many decisions each set of exclusion rules excluded: the rule names joined by a line break ('' for none: analysed). */
  exclusionsByArm: Map<string, Map<string, number>>;
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

/**
 * What the decision read must bring for this definition (see DecisionReadNeeds).
 *
 * @example
 * decisionReadNeeds(loanAnchor).completion; // => true (its plan excludes those who did not complete)
 */
function decisionReadNeeds(definition: ExperimentDefinition): DecisionReadNeeds {
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
 * One pass over the decisions of `range` (all of them when left out), in
 * entry order (as the export): each decision's outcomes derived as the export
 * derives them (by a deriver built once per arm) and appended to typed
 * columns per outcome and arm, and the exclusion rules that apply to it
 * counted; no row object is kept. Test traffic is never read.
 *
 * @example
 * const columns = await readDecisionColumns(store, experiments.get('loan-anchor')!.definition);
 * columns.analysed.get('amount')!.get('control')!.length; // => 121
 */
export async function readDecisionColumns(
  reads: Pick<ResultsReadStore, 'streamDecisionFacts'>,
  definition: ExperimentDefinition,
  range: EntryRange = {},
): Promise<DecisionColumns> {
  const arms = definition.arms.map((arm) => arm.key);
  const rules = definition.analysisPlan.exclusions;
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

  // Per arm, looked up once rather than per decision: the columns its rows go to (by outcome index), its outcome derivation and its exclusion counts.
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
        // Keyed by the list itself: the lists below are shared per combination of facts, so few keys.
        exclusions: new Map<readonly string[], number>(),
      },
    ]),
  );
  const noRules = rules.length === 0;
  const included: string[] = [];
  // What excludes a decision depends on a few facts only; without a timing rule, on two flags: decided once per combination.
  const exclusionsByFlags = rules.some((rule) => rule.rule === 'decided-faster-than') ? null : new Map<number, string[]>();
  // Process summaries (`{"changes":{"amount":2},"panelsOpened":0}`) and a screen's values (`{"amount":9600,"term":60}`) take few distinct forms
  // among many decisions: each parsed once (read-only, so shared), up to a bound, rather than once per decision.
  const parsedChanges = new Map<string, Record<string, number>>();
  const changesOf = (summaryText: string): Record<string, number> => {
    let found = parsedChanges.get(summaryText);
    if (!found) {
      found = (JSON.parse(summaryText) as { changes?: Record<string, number> }).changes ?? {};
      if (parsedChanges.size < 10_000) parsedChanges.set(summaryText, found);
    }
    return found;
  };
  const parsedValues = new Map<string, Record<string, number | string>>();
  const valuesOf = (text: string): Record<string, number | string> => {
    let found = parsedValues.get(text);
    if (!found) {
      found = JSON.parse(text) as Record<string, number | string>;
      if (parsedValues.size < 10_000) parsedValues.set(text, found);
    }
    return found;
  };
  const outcomes: (number | null)[] = new Array(outcomeKeys.length);

  for await (const batch of reads.streamDecisionFacts(definition.key, needs, range)) {
    for (const row of batch) addDecision(row);
  }

  /** One decision into its arm's columns, its exclusion counts and (when the plan asks for them) the model rows. */
  function addDecision(row: DecisionFacts): void {
    const columns = columnsByArm.get(row.arm);
    if (!columns) return;
    columns.decided += 1;
    const recorded = row.process_data_status === 'recorded';
    const changesByField = recorded && needs.changes && row.process_summary_json !== null ? changesOf(row.process_summary_json) : recorded ? {} : null;
    columns.derive(
      {
        values: valuesOf(row.values_json),
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
    columns.exclusions.set(excludedBy, (columns.exclusions.get(excludedBy) ?? 0) + 1);
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
  const exclusionsByPattern = (counts: Map<readonly string[], number>) => {
    const byPattern = new Map<string, number>();
    for (const [excludedBy, count] of counts) byPattern.set(excludedBy.join('\n'), (byPattern.get(excludedBy.join('\n')) ?? 0) + count);
    return byPattern;
  };
  return {
    analysed: finished(analysed),
    everyoneWhoDecided: finished(everyone),
    decidedByArm: new Map([...columnsByArm].map(([arm, columns]) => [arm, columns.decided])),
    exclusionsByArm: new Map([...columnsByArm].map(([arm, columns]) => [arm, exclusionsByPattern(columns.exclusions)])),
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
