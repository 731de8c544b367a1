import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrateSqlite } from './sqlite-migrations';
import type {
  ArmCount,
  Locale,
  NewDecision,
  NewParticipant,
  ParticipantDecisionRow,
  ParticipantRecord,
  Store,
  StoredDecision,
} from './store';

interface ParticipantRow {
  experiment_key: string;
  participant_id: string;
  panel_id: string | null;
  locale: Locale;
  entered_at: string;
  arm: string;
  exposed_at: string | null;
  values_json: string | null;
  kept_default: number | null;
  decided_at: string | null;
  decision_arm: string | null;
  completion_code: string | null;
  completed_at: string | null;
}

interface DecisionRow {
  arm: string;
  values_json: string;
  kept_default: number | null;
  decided_at: string;
}

const toDecision = (row: DecisionRow): StoredDecision => ({
  arm: row.arm,
  values: JSON.parse(row.values_json) as Record<string, number | string>,
  keptDefault: row.kept_default === null ? null : row.kept_default === 1,
  decidedAt: new Date(row.decided_at),
});

/**
 * The embedded store: one SQLite file in WAL mode, opened once, every
 * statement prepared once. Writes are single statements or one transaction,
 * so a crash leaves either all of a write or none of it. `synchronous=NORMAL`
 * in WAL mode survives a killed process; only a power cut can lose the last
 * commits.
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
  migrateSqlite(db);

  const statements = {
    insertSecret: db.prepare('INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    findSecret: db.prepare('SELECT value FROM server_secrets WHERE name = ?'),
    insertDecline: db.prepare('INSERT INTO consent_declines (experiment_key, declined_at) VALUES (?, ?)'),
    countDeclines: db.prepare('SELECT count(*) AS n FROM consent_declines WHERE experiment_key = ?'),
    insertParticipant: db.prepare(
      `INSERT INTO participants (experiment_key, participant_id, panel_id, locale, user_agent_class, entered_at)
       VALUES (@experimentKey, @participantId, @panelId, @locale, @userAgentClass, @at)
       ON CONFLICT DO NOTHING`,
    ),
    insertAssignment: db.prepare(
      `INSERT INTO assignments (experiment_key, participant_id, arm, definition_hash, assigned_at)
       VALUES (@experimentKey, @participantId, @arm, @definitionHash, @at)
       ON CONFLICT DO NOTHING`,
    ),
    findParticipant: db.prepare(
      `SELECT p.experiment_key, p.participant_id, p.panel_id, p.locale, p.entered_at, a.arm,
              e.exposed_at, d.values_json, d.kept_default, d.decided_at, d.arm AS decision_arm,
              c.completion_code, c.completed_at
       FROM participants p
       JOIN assignments a USING (experiment_key, participant_id)
       LEFT JOIN exposures e USING (experiment_key, participant_id)
       LEFT JOIN decisions d USING (experiment_key, participant_id)
       LEFT JOIN completions c USING (experiment_key, participant_id)
       WHERE p.experiment_key = ? AND p.participant_id = ?`,
    ),
    insertExposure: db.prepare(
      `INSERT INTO exposures (experiment_key, participant_id, definition_hash, exposed_at)
       VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    insertDecision: db.prepare(
      `INSERT INTO decisions (experiment_key, participant_id, arm, values_json, kept_default, decided_at)
       SELECT a.experiment_key, a.participant_id, a.arm, @valuesJson, @keptDefault, @at
       FROM assignments a WHERE a.experiment_key = @experimentKey AND a.participant_id = @participantId
       ON CONFLICT DO NOTHING`,
    ),
    findDecision: db.prepare(
      'SELECT arm, values_json, kept_default, decided_at FROM decisions WHERE experiment_key = ? AND participant_id = ?',
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
    if (!row) return undefined;
    return {
      experimentKey: row.experiment_key,
      participantId: row.participant_id,
      panelId: row.panel_id,
      locale: row.locale,
      enteredAt: new Date(row.entered_at),
      arm: row.arm,
      exposedAt: row.exposed_at === null ? null : new Date(row.exposed_at),
      decision:
        row.values_json === null || row.decided_at === null || row.decision_arm === null
          ? null
          : toDecision({ arm: row.decision_arm, values_json: row.values_json, kept_default: row.kept_default, decided_at: row.decided_at }),
      completion:
        row.completion_code === null || row.completed_at === null
          ? null
          : { code: row.completion_code, completedAt: new Date(row.completed_at) },
    };
  };

  const enrol = db.transaction((participant: NewParticipant) => {
    const parameters = { ...participant, at: participant.at.toISOString() };
    statements.insertParticipant.run(parameters);
    statements.insertAssignment.run(parameters);
  });

  return {
    async loadOrCreateSecret(name, create) {
      const existing = statements.findSecret.get(name) as { value: string } | undefined;
      if (existing) return existing.value;
      statements.insertSecret.run(name, create());
      return (statements.findSecret.get(name) as { value: string }).value;
    },
    async recordConsentDecline(experimentKey, at) {
      statements.insertDecline.run(experimentKey, at.toISOString());
    },
    async countConsentDeclines(experimentKey) {
      return (statements.countDeclines.get(experimentKey) as { n: number }).n;
    },
    async enrolParticipant(participant) {
      enrol(participant);
      const stored = findParticipant(participant.experimentKey, participant.participantId);
      if (!stored) throw new Error(`participant ${participant.participantId} was not stored`);
      return stored;
    },
    async findParticipant(experimentKey, participantId) {
      return findParticipant(experimentKey, participantId);
    },
    async recordExposure(experimentKey, participantId, definitionHash, at) {
      return statements.insertExposure.run(experimentKey, participantId, definitionHash, at.toISOString()).changes === 1;
    },
    async recordDecision(decision) {
      const result = statements.insertDecision.run({
        experimentKey: decision.experimentKey,
        participantId: decision.participantId,
        valuesJson: JSON.stringify(decision.values),
        keptDefault: decision.keptDefault === null ? null : Number(decision.keptDefault),
        at: decision.at.toISOString(),
      });
      const stored = statements.findDecision.get(decision.experimentKey, decision.participantId) as DecisionRow | undefined;
      if (!stored) throw new Error(`participant ${decision.participantId} is not enrolled in ${decision.experimentKey}`);
      return { decision: toDecision(stored), created: result.changes === 1 };
    },
    async recordCompletion(experimentKey, participantId, code, at) {
      statements.insertCompletion.run(experimentKey, participantId, code, at.toISOString());
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
    async close() {
      if (db.open) db.close();
    },
  };
}
