import type { SqlRow } from './sql-database';
import type {
  ApiKey,
  AuditEntry,
  BlockPosition,
  ExperimentState,
  ParticipantDataRow,
  ParticipantRecord,
  StoredApiEvent,
  StoredDecision,
  User,
} from './store';

/**
 * The one mapping from SQL rows (as both engines return them: times as ISO
 * text, JSON as text, booleans as 0/1) to the store's records, so that the
 * modules and the engines cannot drift apart. Column names are the tables'.
 */

const text = (value: unknown) => value as string;
const textOrNull = (value: unknown) => value as string | null;
const dateOrNull = (value: unknown) => (value === null ? null : new Date(value as string));
const flagOrNull = (value: unknown) => (value === null ? null : value === 1);
const jsonOrNull = <T>(value: unknown): T | null => (value === null ? null : (JSON.parse(value as string) as T));

/**
 * @example
 * toApiKey({ id: 'k1', name: 'Lender', client_key: 'sdk-1', experiments_json: null, scopes_json: '["results"]', created_at: '2026-01-01T00:00:00.000Z', revoked_at: null });
 * // => { id: 'k1', name: 'Lender', clientKey: 'sdk-1', experiments: null, scopes: ['results'], createdAt: Date, revokedAt: null }
 */
export const toApiKey = (row: SqlRow): ApiKey => ({
  id: text(row.id),
  name: text(row.name),
  clientKey: text(row.client_key),
  experiments: jsonOrNull<string[]>(row.experiments_json),
  scopes: JSON.parse(textOrNull(row.scopes_json) ?? '[]') as ApiKey['scopes'],
  createdAt: new Date(text(row.created_at)),
  revokedAt: dateOrNull(row.revoked_at),
});

/** @example toUser(await database.get(findUser, { username: 'ada' })) */
export const toUser = (row: SqlRow): User => ({
  username: text(row.username),
  role: row.role as User['role'],
  passwordHash: text(row.password_hash),
  createdAt: new Date(text(row.created_at)),
  failedLogins: row.failed_logins as number,
  lockedUntil: dateOrNull(row.locked_until),
  disabledAt: dateOrNull(row.disabled_at ?? null),
});

/** @example toExperimentState(await database.get(findExperimentState, { experimentKey: 'loan-anchor' })) */
export const toExperimentState = (row: SqlRow): ExperimentState => ({
  experimentKey: text(row.experiment_key),
  state: row.state as ExperimentState['state'],
  changedAt: new Date(text(row.changed_at)),
  startedAt: dateOrNull(row.started_at),
  definitionSha256: textOrNull(row.definition_sha256),
  frozenDefinition: jsonOrNull<unknown>(row.frozen_definition_json),
});

/** A decision row; `arm` may be aliased (the participant query reads it as `decision_arm`). */
export const toDecision = (row: SqlRow, arm = text(row.arm)): StoredDecision => ({
  arm,
  values: JSON.parse(text(row.values_json)) as StoredDecision['values'],
  keptDefault: flagOrNull(row.kept_default),
  decidedAt: new Date(text(row.decided_at)),
  timeToDecisionMs: row.time_to_decision_ms as number | null,
  timingSource: row.timing_source as StoredDecision['timingSource'],
  processDataStatus: (row.process_data_status ?? 'missing') as StoredDecision['processDataStatus'],
});

/** @example toApiEvent(row).value // => true, parsed from value_json 'true' */
export const toApiEvent = (row: SqlRow): StoredApiEvent => ({
  experimentKey: text(row.experiment_key),
  participantId: text(row.participant_id),
  name: text(row.name),
  value: JSON.parse(text(row.value_json)) as StoredApiEvent['value'],
  occurredAt: new Date(text(row.occurred_at)),
  receivedAt: new Date(text(row.received_at)),
  apiKeyId: text(row.api_key_id),
  idempotencyKey: textOrNull(row.idempotency_key),
});

/** @example toAuditEntry(row).details // => { experiments: ['loan-anchor'] } */
export const toAuditEntry = (row: SqlRow): AuditEntry => ({
  at: new Date(text(row.at)),
  actor: text(row.actor),
  action: text(row.action),
  subject: text(row.subject),
  details: jsonOrNull<Record<string, unknown>>(row.details_json),
});

/** The assignment's place in its permuted block, from `stratum`, `block_index` and `block_position`; null for hashing. */
const toBlockPosition = (row: SqlRow): BlockPosition | null =>
  row.block_index === null || row.block_index === undefined
    ? null
    : { stratum: text(row.stratum), blockIndex: row.block_index as number, position: row.block_position as number };

/** One participant as the participant flow reads it (see participation-store.ts, `findParticipant`). */
export const toParticipantRecord = (row: SqlRow): ParticipantRecord => ({
  experimentKey: text(row.experiment_key),
  participantId: text(row.participant_id),
  panelId: textOrNull(row.panel_id),
  source: row.source as ParticipantRecord['source'],
  locale: row.locale as ParticipantRecord['locale'],
  enteredAt: new Date(text(row.entered_at)),
  arm: textOrNull(row.arm),
  block: toBlockPosition(row),
  assignedByApiKeyId: textOrNull(row.assigned_by_api_key_id ?? null),
  exposedAt: dateOrNull(row.exposed_at),
  presentation: jsonOrNull<Record<string, unknown>>(row.presentation_json),
  decision: row.values_json === null || row.decided_at === null || row.decision_arm === null ? null : toDecision(row, text(row.decision_arm)),
  answeredAt: dateOrNull(row.answered_at),
  answeredQuestionKeys: JSON.parse(textOrNull(row.answered_keys_json) ?? '[]') as string[],
  completion: row.completion_code === null || row.completed_at === null ? null : { code: text(row.completion_code), completedAt: new Date(text(row.completed_at)) },
});

/** One export row with its JSON aggregates (see participation-store.ts, `streamParticipantRows`). */
export const toParticipantDataRow = (row: SqlRow): ParticipantDataRow => {
  const answers = JSON.parse(textOrNull(row.answers_json) ?? '{}') as Record<string, { answer: string; correct: number | null }>;
  const recorded = row.process_data_status === 'recorded';
  return {
    participantId: text(row.participant_id),
    panelId: textOrNull(row.panel_id),
    source: row.source as ParticipantDataRow['source'],
    isTest: Number(row.is_test) === 1,
    locale: row.locale as ParticipantDataRow['locale'],
    userAgentClass: row.user_agent_class as ParticipantDataRow['userAgentClass'],
    arm: text(row.arm),
    block: toBlockPosition(row),
    enteredAt: text(row.entered_at),
    exposedAt: textOrNull(row.exposed_at),
    presentation: jsonOrNull<Record<string, unknown>>(row.presentation_json),
    decision: jsonOrNull<Record<string, number | string>>(row.values_json),
    keptDefault: flagOrNull(row.kept_default),
    decidedAt: textOrNull(row.decided_at),
    timeToDecisionMs: row.time_to_decision_ms as number | null,
    timingSource: row.timing_source as ParticipantDataRow['timingSource'],
    processDataStatus: row.values_json === null ? null : recorded ? 'recorded' : 'missing',
    completedAt: textOrNull(row.completed_at),
    attributes: JSON.parse(textOrNull(row.attributes_json) ?? '{}') as Record<string, string>,
    answers: Object.fromEntries(Object.entries(answers).map(([key, value]) => [key, { answer: value.answer, correct: flagOrNull(value.correct) }])),
    changesByField: recorded ? (JSON.parse(textOrNull(row.changes_json) ?? '{}') as Record<string, number>) : null,
    infoPanelsOpened: Number(row.panels_opened),
    events: JSON.parse(textOrNull(row.events_json) ?? '[]') as ParticipantDataRow['events'],
    panelParameters: JSON.parse(textOrNull(row.panel_parameters_json) ?? '{}') as Record<string, string>,
  };
};
