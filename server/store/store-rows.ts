import type {
  ApiKey,
  AuditEntry,
  BlockPosition,
  ExperimentState,
  Locale,
  ParticipantDataRow,
  ParticipantRecord,
  StoredApiEvent,
  StoredDecision,
  User,
} from './store';

/**
 * Rows as both SQL stores read them (same column names and types: times as
 * ISO text, JSON as text, booleans as 0/1), and the one mapping of each to
 * the store's records, so SQLite and PostgreSQL cannot drift apart.
 */

export interface ParticipantRow {
  experiment_key: string;
  participant_id: string;
  panel_id: string | null;
  locale: Locale;
  entered_at: string;
  arm: string;
  /** The permuted block of the assignment (temporary: replaced by the unified store); null for hashing. */
  stratum: string | null;
  block_index: number | null;
  block_position: number | null;
  exposed_at: string | null;
  presentation_json: string | null;
  values_json: string | null;
  time_to_decision_ms: number | null;
  timing_source: 'client' | 'server' | null;
  process_data_status: 'recorded' | 'missing' | null;
  answered_at: string | null;
  kept_default: number | null;
  decided_at: string | null;
  decision_arm: string | null;
  completion_code: string | null;
  completed_at: string | null;
}

export interface DecisionRow {
  arm: string;
  values_json: string;
  kept_default: number | null;
  decided_at: string;
  time_to_decision_ms: number | null;
  timing_source: 'client' | 'server' | null;
  process_data_status: 'recorded' | 'missing';
}

export interface ApiKeyRow {
  id: string;
  name: string;
  client_key: string;
  experiments_json: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface UserRow {
  username: string;
  role: User['role'];
  password_hash: string;
  created_at: string;
  failed_logins: number;
  locked_until: string | null;
}

export interface ExperimentStateRow {
  experiment_key: string;
  state: ExperimentState['state'];
  changed_at: string;
  started_at: string | null;
  definition_sha256: string | null;
  frozen_definition_json: string | null;
}

export interface ApiEventRow {
  experiment_key: string;
  participant_id: string;
  name: string;
  value_json: string;
  occurred_at: string;
  received_at: string;
  api_key_id: string;
  idempotency_key: string | null;
}

export interface AuditRow {
  at: string;
  actor: string;
  action: string;
  subject: string;
  details_json: string | null;
}

/** One row of the participant export query: the participant's columns plus JSON text aggregates. */
export type ParticipantDataSqlRow = Record<string, string | number | null>;

export const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  clientKey: row.client_key,
  experiments: row.experiments_json === null ? null : (JSON.parse(row.experiments_json) as string[]),
  createdAt: new Date(row.created_at),
  revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
});

export const toUser = (row: UserRow): User => ({
  username: row.username,
  role: row.role,
  passwordHash: row.password_hash,
  createdAt: new Date(row.created_at),
  failedLogins: row.failed_logins,
  lockedUntil: row.locked_until === null ? null : new Date(row.locked_until),
});

export const toExperimentState = (row: ExperimentStateRow): ExperimentState => ({
  experimentKey: row.experiment_key,
  state: row.state,
  changedAt: new Date(row.changed_at),
  startedAt: row.started_at === null ? null : new Date(row.started_at),
  definitionSha256: row.definition_sha256,
  frozenDefinition: row.frozen_definition_json === null ? null : JSON.parse(row.frozen_definition_json),
});

export const toDecision = (row: DecisionRow): StoredDecision => ({
  arm: row.arm,
  values: JSON.parse(row.values_json) as Record<string, number | string>,
  keptDefault: row.kept_default === null ? null : row.kept_default === 1,
  decidedAt: new Date(row.decided_at),
  timeToDecisionMs: row.time_to_decision_ms,
  timingSource: row.timing_source,
  processDataStatus: row.process_data_status,
});

export const toApiEvent = (row: ApiEventRow): StoredApiEvent => ({
  experimentKey: row.experiment_key,
  participantId: row.participant_id,
  name: row.name,
  value: JSON.parse(row.value_json) as number | string | boolean | null,
  occurredAt: new Date(row.occurred_at),
  receivedAt: new Date(row.received_at),
  apiKeyId: row.api_key_id,
  idempotencyKey: row.idempotency_key,
});

export const toAuditEntry = (row: AuditRow): AuditEntry => ({
  at: new Date(row.at),
  actor: row.actor,
  action: row.action,
  subject: row.subject,
  details: row.details_json === null ? null : (JSON.parse(row.details_json) as Record<string, unknown>),
});

/** The block an assignment was drawn from, from its three columns; null for hashing. */
const toBlockPosition = (row: { stratum?: unknown; block_index?: unknown; block_position?: unknown }): BlockPosition | null =>
  row.block_index === null || row.block_index === undefined
    ? null
    : { stratum: String(row.stratum ?? ''), blockIndex: Number(row.block_index), position: Number(row.block_position) };

export const toParticipantRecord = (row: ParticipantRow): ParticipantRecord => ({
  experimentKey: row.experiment_key,
  participantId: row.participant_id,
  panelId: row.panel_id,
  locale: row.locale,
  enteredAt: new Date(row.entered_at),
  block: toBlockPosition(row),
  arm: row.arm,
  exposedAt: row.exposed_at === null ? null : new Date(row.exposed_at),
  presentation: row.presentation_json === null ? null : (JSON.parse(row.presentation_json) as Record<string, unknown>),
  decision:
    row.values_json === null || row.decided_at === null || row.decision_arm === null
      ? null
      : toDecision({
          arm: row.decision_arm,
          values_json: row.values_json,
          kept_default: row.kept_default,
          decided_at: row.decided_at,
          time_to_decision_ms: row.time_to_decision_ms,
          timing_source: row.timing_source,
          process_data_status: row.process_data_status ?? 'missing',
        }),
  answeredAt: row.answered_at === null ? null : new Date(row.answered_at),
  completion: row.completion_code === null || row.completed_at === null ? null : { code: row.completion_code, completedAt: new Date(row.completed_at) },
});

export const toParticipantDataRow = (row: ParticipantDataSqlRow): ParticipantDataRow => {
  const answers = JSON.parse((row.answers_json as string | null) ?? '{}') as Record<string, { answer: string; correct: number | null }>;
  const recorded = row.process_data_status === 'recorded';
  return {
    participantId: row.participant_id as string,
    panelId: row.panel_id as string | null,
    block: toBlockPosition(row),
    source: row.source as ParticipantDataRow['source'],
    locale: row.locale as ParticipantDataRow['locale'],
    userAgentClass: row.user_agent_class as ParticipantDataRow['userAgentClass'],
    arm: row.arm as string,
    enteredAt: row.entered_at as string,
    exposedAt: row.exposed_at as string | null,
    presentation: row.presentation_json === null ? null : (JSON.parse(row.presentation_json as string) as Record<string, unknown>),
    decision: row.values_json === null ? null : (JSON.parse(row.values_json as string) as Record<string, number | string>),
    keptDefault: row.kept_default === null ? null : row.kept_default === 1,
    decidedAt: row.decided_at as string | null,
    timeToDecisionMs: row.time_to_decision_ms as number | null,
    timingSource: row.timing_source as ParticipantDataRow['timingSource'],
    processDataStatus: row.values_json === null ? null : recorded ? 'recorded' : 'missing',
    completedAt: row.completed_at as string | null,
    answers: Object.fromEntries(Object.entries(answers).map(([key, value]) => [key, { answer: value.answer, correct: value.correct === null ? null : value.correct === 1 }])),
    changesByField: recorded ? (JSON.parse((row.changes_json as string | null) ?? '{}') as Record<string, number>) : null,
    infoPanelsOpened: Number(row.panels_opened),
    events: JSON.parse((row.events_json as string | null) ?? '[]') as ParticipantDataRow['events'],
  };
};
