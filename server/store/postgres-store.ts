import pg, { type PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import { migratePostgres } from './postgres-migrations';
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
import { UnknownUnitError, type ArmCount, type ExperimentStateName, type ProcessEvent, type Store } from './store';

/** Rows fetched per round trip when streaming an export. */
const cursorBatchSize = 2000;

const apiKeyColumns = 'id, name, client_key, experiments_json, created_at, revoked_at';

const participantSql = `
  SELECT p.experiment_key, p.participant_id, p.panel_id, p.locale, p.entered_at, a.arm, a.stratum, a.block_index, a.block_position,
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
  WHERE p.experiment_key = $1 AND p.participant_id = $2`;

/** Changes per field of one participant's process events, as JSON text; `alias` names the table with the participant's keys. */
const changesOfParticipantSql = (alias: string) => `(SELECT json_object_agg(x.field, x.n) FROM (
    SELECT pe.field, count(*)::int AS n FROM process_events pe
    WHERE pe.experiment_key = ${alias}.experiment_key AND pe.participant_id = ${alias}.participant_id AND pe.kind = 'change' AND pe.field IS NOT NULL
    GROUP BY pe.field) x)`;

const panelsOpenedOfParticipantSql = (alias: string) => `(SELECT count(*)::int FROM process_events pe
    WHERE pe.experiment_key = ${alias}.experiment_key AND pe.participant_id = ${alias}.participant_id AND pe.kind = 'panel' AND pe.value = 'open')`;

const participantDataSql = `
  SELECT p.participant_id, p.panel_id, p.source, p.locale, p.user_agent_class, p.entered_at, a.arm, a.stratum, a.block_index, a.block_position,
         e.exposed_at, e.presentation_json, d.values_json, d.kept_default, d.decided_at, d.time_to_decision_ms,
         d.timing_source, d.process_data_status, c.completed_at,
         (SELECT json_object_agg(q.question_key, json_build_object('answer', q.answer, 'correct', q.correct))
            FROM questionnaire_answers q WHERE q.experiment_key = p.experiment_key AND q.participant_id = p.participant_id)::text AS answers_json,
         coalesce((d.process_summary_json::jsonb -> 'changes')::text, ${changesOfParticipantSql('p')}::text) AS changes_json,
         coalesce((d.process_summary_json::jsonb ->> 'panelsOpened')::int, ${panelsOpenedOfParticipantSql('p')}) AS panels_opened,
         (SELECT json_agg(json_build_object('name', ev.name, 'value', ev.value_json::jsonb) ORDER BY ev.id)
            FROM api_events ev WHERE ev.experiment_key = p.experiment_key AND ev.participant_id = p.participant_id)::text AS events_json
  FROM participants p
  JOIN assignments a USING (experiment_key, participant_id)
  LEFT JOIN exposures e USING (experiment_key, participant_id)
  LEFT JOIN decisions d USING (experiment_key, participant_id)
  LEFT JOIN completions c USING (experiment_key, participant_id)
  WHERE p.experiment_key = $1
  ORDER BY p.entered_at COLLATE "C", p.participant_id COLLATE "C"`;

/**
 * The PostgreSQL store, for several stateless instances on one database: a
 * connection pool, the same numbered migrations as SQLite, every write
 * idempotent through unique constraints and ON CONFLICT (never an in-process
 * map), so that two instances answering one participant's requests agree.
 * Exports stream through a server-side cursor, so memory stays flat.
 *
 * @example
 * const store = await openPostgresStore('postgres://nudgelab@127.0.0.1:5432/nudgelab');
 */
export async function openPostgresStore(connectionString: string, { poolSize = 10 }: { poolSize?: number } = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client losing its connection (a restarted database) must not crash the process.
  pool.on('error', () => undefined);
  await migratePostgres(pool);

  const one = async <Row extends pg.QueryResultRow>(sql: string, parameters: unknown[] = []): Promise<Row | undefined> => (await pool.query<Row>(sql, parameters)).rows[0];
  const all = async <Row extends pg.QueryResultRow>(sql: string, parameters: unknown[] = []): Promise<Row[]> => (await pool.query<Row>(sql, parameters)).rows;
  const run = async (sql: string, parameters: unknown[] = []): Promise<number> => (await pool.query(sql, parameters)).rowCount ?? 0;

  /** Runs `work` in one transaction on one pooled connection; rolls back on any error. */
  const transaction = async <T>(work: (client: PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  const findParticipant = async (experimentKey: string, participantId: string) => {
    const row = await one<ParticipantRow>(participantSql, [experimentKey, participantId]);
    return row && toParticipantRecord(row);
  };

  /** Streams the rows of a query through a server-side cursor, `cursorBatchSize` at a time. */
  async function* streamRows<Row>(sql: string, parameters: unknown[]): AsyncGenerator<Row> {
    const client = await pool.connect();
    const cursor = client.query(new Cursor<Row>(sql, parameters));
    try {
      for (;;) {
        const rows = await cursor.read(cursorBatchSize);
        if (rows.length === 0) return;
        yield* rows;
      }
    } finally {
      await cursor.close().catch(() => undefined);
      client.release();
    }
  }

  const findApiKey = async (key: string) => {
    const row = await one<ApiKeyRow>(`SELECT ${apiKeyColumns} FROM api_keys WHERE id = $1 OR client_key = $1`, [key]);
    return row;
  };

  return {
    async loadOrCreateSecret(name, create) {
      await run('INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', [name, create()]);
      return (await one<{ value: string }>('SELECT value FROM server_secrets WHERE name = $1', [name]))!.value;
    },
    async recordConsentDecline(experimentKey, at) {
      await run('INSERT INTO consent_declines (experiment_key, declined_at) VALUES ($1, $2)', [experimentKey, at.toISOString()]);
    },
    async countConsentDeclines(experimentKey) {
      return (await one<{ n: number }>('SELECT count(*)::int AS n FROM consent_declines WHERE experiment_key = $1', [experimentKey]))!.n;
    },
    async enrolParticipant(participant) {
      const at = participant.at.toISOString();
      const draw = participant.arm;
      if (typeof draw !== 'string') {
        // temporary: replaced by the unified store. One transaction: the participant row is locked so that
        // two first entries of one id take one position; the counter row's lock serialises a stratum's entries.
        await transaction(async (client) => {
          const { experimentKey, participantId } = participant;
          await client.query(
            `INSERT INTO participants (experiment_key, participant_id, panel_id, locale, user_agent_class, entered_at, source)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
            [experimentKey, participantId, participant.panelId, participant.locale, participant.userAgentClass, at, participant.source ?? 'panel'],
          );
          await client.query('SELECT 1 FROM participants WHERE experiment_key = $1 AND participant_id = $2 FOR UPDATE', [experimentKey, participantId]);
          const assigned = await client.query('SELECT 1 FROM assignments WHERE experiment_key = $1 AND participant_id = $2', [experimentKey, participantId]);
          if ((assigned.rowCount ?? 0) > 0) return;
          const taken = (
            await client.query<{ positions_taken: number }>(
              `INSERT INTO randomisation_blocks (experiment_key, stratum, positions_taken) VALUES ($1, $2, 1)
               ON CONFLICT (experiment_key, stratum) DO UPDATE SET positions_taken = randomisation_blocks.positions_taken + 1
               RETURNING positions_taken`,
              [experimentKey, draw.stratum],
            )
          ).rows[0]!.positions_taken;
          const blockIndex = Math.floor((taken - 1) / draw.blockSize);
          const blockPosition = (taken - 1) % draw.blockSize;
          await client.query(
            `INSERT INTO assignments (experiment_key, participant_id, arm, definition_hash, assigned_at, stratum, block_index, block_position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [experimentKey, participantId, draw.armAt(blockIndex, blockPosition), participant.definitionHash, at, draw.stratum, blockIndex, blockPosition],
          );
        });
        const stored = await findParticipant(participant.experimentKey, participant.participantId);
        if (!stored) throw new Error(`participant ${participant.participantId} was not stored`);
        return stored;
      }
      // One statement, so one round trip and atomic: the participant and their first arm, or nothing new.
      await run(
        `WITH participant AS (
           INSERT INTO participants (experiment_key, participant_id, panel_id, locale, user_agent_class, entered_at, source)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING)
         INSERT INTO assignments (experiment_key, participant_id, arm, definition_hash, assigned_at)
         VALUES ($1, $2, $8, $9, $6) ON CONFLICT DO NOTHING`,
        [
          participant.experimentKey,
          participant.participantId,
          participant.panelId,
          participant.locale,
          participant.userAgentClass,
          at,
          participant.source ?? 'panel',
          draw,
          participant.definitionHash,
        ],
      );
      const stored = await findParticipant(participant.experimentKey, participant.participantId);
      if (!stored) throw new Error(`participant ${participant.participantId} was not stored`);
      return stored;
    },
    findParticipant,
    async recordExposure(experimentKey, participantId, definitionHash, presentation, at) {
      const inserted = await run(
        `INSERT INTO exposures (experiment_key, participant_id, definition_hash, presentation_json, exposed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [experimentKey, participantId, definitionHash, JSON.stringify(presentation), at.toISOString()],
      );
      return inserted === 1;
    },
    async recordDecision(decision) {
      // The decision and its process events in one statement: one round trip, all or nothing.
      const events = decision.processData.status === 'recorded' ? decision.processData.events : [];
      const inserted = await one<{ created: number }>(
        `WITH decision AS (
           INSERT INTO decisions (experiment_key, participant_id, arm, values_json, kept_default, decided_at, time_to_decision_ms, timing_source, process_data_status)
           SELECT a.experiment_key, a.participant_id, a.arm, $3, $4, $5, $6, $7, $8
           FROM assignments a WHERE a.experiment_key = $1 AND a.participant_id = $2
           ON CONFLICT DO NOTHING
           RETURNING experiment_key, participant_id),
         events AS (
           INSERT INTO process_events (experiment_key, participant_id, sequence, kind, field, value, at_ms)
           SELECT d.experiment_key, d.participant_id, t.sequence, t.kind, t.field, t.value, t.at_ms
           FROM decision d CROSS JOIN unnest($9::int[], $10::text[], $11::text[], $12::text[], $13::float8[]) AS t(sequence, kind, field, value, at_ms)
           RETURNING 1)
         SELECT (SELECT count(*)::int FROM decision) AS created`,
        [
          decision.experimentKey,
          decision.participantId,
          JSON.stringify(decision.values),
          decision.keptDefault === null ? null : Number(decision.keptDefault),
          decision.at.toISOString(),
          decision.timeToDecisionMs,
          decision.timingSource,
          decision.processData.status,
          events.map((_, sequence) => sequence),
          events.map((event) => event.kind),
          events.map((event) => event.field),
          events.map((event) => event.value),
          events.map((event) => event.atMs),
        ],
      );
      const created = inserted!.created === 1;
      const stored = await one<DecisionRow>(
        `SELECT arm, values_json, kept_default, decided_at, time_to_decision_ms, timing_source, process_data_status
         FROM decisions WHERE experiment_key = $1 AND participant_id = $2`,
        [decision.experimentKey, decision.participantId],
      );
      if (!stored) throw new Error(`participant ${decision.participantId} is not enrolled in ${decision.experimentKey}`);
      return { decision: toDecision(stored), created };
    },
    async recordAnswers(experimentKey, participantId, answers, at) {
      const answeredAt = at.toISOString();
      return transaction(async (client) => {
        const stored = await client.query('SELECT 1 FROM questionnaire_answers WHERE experiment_key = $1 AND participant_id = $2 LIMIT 1', [experimentKey, participantId]);
        if (stored.rowCount !== 0) return false;
        // Two requests at once (on any instances): the second waits on the first's rows, finds its first answer taken and stores nothing.
        for (const [index, answer] of answers.entries()) {
          const inserted = await client.query(
            `INSERT INTO questionnaire_answers (experiment_key, participant_id, question_key, answer, correct, answered_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
            [experimentKey, participantId, answer.questionKey, answer.answer, answer.correct === null ? null : Number(answer.correct), answeredAt],
          );
          if (inserted.rowCount !== 1) {
            if (index === 0) return false;
            throw new Error(`answers of ${participantId} were stored half by another request`);
          }
        }
        return true;
      });
    },
    async listAnswers(experimentKey, participantId) {
      const rows = await all<{ question_key: string; answer: string; correct: number | null }>(
        // Answers are stored in questionnaire order within one statement each; ctid keeps insertion order like SQLite's rowid.
        'SELECT question_key, answer, correct FROM questionnaire_answers WHERE experiment_key = $1 AND participant_id = $2 ORDER BY ctid',
        [experimentKey, participantId],
      );
      return rows.map((row) => ({ questionKey: row.question_key, answer: row.answer, correct: row.correct === null ? null : row.correct === 1 }));
    },
    async listProcessEvents(experimentKey, participantId) {
      return all<ProcessEvent & pg.QueryResultRow>(
        'SELECT kind, field, value, at_ms AS "atMs" FROM process_events WHERE experiment_key = $1 AND participant_id = $2 ORDER BY sequence',
        [experimentKey, participantId],
      );
    },
    async recordCompletion(experimentKey, participantId, code, at) {
      await run(
        'INSERT INTO completions (experiment_key, participant_id, completion_code, completed_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [experimentKey, participantId, code, at.toISOString()],
      );
      return (await one<{ completion_code: string }>('SELECT completion_code FROM completions WHERE experiment_key = $1 AND participant_id = $2', [experimentKey, participantId]))!
        .completion_code;
    },
    async countByArm(experimentKey) {
      return all<ArmCount & pg.QueryResultRow>(
        `SELECT a.arm, count(*)::int AS entered, count(e.exposed_at)::int AS exposed, count(d.decided_at)::int AS decided,
                count(c.completed_at)::int AS completed
         FROM assignments a
         LEFT JOIN exposures e USING (experiment_key, participant_id)
         LEFT JOIN decisions d USING (experiment_key, participant_id)
         LEFT JOIN completions c USING (experiment_key, participant_id)
         WHERE a.experiment_key = $1 GROUP BY a.arm ORDER BY a.arm COLLATE "C"`,
        [experimentKey],
      );
    },
    async listDecisions(experimentKey) {
      const rows = await all<{ participant_id: string; arm: string; values_json: string }>(
        'SELECT participant_id, arm, values_json FROM decisions WHERE experiment_key = $1 ORDER BY decided_at COLLATE "C", participant_id COLLATE "C"',
        [experimentKey],
      );
      return rows.map((row) => ({ participantId: row.participant_id, arm: row.arm, values: JSON.parse(row.values_json) as Record<string, number | string> }));
    },
    async *streamParticipantRows(experimentKey) {
      for await (const row of streamRows<ParticipantDataSqlRow>(participantDataSql, [experimentKey])) {
        yield toParticipantDataRow(row);
      }
    },
    async *streamProcessEvents(experimentKey) {
      yield* streamRows<ProcessEvent & { participantId: string; arm: string; sequence: number }>(
        `SELECT pe.participant_id AS "participantId", a.arm, pe.sequence, pe.kind, pe.field, pe.value, pe.at_ms AS "atMs"
         FROM process_events pe JOIN assignments a USING (experiment_key, participant_id)
         WHERE pe.experiment_key = $1 ORDER BY pe.participant_id COLLATE "C", pe.sequence`,
        [experimentKey],
      );
    },
    async listDecisionTimes(experimentKey) {
      return all<{ arm: string; timeToDecisionMs: number | null }>('SELECT arm, time_to_decision_ms AS "timeToDecisionMs" FROM decisions WHERE experiment_key = $1', [experimentKey]);
    },
    async createApiKey(key) {
      await run(
        `INSERT INTO api_keys (id, name, secret_sha256, client_key, experiments_json, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [key.id, key.name, key.secretSha256, key.clientKey, key.experiments === null ? null : JSON.stringify(key.experiments), key.createdAt.toISOString()],
      );
      return toApiKey((await findApiKey(key.id))!);
    },
    async listApiKeys() {
      return (await all<ApiKeyRow>(`SELECT ${apiKeyColumns} FROM api_keys ORDER BY created_at COLLATE "C", id COLLATE "C"`)).map(toApiKey);
    },
    async revokeApiKey(idOrClientKey, at) {
      await run('UPDATE api_keys SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 OR client_key = $1', [idOrClientKey, at.toISOString()]);
      const row = await findApiKey(idOrClientKey);
      return row && toApiKey(row);
    },
    async findApiKeyBySecretSha256(secretSha256) {
      const row = await one<ApiKeyRow>(`SELECT ${apiKeyColumns} FROM api_keys WHERE secret_sha256 = $1`, [secretSha256]);
      return row && toApiKey(row);
    },
    async findApiKeyByClientKey(clientKey) {
      const row = await findApiKey(clientKey);
      return row && row.client_key === clientKey ? toApiKey(row) : undefined;
    },
    async recordApiEvents(events, apiKeyId, receivedAt) {
      return transaction(async (client) => {
        // The first event of the batch whose unit was never assigned, found in one query.
        const unassigned = await client.query<{ position: string }>(
          `SELECT t.position FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(experiment_key, participant_id, position)
           WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a.experiment_key = t.experiment_key AND a.participant_id = t.participant_id)
           ORDER BY t.position LIMIT 1`,
          [events.map((event) => event.experimentKey), events.map((event) => event.participantId)],
        );
        if (unassigned.rows[0]) {
          const index = Number(unassigned.rows[0].position) - 1;
          throw new UnknownUnitError(index, events[index]!.experimentKey, events[index]!.participantId);
        }
        const inserted = await client.query(
          `INSERT INTO api_events (experiment_key, participant_id, name, value_json, occurred_at, received_at, api_key_id, idempotency_key)
           SELECT t.experiment_key, t.participant_id, t.name, t.value_json, t.occurred_at, $7, $8, t.idempotency_key
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
                AS t(experiment_key, participant_id, name, value_json, occurred_at, idempotency_key, position)
           ORDER BY t.position
           ON CONFLICT DO NOTHING`,
          [
            events.map((event) => event.experimentKey),
            events.map((event) => event.participantId),
            events.map((event) => event.name),
            events.map((event) => JSON.stringify(event.value)),
            events.map((event) => event.occurredAt.toISOString()),
            events.map((event) => event.idempotencyKey),
            receivedAt.toISOString(),
            apiKeyId,
          ],
        );
        const stored = inserted.rowCount ?? 0;
        return { stored, duplicates: events.length - stored };
      });
    },
    async listApiEvents(experimentKey, participantId) {
      const rows = await all<ApiEventRow>(
        `SELECT experiment_key, participant_id, name, value_json, occurred_at, received_at, api_key_id, idempotency_key
         FROM api_events WHERE experiment_key = $1 AND ($2::text IS NULL OR participant_id = $2) ORDER BY id`,
        [experimentKey, participantId ?? null],
      );
      return rows.map(toApiEvent);
    },
    async createUser(user) {
      return (
        (await run('INSERT INTO users (username, role, password_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
          user.username,
          user.role,
          user.passwordHash,
          user.createdAt.toISOString(),
        ])) === 1
      );
    },
    async findUser(username) {
      const row = await one<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
      return row && toUser(row);
    },
    async listUsers() {
      return (await all<UserRow>('SELECT * FROM users ORDER BY username COLLATE "C"')).map(toUser);
    },
    async countUsers() {
      return (await one<{ n: number }>('SELECT count(*)::int AS n FROM users'))!.n;
    },
    async recordLoginFailure(username, limit, lockUntil, now) {
      const row = await one<{ locked: boolean }>(
        `UPDATE users SET
           failed_logins = CASE WHEN locked_until <= $4 THEN 1 ELSE failed_logins + 1 END,
           locked_until = CASE WHEN (CASE WHEN locked_until <= $4 THEN 1 ELSE failed_logins + 1 END) >= $2 THEN $3
                               WHEN locked_until <= $4 THEN NULL ELSE locked_until END
         WHERE username = $1
         RETURNING locked_until IS NOT NULL AND locked_until = $3 AS locked`,
        [username, limit, lockUntil.toISOString(), now.toISOString()],
      );
      return row?.locked === true;
    },
    async clearLoginFailures(username) {
      await run('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = $1', [username]);
    },
    async createSession(tokenSha256, username, createdAt, expiresAt) {
      await run('INSERT INTO sessions (token_sha256, username, created_at, expires_at) VALUES ($1, $2, $3, $4)', [tokenSha256, username, createdAt.toISOString(), expiresAt.toISOString()]);
    },
    async findSessionUser(tokenSha256, now) {
      const row = await one<UserRow>('SELECT u.* FROM sessions s JOIN users u USING (username) WHERE s.token_sha256 = $1 AND s.expires_at > $2', [tokenSha256, now.toISOString()]);
      return row && toUser(row);
    },
    async deleteSession(tokenSha256) {
      await run('DELETE FROM sessions WHERE token_sha256 = $1', [tokenSha256]);
    },
    async appendAudit(entry) {
      await run('INSERT INTO audit_log (at, actor, action, subject, details_json) VALUES ($1, $2, $3, $4, $5)', [
        entry.at.toISOString(),
        entry.actor,
        entry.action,
        entry.subject,
        entry.details === null ? null : JSON.stringify(entry.details),
      ]);
    },
    async listAudit(limit) {
      return (await all<AuditRow>('SELECT at, actor, action, subject, details_json FROM audit_log ORDER BY id DESC LIMIT $1', [limit])).map(toAuditEntry);
    },
    async findExperimentState(experimentKey) {
      const row = await one<ExperimentStateRow>('SELECT * FROM experiment_states WHERE experiment_key = $1', [experimentKey]);
      return row && toExperimentState(row);
    },
    async findExperimentStateName(experimentKey) {
      return (await one<{ state: ExperimentStateName }>('SELECT state FROM experiment_states WHERE experiment_key = $1', [experimentKey]))?.state;
    },
    async listExperimentStates() {
      return (await all<ExperimentStateRow>('SELECT * FROM experiment_states ORDER BY experiment_key COLLATE "C"')).map(toExperimentState);
    },
    async setExperimentState(experimentKey, state, at, definition) {
      const running = state === 'running';
      const row = await one<ExperimentStateRow>(
        `INSERT INTO experiment_states (experiment_key, state, changed_at, started_at, definition_sha256, frozen_definition_json)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (experiment_key) DO UPDATE SET
           state = excluded.state,
           changed_at = excluded.changed_at,
           started_at = coalesce(experiment_states.started_at, excluded.started_at),
           definition_sha256 = coalesce(experiment_states.definition_sha256, excluded.definition_sha256),
           frozen_definition_json = coalesce(experiment_states.frozen_definition_json, excluded.frozen_definition_json)
         RETURNING *`,
        [experimentKey, state, at.toISOString(), running ? at.toISOString() : null, running ? definition.sha256 : null, running ? JSON.stringify(definition.json) : null],
      );
      return toExperimentState(row!);
    },
    async eraseParticipant(participantId, experimentKey) {
      return transaction(async (client) => {
        // Foreign keys cascade to assignments, exposures, decisions, completions, process events, answers and lender events.
        const deleted = await client.query<{ experiment_key: string }>(
          'DELETE FROM participants WHERE participant_id = $1 AND ($2::text IS NULL OR experiment_key = $2) RETURNING experiment_key',
          [participantId, experimentKey ?? null],
        );
        return deleted.rows.map((row) => row.experiment_key).sort();
      });
    },
    async deleteProcessDataBefore(cutoff, at) {
      return transaction(async (client) => {
        const summarized = await client.query(
          `UPDATE decisions AS d
           SET process_summary_json = json_build_object('changes', coalesce(${changesOfParticipantSql('d')}, '{}'::json), 'panelsOpened', ${panelsOpenedOfParticipantSql('d')})::text,
               process_events_deleted_at = $2
           WHERE d.decided_at < $1 AND d.process_events_deleted_at IS NULL`,
          [cutoff.toISOString(), at.toISOString()],
        );
        const deleted = await client.query(
          `DELETE FROM process_events pe USING decisions d
           WHERE d.experiment_key = pe.experiment_key AND d.participant_id = pe.participant_id AND d.process_events_deleted_at IS NOT NULL`,
        );
        return { participants: summarized.rowCount ?? 0, events: deleted.rowCount ?? 0 };
      });
    },
    async hitRateLimit(key, windowMs, now, hits = 1) {
      const row = await one<{ hits: number; window_started_at: string }>(
        `INSERT INTO rate_limits (key, window_started_at, hits) VALUES ($1, $2, greatest($4::int, 0))
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN rate_limits.window_started_at <= $3 THEN greatest($4::int, 0) ELSE greatest(rate_limits.hits + $4::int, 0) END,
           window_started_at = CASE WHEN rate_limits.window_started_at <= $3 THEN excluded.window_started_at ELSE rate_limits.window_started_at END
         RETURNING hits, window_started_at`,
        [key, now.toISOString(), new Date(now.getTime() - windowMs).toISOString(), hits],
      );
      return { hits: row!.hits, resetAt: new Date(Date.parse(row!.window_started_at) + windowMs) };
    },
    async resetRateLimit(key) {
      await run('DELETE FROM rate_limits WHERE key = $1', [key]);
    },
    async backup() {
      throw new Error('backups of a PostgreSQL store are taken with pg_dump (or your provider’s snapshots), not nudgelab backup');
    },
    async close() {
      await pool.end();
    },
  };
}
