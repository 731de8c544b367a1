import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { groupCommit } from './sqlite-group-commit';
import { migrateSqlite } from './sqlite-migrations';
import {
  UnknownUnitError,
  type ArmCount,
  type AuditEntry,
  type ExperimentStateName,
  type NewAnswer,
  type NewApiEvent,
  type NewDecision,
  type NewParticipant,
  type ParticipantDecisionRow,
  type ParticipantRecord,
  type ProcessEvent,
  type Store,
} from './store';
import {
  toApiEvent,
  toApiKey,
  toAuditEntry,
  toDecision,
  toExperimentState,
  toParticipantDataRow,
  toParticipantRecord,
  toUser,
  type ApiEventRow,
  type ApiKeyRow,
  type AuditRow,
  type DecisionRow,
  type ExperimentStateRow,
  type ParticipantDataSqlRow,
  type ParticipantRow,
  type UserRow,
} from './store-rows';

/** Changes per field of one participant's process events, as a JSON object; `alias` names the table with the participant's keys. */
const changesOfParticipantSql = (alias: string) => `(SELECT json_group_object(field, n) FROM (
                 SELECT pe.field, count(*) AS n FROM process_events pe
                 WHERE pe.experiment_key = ${alias}.experiment_key AND pe.participant_id = ${alias}.participant_id AND pe.kind = 'change' GROUP BY pe.field))`;

/** How many times one participant opened an information panel. */
const panelsOpenedOfParticipantSql = (alias: string) => `(SELECT count(*) FROM process_events pe
                 WHERE pe.experiment_key = ${alias}.experiment_key AND pe.participant_id = ${alias}.participant_id AND pe.kind = 'panel' AND pe.value = 'open')`;

/**
 * The embedded store: one SQLite file in WAL mode, opened once, every
 * statement prepared once. Writes are single statements or one transaction,
 * so a crash leaves either all of a write or none of it; the participant and
 * lender writes share their commits (group commit, one transaction per turn
 * of the event loop) and are acknowledged only once committed.
 * `synchronous=NORMAL` in WAL mode survives a killed process; only a power
 * cut can lose the last commits.
 *
 * @example
 * const store = openSqliteStore(':memory:');
 */
export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, so an erased participant leaves no bytes in free pages.
  db.pragma('secure_delete = ON');
  migrateSqlite(db);

  const statements = {
    insertSecret: db.prepare('INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    findSecret: db.prepare('SELECT value FROM server_secrets WHERE name = ?'),
    insertDecline: db.prepare('INSERT INTO consent_declines (experiment_key, declined_at) VALUES (?, ?)'),
    countDeclines: db.prepare('SELECT count(*) AS n FROM consent_declines WHERE experiment_key = ?'),
    insertParticipant: db.prepare(
      `INSERT INTO participants (experiment_key, participant_id, panel_id, locale, user_agent_class, entered_at, source)
       VALUES (@experimentKey, @participantId, @panelId, @locale, @userAgentClass, @at, @source)
       ON CONFLICT DO NOTHING`,
    ),
    insertApiKey: db.prepare(
      `INSERT INTO api_keys (id, name, secret_sha256, client_key, experiments_json, created_at)
       VALUES (@id, @name, @secretSha256, @clientKey, @experimentsJson, @createdAt)`,
    ),
    listApiKeys: db.prepare('SELECT id, name, client_key, experiments_json, created_at, revoked_at FROM api_keys ORDER BY created_at, id'),
    findApiKeyBySecret: db.prepare('SELECT id, name, client_key, experiments_json, created_at, revoked_at FROM api_keys WHERE secret_sha256 = ?'),
    findApiKeyByIdOrClientKey: db.prepare(
      'SELECT id, name, client_key, experiments_json, created_at, revoked_at FROM api_keys WHERE id = @key OR client_key = @key',
    ),
    revokeApiKey: db.prepare('UPDATE api_keys SET revoked_at = coalesce(revoked_at, @at) WHERE id = @key OR client_key = @key'),
    streamParticipantRows: db.prepare(
      `SELECT p.participant_id, p.panel_id, p.source, p.locale, p.user_agent_class, p.entered_at, a.arm, a.stratum, a.block_index, a.block_position,
              e.exposed_at, e.presentation_json, d.values_json, d.kept_default, d.decided_at, d.time_to_decision_ms,
              d.timing_source, d.process_data_status, c.completed_at,
              (SELECT json_group_object(q.question_key, json_object('answer', q.answer, 'correct', q.correct))
                 FROM questionnaire_answers q WHERE q.experiment_key = p.experiment_key AND q.participant_id = p.participant_id) AS answers_json,
              coalesce(d.process_summary_json ->> '$.changes', ${changesOfParticipantSql('p')}) AS changes_json,
              coalesce(d.process_summary_json ->> '$.panelsOpened', ${panelsOpenedOfParticipantSql('p')}) AS panels_opened,
              (SELECT json_group_array(json_object('name', name, 'value', json(value_json))) FROM (
                 SELECT ev.name, ev.value_json FROM api_events ev
                 WHERE ev.experiment_key = p.experiment_key AND ev.participant_id = p.participant_id ORDER BY ev.id)) AS events_json
       FROM participants p
       JOIN assignments a USING (experiment_key, participant_id)
       LEFT JOIN exposures e USING (experiment_key, participant_id)
       LEFT JOIN decisions d USING (experiment_key, participant_id)
       LEFT JOIN completions c USING (experiment_key, participant_id)
       WHERE p.experiment_key = ?
       ORDER BY p.entered_at, p.participant_id`,
    ),
    streamProcessEvents: db.prepare(
      `SELECT pe.participant_id AS participantId, a.arm, pe.sequence, pe.kind, pe.field, pe.value, pe.at_ms AS atMs
       FROM process_events pe JOIN assignments a USING (experiment_key, participant_id)
       WHERE pe.experiment_key = ? ORDER BY pe.participant_id, pe.sequence`,
    ),
    experimentsOfParticipant: db.prepare(
      'SELECT experiment_key FROM participants WHERE participant_id = @participantId AND (@experimentKey IS NULL OR experiment_key = @experimentKey)',
    ),
    deleteParticipant: db.prepare('DELETE FROM participants WHERE participant_id = ? AND experiment_key = ?'),
    summarizeOldProcessData: db.prepare(
      `UPDATE decisions AS d
       SET process_summary_json = json_object('changes', json(${changesOfParticipantSql('d')}), 'panelsOpened', ${panelsOpenedOfParticipantSql('d')}),
           process_events_deleted_at = @at
       WHERE d.decided_at < @cutoff AND d.process_events_deleted_at IS NULL`,
    ),
    deleteSummarizedProcessEvents: db.prepare(
      `DELETE FROM process_events WHERE (experiment_key, participant_id) IN (
         SELECT experiment_key, participant_id FROM decisions WHERE process_events_deleted_at IS NOT NULL)`,
    ),
    hitRateLimit: db.prepare(
      `INSERT INTO rate_limits (key, window_started_at, hits) VALUES (@key, @now, max(@hits, 0))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.window_started_at <= @windowCutoff THEN max(@hits, 0) ELSE max(rate_limits.hits + @hits, 0) END,
         window_started_at = CASE WHEN rate_limits.window_started_at <= @windowCutoff THEN excluded.window_started_at ELSE rate_limits.window_started_at END
       RETURNING hits, window_started_at`,
    ),
    resetRateLimit: db.prepare('DELETE FROM rate_limits WHERE key = ?'),
    listDecisionTimes: db.prepare('SELECT arm, time_to_decision_ms AS timeToDecisionMs FROM decisions WHERE experiment_key = ?'),
    insertUser: db.prepare(
      `INSERT INTO users (username, role, password_hash, created_at) VALUES (@username, @role, @passwordHash, @createdAt) ON CONFLICT DO NOTHING`,
    ),
    findUser: db.prepare('SELECT * FROM users WHERE username = ?'),
    listUsers: db.prepare('SELECT * FROM users ORDER BY username'),
    countUsers: db.prepare('SELECT count(*) AS n FROM users'),
    recordLoginFailure: db.prepare(
      `UPDATE users SET
         failed_logins = CASE WHEN locked_until <= @now THEN 1 ELSE failed_logins + 1 END,
         locked_until = CASE WHEN (CASE WHEN locked_until <= @now THEN 1 ELSE failed_logins + 1 END) >= @limit THEN @lockUntil
                             WHEN locked_until <= @now THEN NULL ELSE locked_until END
       WHERE username = @username
       RETURNING locked_until IS NOT NULL AND locked_until = @lockUntil AS locked`,
    ),
    clearLoginFailures: db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = ?'),
    insertSession: db.prepare('INSERT INTO sessions (token_sha256, username, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    findSessionUser: db.prepare(
      'SELECT u.* FROM sessions s JOIN users u USING (username) WHERE s.token_sha256 = ? AND s.expires_at > ?',
    ),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_sha256 = ?'),
    insertAudit: db.prepare('INSERT INTO audit_log (at, actor, action, subject, details_json) VALUES (?, ?, ?, ?, ?)'),
    listAudit: db.prepare('SELECT at, actor, action, subject, details_json FROM audit_log ORDER BY id DESC LIMIT ?'),
    listExperimentStates: db.prepare('SELECT * FROM experiment_states ORDER BY experiment_key'),
    findExperimentState: db.prepare('SELECT * FROM experiment_states WHERE experiment_key = ?'),
    findExperimentStateName: db.prepare('SELECT state FROM experiment_states WHERE experiment_key = ?').pluck(),
    upsertExperimentState: db.prepare(
      `INSERT INTO experiment_states (experiment_key, state, changed_at, started_at, definition_sha256, frozen_definition_json)
       VALUES (@experimentKey, @state, @at, @startedAt, @sha256, @json)
       ON CONFLICT (experiment_key) DO UPDATE SET
         state = excluded.state,
         changed_at = excluded.changed_at,
         started_at = coalesce(experiment_states.started_at, excluded.started_at),
         definition_sha256 = coalesce(experiment_states.definition_sha256, excluded.definition_sha256),
         frozen_definition_json = coalesce(experiment_states.frozen_definition_json, excluded.frozen_definition_json)`,
    ),
    isAssigned: db.prepare('SELECT 1 FROM assignments WHERE experiment_key = ? AND participant_id = ?'),
    insertApiEvent: db.prepare(
      `INSERT INTO api_events (experiment_key, participant_id, name, value_json, occurred_at, received_at, api_key_id, idempotency_key)
       VALUES (@experimentKey, @participantId, @name, @valueJson, @occurredAt, @receivedAt, @apiKeyId, @idempotencyKey)
       ON CONFLICT DO NOTHING`,
    ),
    listApiEvents: db.prepare(
      `SELECT experiment_key, participant_id, name, value_json, occurred_at, received_at, api_key_id, idempotency_key
       FROM api_events WHERE experiment_key = @experimentKey AND (@participantId IS NULL OR participant_id = @participantId) ORDER BY id`,
    ),
    insertAssignment: db.prepare(
      `INSERT INTO assignments (experiment_key, participant_id, arm, definition_hash, assigned_at, stratum, block_index, block_position)
       VALUES (@experimentKey, @participantId, @arm, @definitionHash, @at, @stratum, @blockIndex, @blockPosition)
       ON CONFLICT DO NOTHING`,
    ),
    // temporary: replaced by the unified store. Takes the next position of a stratum's block sequence.
    takeBlockPosition: db.prepare(
      `INSERT INTO randomisation_blocks (experiment_key, stratum, positions_taken) VALUES (?, ?, 1)
       ON CONFLICT (experiment_key, stratum) DO UPDATE SET positions_taken = positions_taken + 1
       RETURNING positions_taken`,
    ),
    findParticipant: db.prepare(
      `SELECT p.experiment_key, p.participant_id, p.panel_id, p.locale, p.entered_at, a.arm, a.stratum, a.block_index, a.block_position,
              e.exposed_at, e.presentation_json, d.values_json, d.kept_default, d.decided_at, d.arm AS decision_arm,
              d.time_to_decision_ms, d.timing_source, d.process_data_status,
              (SELECT max(q.answered_at) FROM questionnaire_answers q
                WHERE q.experiment_key = p.experiment_key AND q.participant_id = p.participant_id) AS answered_at,
              c.completion_code, c.completed_at
       FROM participants p
       JOIN assignments a USING (experiment_key, participant_id)
       LEFT JOIN exposures e USING (experiment_key, participant_id)
       LEFT JOIN decisions d USING (experiment_key, participant_id)
       LEFT JOIN completions c USING (experiment_key, participant_id)
       WHERE p.experiment_key = ? AND p.participant_id = ?`,
    ),
    insertExposure: db.prepare(
      `INSERT INTO exposures (experiment_key, participant_id, definition_hash, presentation_json, exposed_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    insertDecision: db.prepare(
      `INSERT INTO decisions (experiment_key, participant_id, arm, values_json, kept_default, decided_at,
                              time_to_decision_ms, timing_source, process_data_status)
       SELECT a.experiment_key, a.participant_id, a.arm, @valuesJson, @keptDefault, @at, @timeToDecisionMs, @timingSource, @processDataStatus
       FROM assignments a WHERE a.experiment_key = @experimentKey AND a.participant_id = @participantId
       ON CONFLICT DO NOTHING`,
    ),
    insertProcessEvent: db.prepare(
      `INSERT INTO process_events (experiment_key, participant_id, sequence, kind, field, value, at_ms)
       VALUES (@experimentKey, @participantId, @sequence, @kind, @field, @value, @atMs)`,
    ),
    listProcessEvents: db.prepare(
      'SELECT kind, field, value, at_ms AS atMs FROM process_events WHERE experiment_key = ? AND participant_id = ? ORDER BY sequence',
    ),
    findDecision: db.prepare(
      `SELECT arm, values_json, kept_default, decided_at, time_to_decision_ms, timing_source, process_data_status
       FROM decisions WHERE experiment_key = ? AND participant_id = ?`,
    ),
    insertAnswer: db.prepare(
      `INSERT INTO questionnaire_answers (experiment_key, participant_id, question_key, answer, correct, answered_at)
       VALUES (@experimentKey, @participantId, @questionKey, @answer, @correct, @at)`,
    ),
    countAnswers: db.prepare('SELECT count(*) AS n FROM questionnaire_answers WHERE experiment_key = ? AND participant_id = ?'),
    listAnswers: db.prepare(
      'SELECT question_key, answer, correct FROM questionnaire_answers WHERE experiment_key = ? AND participant_id = ? ORDER BY rowid',
    ),
    insertCompletion: db.prepare(
      `INSERT INTO completions (experiment_key, participant_id, completion_code, completed_at)
       VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    findCompletionCode: db.prepare('SELECT completion_code FROM completions WHERE experiment_key = ? AND participant_id = ?'),
    countByArm: db.prepare(
      `SELECT a.arm, count(*) AS entered, count(e.exposed_at) AS exposed, count(d.decided_at) AS decided,
              count(c.completed_at) AS completed
       FROM assignments a
       LEFT JOIN exposures e USING (experiment_key, participant_id)
       LEFT JOIN decisions d USING (experiment_key, participant_id)
       LEFT JOIN completions c USING (experiment_key, participant_id)
       WHERE a.experiment_key = ? GROUP BY a.arm ORDER BY a.arm`,
    ),
    listDecisions: db.prepare(
      'SELECT participant_id, arm, values_json FROM decisions WHERE experiment_key = ? ORDER BY decided_at, participant_id',
    ),
  };

  const findParticipant = (experimentKey: string, participantId: string): ParticipantRecord | undefined => {
    const row = statements.findParticipant.get(experimentKey, participantId) as ParticipantRow | undefined;
    return row && toParticipantRecord(row);
  };

  const insertDecisionWithEvents = db.transaction((decision: NewDecision): boolean => {
    const result = statements.insertDecision.run({
      experimentKey: decision.experimentKey,
      participantId: decision.participantId,
      valuesJson: JSON.stringify(decision.values),
      keptDefault: decision.keptDefault === null ? null : Number(decision.keptDefault),
      at: decision.at.toISOString(),
      timeToDecisionMs: decision.timeToDecisionMs,
      timingSource: decision.timingSource,
      processDataStatus: decision.processData.status,
    });
    if (result.changes === 0) return false;
    if (decision.processData.status === 'recorded') {
      decision.processData.events.forEach((event, sequence) =>
        statements.insertProcessEvent.run({ experimentKey: decision.experimentKey, participantId: decision.participantId, sequence, ...event }),
      );
    }
    return true;
  });

  const insertAnswers = db.transaction((experimentKey: string, participantId: string, answers: readonly NewAnswer[], at: string): boolean => {
    if ((statements.countAnswers.get(experimentKey, participantId) as { n: number }).n > 0) return false;
    for (const answer of answers) {
      statements.insertAnswer.run({
        experimentKey,
        participantId,
        questionKey: answer.questionKey,
        answer: answer.answer,
        correct: answer.correct === null ? null : Number(answer.correct),
        at,
      });
    }
    return true;
  });

  const insertApiEvents = db.transaction((events: readonly NewApiEvent[], apiKeyId: string, receivedAt: string) => {
    let stored = 0;
    events.forEach((event, index) => {
      if (!statements.isAssigned.get(event.experimentKey, event.participantId)) throw new UnknownUnitError(index, event.experimentKey, event.participantId);
      stored += statements.insertApiEvent.run({
        experimentKey: event.experimentKey,
        participantId: event.participantId,
        name: event.name,
        valueJson: JSON.stringify(event.value),
        occurredAt: event.occurredAt.toISOString(),
        receivedAt,
        apiKeyId,
        idempotencyKey: event.idempotencyKey,
      }).changes;
    });
    return { stored, duplicates: events.length - stored };
  });

  const erase = db.transaction((participantId: string, experimentKey: string | null): string[] => {
    const experiments = (statements.experimentsOfParticipant.all({ participantId, experimentKey }) as { experiment_key: string }[]).map((row) => row.experiment_key);
    for (const key of experiments) {
      // Foreign keys cascade to assignments, exposures, decisions, completions, process events, answers and lender events.
      statements.deleteParticipant.run(participantId, key);
    }
    return experiments;
  });

  const deleteOldProcessData = db.transaction((cutoff: string, at: string) => {
    const participants = statements.summarizeOldProcessData.run({ cutoff, at }).changes;
    const events = statements.deleteSummarizedProcessEvents.run().changes;
    return { participants, events };
  });

  const commit = groupCommit(db);

  const enrol = db.transaction((participant: NewParticipant) => {
    const parameters = { ...participant, source: participant.source ?? 'panel', at: participant.at.toISOString() };
    statements.insertParticipant.run(parameters);
    const draw = participant.arm;
    if (typeof draw === 'string') {
      statements.insertAssignment.run({ ...parameters, arm: draw, stratum: null, blockIndex: null, blockPosition: null });
      return;
    }
    // temporary: replaced by the unified store. Inside this transaction nothing else writes, so
    // the position taken is the stratum's next one; an enrolled participant takes none (sticky).
    if (statements.isAssigned.get(participant.experimentKey, participant.participantId)) return;
    const { positions_taken: taken } = statements.takeBlockPosition.get(participant.experimentKey, draw.stratum) as { positions_taken: number };
    const blockIndex = Math.floor((taken - 1) / draw.blockSize);
    const blockPosition = (taken - 1) % draw.blockSize;
    statements.insertAssignment.run({ ...parameters, arm: draw.armAt(blockIndex, blockPosition), stratum: draw.stratum, blockIndex, blockPosition });
  });

  return {
    async loadOrCreateSecret(name, create) {
      const existing = statements.findSecret.get(name) as { value: string } | undefined;
      if (existing) return existing.value;
      statements.insertSecret.run(name, create());
      return (statements.findSecret.get(name) as { value: string }).value;
    },
    async recordConsentDecline(experimentKey, at) {
      await commit(() => statements.insertDecline.run(experimentKey, at.toISOString()));
    },
    async countConsentDeclines(experimentKey) {
      return (statements.countDeclines.get(experimentKey) as { n: number }).n;
    },
    async enrolParticipant(participant) {
      await commit(() => enrol(participant));
      const stored = findParticipant(participant.experimentKey, participant.participantId);
      if (!stored) throw new Error(`participant ${participant.participantId} was not stored`);
      return stored;
    },
    async findParticipant(experimentKey, participantId) {
      return findParticipant(experimentKey, participantId);
    },
    async recordExposure(experimentKey, participantId, definitionHash, presentation, at) {
      return commit(
        () => statements.insertExposure.run(experimentKey, participantId, definitionHash, JSON.stringify(presentation), at.toISOString()).changes === 1,
      );
    },
    async recordDecision(decision) {
      const created = await commit(() => insertDecisionWithEvents(decision));
      const stored = statements.findDecision.get(decision.experimentKey, decision.participantId) as DecisionRow | undefined;
      if (!stored) throw new Error(`participant ${decision.participantId} is not enrolled in ${decision.experimentKey}`);
      return { decision: toDecision(stored), created };
    },
    async recordAnswers(experimentKey, participantId, answers, at) {
      return commit(() => insertAnswers(experimentKey, participantId, answers, at.toISOString()));
    },
    async listAnswers(experimentKey, participantId) {
      const rows = statements.listAnswers.all(experimentKey, participantId) as { question_key: string; answer: string; correct: number | null }[];
      return rows.map((row) => ({ questionKey: row.question_key, answer: row.answer, correct: row.correct === null ? null : row.correct === 1 }));
    },
    async listProcessEvents(experimentKey, participantId) {
      return statements.listProcessEvents.all(experimentKey, participantId) as ProcessEvent[];
    },
    async recordCompletion(experimentKey, participantId, code, at) {
      await commit(() => statements.insertCompletion.run(experimentKey, participantId, code, at.toISOString()));
      return (statements.findCompletionCode.get(experimentKey, participantId) as { completion_code: string }).completion_code;
    },
    async countByArm(experimentKey) {
      return statements.countByArm.all(experimentKey) as ArmCount[];
    },
    async listDecisions(experimentKey) {
      const rows = statements.listDecisions.all(experimentKey) as { participant_id: string; arm: string; values_json: string }[];
      return rows.map<ParticipantDecisionRow>((row) => ({
        participantId: row.participant_id,
        arm: row.arm,
        values: JSON.parse(row.values_json) as Record<string, number | string>,
      }));
    },
    async createApiKey(key) {
      statements.insertApiKey.run({
        id: key.id,
        name: key.name,
        secretSha256: key.secretSha256,
        clientKey: key.clientKey,
        experimentsJson: key.experiments === null ? null : JSON.stringify(key.experiments),
        createdAt: key.createdAt.toISOString(),
      });
      return toApiKey(statements.findApiKeyByIdOrClientKey.get({ key: key.id }) as ApiKeyRow);
    },
    async listApiKeys() {
      return (statements.listApiKeys.all() as ApiKeyRow[]).map(toApiKey);
    },
    async revokeApiKey(idOrClientKey, at) {
      statements.revokeApiKey.run({ key: idOrClientKey, at: at.toISOString() });
      const row = statements.findApiKeyByIdOrClientKey.get({ key: idOrClientKey }) as ApiKeyRow | undefined;
      return row && toApiKey(row);
    },
    async findApiKeyBySecretSha256(secretSha256) {
      const row = statements.findApiKeyBySecret.get(secretSha256) as ApiKeyRow | undefined;
      return row && toApiKey(row);
    },
    async findApiKeyByClientKey(clientKey) {
      const row = statements.findApiKeyByIdOrClientKey.get({ key: clientKey }) as ApiKeyRow | undefined;
      return row && row.client_key === clientKey ? toApiKey(row) : undefined;
    },
    async recordApiEvents(events, apiKeyId, receivedAt) {
      return commit(() => insertApiEvents(events, apiKeyId, receivedAt.toISOString()));
    },
    async listApiEvents(experimentKey, participantId) {
      return (statements.listApiEvents.all({ experimentKey, participantId: participantId ?? null }) as ApiEventRow[]).map(toApiEvent);
    },
    async *streamParticipantRows(experimentKey) {
      for (const row of statements.streamParticipantRows.iterate(experimentKey)) yield toParticipantDataRow(row as ParticipantDataSqlRow);
    },
    async *streamProcessEvents(experimentKey) {
      for (const row of statements.streamProcessEvents.iterate(experimentKey)) {
        yield row as ProcessEvent & { participantId: string; arm: string; sequence: number };
      }
    },
    async listDecisionTimes(experimentKey) {
      return statements.listDecisionTimes.all(experimentKey) as { arm: string; timeToDecisionMs: number | null }[];
    },
    async createUser(user) {
      return statements.insertUser.run({ ...user, createdAt: user.createdAt.toISOString() }).changes === 1;
    },
    async findUser(username) {
      const row = statements.findUser.get(username) as UserRow | undefined;
      return row && toUser(row);
    },
    async listUsers() {
      return (statements.listUsers.all() as UserRow[]).map(toUser);
    },
    async countUsers() {
      return (statements.countUsers.get() as { n: number }).n;
    },
    async recordLoginFailure(username, limit, lockUntil, now) {
      const row = statements.recordLoginFailure.get({ username, limit, lockUntil: lockUntil.toISOString(), now: now.toISOString() }) as { locked: number } | undefined;
      return row?.locked === 1;
    },
    async clearLoginFailures(username) {
      statements.clearLoginFailures.run(username);
    },
    async createSession(tokenSha256, username, createdAt, expiresAt) {
      statements.insertSession.run(tokenSha256, username, createdAt.toISOString(), expiresAt.toISOString());
    },
    async findSessionUser(tokenSha256, now) {
      const row = statements.findSessionUser.get(tokenSha256, now.toISOString()) as UserRow | undefined;
      return row && toUser(row);
    },
    async deleteSession(tokenSha256) {
      statements.deleteSession.run(tokenSha256);
    },
    async appendAudit(entry: AuditEntry) {
      statements.insertAudit.run(entry.at.toISOString(), entry.actor, entry.action, entry.subject, entry.details === null ? null : JSON.stringify(entry.details));
    },
    async listAudit(limit) {
      return (statements.listAudit.all(limit) as AuditRow[]).map(toAuditEntry);
    },
    async findExperimentState(experimentKey) {
      const row = statements.findExperimentState.get(experimentKey) as ExperimentStateRow | undefined;
      return row && toExperimentState(row);
    },
    async findExperimentStateName(experimentKey) {
      return statements.findExperimentStateName.get(experimentKey) as ExperimentStateName | undefined;
    },
    async listExperimentStates() {
      return (statements.listExperimentStates.all() as ExperimentStateRow[]).map(toExperimentState);
    },
    async setExperimentState(experimentKey, state, at, definition) {
      const running = state === 'running';
      statements.upsertExperimentState.run({
        experimentKey,
        state,
        at: at.toISOString(),
        startedAt: running ? at.toISOString() : null,
        sha256: running ? definition.sha256 : null,
        json: running ? JSON.stringify(definition.json) : null,
      });
      return toExperimentState(statements.findExperimentState.get(experimentKey) as ExperimentStateRow);
    },
    async eraseParticipant(participantId, experimentKey) {
      const erased = erase(participantId, experimentKey ?? null);
      // The WAL still holds the pages as they were before the delete: copy the zeroed pages
      // into the database and truncate the WAL, so no copy of the erased rows stays on disk.
      if (erased.length > 0) db.pragma('wal_checkpoint(TRUNCATE)');
      return erased;
    },
    async deleteProcessDataBefore(cutoff, at) {
      return deleteOldProcessData(cutoff.toISOString(), at.toISOString());
    },
    async hitRateLimit(key, windowMs, now, hits = 1) {
      const parameters = { key, now: now.toISOString(), windowCutoff: new Date(now.getTime() - windowMs).toISOString(), hits };
      const row = await commit(() => statements.hitRateLimit.get(parameters) as { hits: number; window_started_at: string });
      return { hits: row.hits, resetAt: new Date(Date.parse(row.window_started_at) + windowMs) };
    },
    async resetRateLimit(key) {
      await commit(() => statements.resetRateLimit.run(key));
    },
    async backup(path) {
      mkdirSync(dirname(path), { recursive: true });
      await db.backup(path);
    },
    async close() {
      // Let writes queued for the group commit (flushed on the next turn) finish first.
      await new Promise((resolve) => setImmediate(resolve));
      if (db.open) db.close();
    },
  };
}
