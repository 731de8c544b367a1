import { deriveOutcomes } from '../../experiments/derive-outcomes';
import { stratumLevels } from '../../experiments/stratum-levels';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import { screenTemplateOf } from '../../experiments/templates/template-registry';
import type { ParticipantDataRow } from '../store/store';
import { participantExclusions } from './participant-exclusions';

export type CellValue = string | number | boolean | null;

/** One exported column: its name, what it means, its type and unit, its allowed values, and how a row fills it. */
export interface ExportColumn {
  name: string;
  meaning: string;
  type: 'string' | 'integer' | 'number' | 'binary' | 'category' | 'datetime';
  unit?: string;
  allowedValues?: (string | number)[];
  value(row: ParticipantDataRow, outcomes: Record<string, number | null>): CellValue;
}

/**
 * The columns of the per-participant export of an experiment, in order. The
 * decision columns (and any columns of what the screen showed) come from the
 * experiment's screen template. The codebook is this list without the
 * `value` functions, so it describes every exported column by construction.
 * With `includeTest` (an export that keeps test traffic) an `is_test` column
 * follows `source`.
 *
 * @example
 * exportColumns(loanAnchor).map((column) => column.name).slice(10, 13); // => ['excluded_by', 'chosen_amount', 'chosen_term']
 */
export function exportColumns(definition: ExperimentDefinition, { includeTest = false }: { includeTest?: boolean } = {}): ExportColumn[] {
  const armKeys = definition.arms.map((arm) => arm.key);
  const template = screenTemplateOf(definition);
  const decisionFields = template.decisionFields(definition.screen);
  const columns: ExportColumn[] = [
    { name: 'participant_id', meaning: 'Pseudonymous participant id (the panel id, a generated UUID, or the lender’s unit id).', type: 'string', value: (row) => row.participantId },
    { name: 'panel_id', meaning: `Panel id from the entry link’s ${definition.panel.idParameter} parameter, if any.`, type: 'string', value: (row) => row.panelId },
    ...definition.panel.recordParameters.map<ExportColumn>((parameter) => ({ name: `panel_${parameter}`, meaning: `The entry link’s ${parameter} parameter, as the panel gave it.`, type: 'string', value: (row) => row.panelParameters[parameter] ?? null })),
    { name: 'source', meaning: 'How the participant arrived: the participant pages (panel) or the lender API (api).', type: 'category', allowedValues: ['panel', 'api'], value: (row) => row.source },
    ...(includeTest
      ? [{ name: 'is_test', meaning: 'Test traffic (1): a simulated participant or one who came through a test link; 0 for a real participant. Only present when the export includes test traffic (--include-test); the results never count test traffic.', type: 'binary' as const, value: (row: ParticipantDataRow) => (row.isTest ? 1 : 0) }]
      : []),
    {
      name: 'arm',
      meaning: `Assigned arm (${definition.randomisation.method === 'hash' ? 'GrowthBook hash v2' : 'permuted blocks'}, sticky)${definition.factors.length > 0 ? `: the cell of the factorial design, ${definition.factors.map((factor) => factor.key).join(' × ')}` : ''}.`,
      type: 'category',
      allowedValues: armKeys,
      value: (row) => row.arm,
    },
    ...factorColumns(definition),
    ...blockColumns(definition),
    ...definition.lenderAttributes.map<ExportColumn>((attribute) => ({
      name: attribute.key,
      meaning: `Lender attribute: ${attribute.label}, as the lender sent it with the assignment (pre-treatment); empty when not sent (and for participants of the participant pages).`,
      type: 'category',
      allowedValues: attribute.levels,
      value: (row) => row.attributes[attribute.key] ?? null,
    })),
    { name: 'locale', meaning: `Language the participant took part in, chosen by the entry link’s lang among the experiment’s languages (${definition.languages.available.join(', ')}; default ${definition.languages.default}), fixed at consent; the browser’s language is not used.`, type: 'category', allowedValues: [...definition.languages.available], value: (row) => row.locale },
    { name: 'device', meaning: 'Device class from the browser (the user agent itself is not stored).', type: 'category', allowedValues: ['mobile', 'tablet', 'desktop', 'bot', 'unknown'], value: (row) => row.userAgentClass },
    { name: 'entered_at', meaning: 'When the participant consented (UTC, ISO 8601).', type: 'datetime', value: (row) => row.enteredAt },
    { name: 'exposed_at', meaning: 'When the credit screen was first shown (UTC).', type: 'datetime', value: (row) => row.exposedAt },
    { name: 'decided_at', meaning: 'When the decision was submitted (UTC).', type: 'datetime', value: (row) => row.decidedAt },
    { name: 'completed_at', meaning: 'When the participant completed (UTC); empty when they did not.', type: 'datetime', value: (row) => row.completedAt },
    {
      name: 'excluded_by',
      meaning: `Pre-registered exclusion rules of the analysis plan that apply to the participant, separated by ; (${definition.analysisPlan.exclusions.map((exclusion) => (exclusion.rule === 'decided-faster-than' ? `decided-faster-than: decided in under ${exclusion.seconds} s by the browser’s timing` : exclusion.rule === 'failed-attention-check' ? 'failed-attention-check: answered an attention check wrongly' : 'did-not-complete: did not reach the debrief')).join('; ') || 'none declared'}). Empty when none applies: the participant is then analysed if they decided. The results compute every metric on rows with a decision and an empty excluded_by.`,
      type: 'string',
      value: (row) => participantExclusions(definition, row).join(';'),
    },
    ...decisionFields.map<ExportColumn>((decision) => ({
      name: decision.column,
      meaning: decision.meaning,
      type: decision.type,
      ...(decision.unit ? { unit: decision.unit } : {}),
      ...(decision.allowedValues ? { allowedValues: decision.allowedValues } : {}),
      value: (row) => row.decision?.[decision.field] ?? null,
    })),
    ...template.presentationColumns.map<ExportColumn>((column) => ({
      name: column.column,
      meaning: column.meaning,
      type: 'string',
      value: (row) => column.value(row.presentation as Parameters<typeof column.value>[0]),
    })),
    { name: 'kept_default', meaning: 'Whether the participant kept the arm’s pre-filled or pre-selected value (1/0); empty in arms without one.', type: 'binary', value: (row) => row.keptDefault },
    { name: 'seconds_to_decide', meaning: 'Seconds from the screen being shown to the decision.', type: 'number', unit: 'seconds', value: (row) => (row.timeToDecisionMs === null ? null : row.timeToDecisionMs / 1000) },
    { name: 'timing_source', meaning: 'Where seconds_to_decide was measured: in the browser (client) or on the server.', type: 'category', allowedValues: ['client', 'server'], value: (row) => row.timingSource },
    {
      name: 'server_time_to_decide',
      meaning: 'Seconds from the screen being first shown to the decision being stored, measured on the server (includes page loading and network time); the time_to_decide outcome uses browser timings only.',
      type: 'number',
      unit: 'seconds',
      value: (row) => (row.exposedAt && row.decidedAt ? (Date.parse(row.decidedAt) - Date.parse(row.exposedAt)) / 1000 : null),
    },
    { name: 'process_data', meaning: 'Whether the browser sent process data (recorded) or ran no JavaScript (missing).', type: 'category', allowedValues: ['recorded', 'missing'], value: (row) => row.processDataStatus },
    ...decisionFields.map<ExportColumn>((decision) => ({
      name: `changes_${decision.field}`,
      meaning: `Times the participant changed the ${decision.field} field; empty when process data is missing.`,
      type: 'integer',
      value: (row) => (row.changesByField === null ? null : (row.changesByField[decision.field] ?? 0)),
    })),
    { name: 'info_panels_opened', meaning: 'Information panels the participant opened.', type: 'integer', value: (row) => row.infoPanelsOpened },
    ...definition.outcomes.map<ExportColumn>((outcome) => ({
      name: outcome.key,
      meaning: `Outcome: ${outcome.label}${outcome.primary ? ' (primary outcome of the analysis plan)' : ''}.`,
      type: outcome.type === 'binary' ? 'binary' : 'number',
      ...(outcome.unit ? { unit: outcome.unit } : {}),
      value: (_row, outcomes) => outcomes[outcome.key] ?? null,
    })),
    ...definition.questionnaire.flatMap<ExportColumn>((question) => {
      const answer: ExportColumn = {
        name: `q_${question.key}`,
        meaning: `Answer (${question.role}${question.timing === 'before-screen' ? '; asked before the screen, so pre-treatment' : ''}): ${question.text.en}`,
        type: question.kind === 'number' ? 'number' : question.kind === 'scale7' ? 'integer' : 'category',
        ...(question.kind === 'single-choice' ? { allowedValues: question.options.map((option) => option.value) } : {}),
        ...(question.kind === 'scale7' ? { allowedValues: [1, 2, 3, 4, 5, 6, 7] } : {}),
        ...(question.kind === 'number' && question.unit !== 'none' ? { unit: question.unit } : {}),
        value: (row) => {
          const stored = row.answers[question.key]?.answer;
          return stored === undefined ? null : question.kind === 'single-choice' ? stored : Number(stored);
        },
      };
      const scored =
        (question.kind === 'single-choice' && (question.correct !== undefined || question.correctByArm !== undefined)) ||
        (question.kind === 'scale7' && question.correct !== undefined) ||
        (question.kind === 'number' && (question.truth !== undefined || question.truthByArm !== undefined));
      const correct: ExportColumn = {
        name: `q_${question.key}_correct`,
        meaning: `Whether q_${question.key} is correct (1/0)${question.kind === 'number' ? `, within ${question.tolerance * 100}% of the true value` : ''}.`,
        type: 'binary',
        value: (row) => row.answers[question.key]?.correct ?? null,
      };
      return scored ? [answer, correct] : [answer];
    }),
  ];
  return columns;
}

/** One column per factor of a factorial design, holding the level of the participant's cell (empty for an arm no longer declared). */
function factorColumns(definition: ExperimentDefinition): ExportColumn[] {
  const levelsByArm = new Map(definition.arms.map((arm) => [arm.key, arm.factorLevels ?? {}]));
  return definition.factors.map((factor) => ({
    name: factor.key,
    meaning: `Factor: ${factor.label}; the level of the participant’s cell (${factor.levels.map((level) => `${level.key} = ${level.label}`).join('; ')}). The first level, ${factor.levels[0]!.key}, is the reference.`,
    type: 'category',
    allowedValues: factor.levels.map((level) => level.key),
    value: (row) => levelsByArm.get(row.arm)?.[factor.key] ?? null,
  }));
}

/** For permuted-block randomisation: the participant's stratum and block (empty for an arm not drawn from blocks). */
function blockColumns(definition: ExperimentDefinition): ExportColumn[] {
  if (definition.randomisation.method !== 'permuted-blocks') return [];
  const { stratum } = definition.randomisation;
  const levels = stratumLevels(definition);
  const source = stratum?.from === 'entry-parameter' ? `the entry parameter ${stratum.name}` : `the answer to the before-screen question ${stratum?.key}, or the lender API's stratum`;
  return [
    {
      name: 'stratum',
      meaning: stratum ? `Stratum of the permuted blocks (from ${source}).` : 'Stratum of the permuted blocks; empty: the design has no strata.',
      type: 'category',
      ...(levels ? { allowedValues: [...levels] } : {}),
      value: (row) => (row.block && row.block.stratum !== '' ? row.block.stratum : null),
    },
    {
      name: 'block_number',
      meaning: `Number of the permuted block (of ${definition.randomisation.blockSize} entries) the arm was drawn from, within the stratum, counting from 1.`,
      type: 'integer',
      value: (row) => (row.block ? row.block.blockIndex + 1 : null),
    },
  ];
}

/** The outcomes of one participant, as the experiment declares them. */
export function participantOutcomes(definition: ExperimentDefinition, row: ParticipantDataRow): Record<string, number | null> {
  const arm = definition.arms.find((candidate) => candidate.key === row.arm);
  if (!arm) return Object.fromEntries(definition.outcomes.map((outcome) => [outcome.key, null]));
  return deriveOutcomes(definition, arm, {
    values: row.decision ?? {},
    timeToDecisionMs: row.decision ? row.timeToDecisionMs : null,
    timingSource: row.timingSource,
    changesByField: row.changesByField,
    events: row.events,
  });
}

/** The codebook: every exported column with its meaning, type, unit and allowed values. */
export function codebook(definition: ExperimentDefinition, options: { includeTest?: boolean } = {}) {
  return exportColumns(definition, options).map(({ value: _value, ...column }) => column);
}
