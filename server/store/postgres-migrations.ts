import type { Pool } from 'pg';
import { DatabaseNewerThanCodeError, type Migration } from './sqlite-migrations';

/**
 * The PostgreSQL schema, as the same numbered migrations as SQLite's (same
 * numbers, same names, same tables and keys), so that one store test suite
 * and one export hold for both. Times are stored as ISO 8601 text, exactly as
 * in SQLite, so rows sort and compare alike on either engine.
 */
export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'participants, assignments, exposures, decisions, completions, consent declines, server secrets',
    sql: `
      CREATE TABLE participants (
        experiment_key   TEXT NOT NULL,
        participant_id   TEXT NOT NULL,
        panel_id         TEXT,
        locale           TEXT NOT NULL CHECK (locale IN ('nl', 'en')),
        user_agent_class TEXT NOT NULL,
        entered_at       TEXT NOT NULL,
        PRIMARY KEY (experiment_key, participant_id)
      );
      CREATE TABLE assignments (
        experiment_key  TEXT NOT NULL,
        participant_id  TEXT NOT NULL,
        arm             TEXT NOT NULL,
        definition_hash TEXT NOT NULL,
        assigned_at     TEXT NOT NULL,
        PRIMARY KEY (experiment_key, participant_id),
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      );
      CREATE TABLE exposures (
        experiment_key  TEXT NOT NULL,
        participant_id  TEXT NOT NULL,
        definition_hash TEXT NOT NULL,
        exposed_at      TEXT NOT NULL,
        PRIMARY KEY (experiment_key, participant_id),
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      );
      CREATE TABLE decisions (
        experiment_key TEXT NOT NULL,
        participant_id TEXT NOT NULL,
        arm            TEXT NOT NULL,
        values_json    TEXT NOT NULL CHECK (values_json::jsonb IS NOT NULL),
        kept_default   INTEGER CHECK (kept_default IN (0, 1)),
        decided_at     TEXT NOT NULL,
        PRIMARY KEY (experiment_key, participant_id),
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      );
      CREATE TABLE completions (
        experiment_key  TEXT NOT NULL,
        participant_id  TEXT NOT NULL,
        completion_code TEXT NOT NULL,
        completed_at    TEXT NOT NULL,
        PRIMARY KEY (experiment_key, participant_id),
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      );
      CREATE TABLE consent_declines (
        id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        experiment_key TEXT NOT NULL,
        declined_at    TEXT NOT NULL
      );
      CREATE TABLE server_secrets (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE INDEX assignments_by_arm ON assignments (experiment_key, arm);
    `,
  },
  {
    version: 2,
    name: 'presentation per exposure, decision timing, process events, questionnaire answers',
    sql: `
      ALTER TABLE exposures ADD COLUMN presentation_json TEXT CHECK (presentation_json IS NULL OR presentation_json::jsonb IS NOT NULL);
      ALTER TABLE decisions ADD COLUMN time_to_decision_ms DOUBLE PRECISION;
      ALTER TABLE decisions ADD COLUMN timing_source TEXT CHECK (timing_source IN ('client', 'server'));
      ALTER TABLE decisions ADD COLUMN process_data_status TEXT NOT NULL DEFAULT 'missing' CHECK (process_data_status IN ('recorded', 'missing'));
      CREATE TABLE process_events (
        experiment_key TEXT NOT NULL,
        participant_id TEXT NOT NULL,
        sequence       INTEGER NOT NULL,
        kind           TEXT NOT NULL,
        field          TEXT,
        value          TEXT,
        at_ms          DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (experiment_key, participant_id, sequence),
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      );
      CREATE TABLE questionnaire_answers (
        experiment_key TEXT NOT NULL,
        participant_id TEXT NOT NULL,
        question_key   TEXT NOT NULL,
        answer         TEXT NOT NULL,
        correct        INTEGER CHECK (correct IN (0, 1)),
        answered_at    TEXT NOT NULL,
        PRIMARY KEY (experiment_key, participant_id, question_key),
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      );
    `,
  },
  {
    version: 3,
    name: 'lender API: keys, events, participant source',
    sql: `
      ALTER TABLE participants ADD COLUMN source TEXT NOT NULL DEFAULT 'panel' CHECK (source IN ('panel', 'api'));
      CREATE TABLE api_keys (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL,
        secret_sha256    TEXT NOT NULL UNIQUE,
        client_key       TEXT NOT NULL UNIQUE,
        experiments_json TEXT CHECK (experiments_json IS NULL OR experiments_json::jsonb IS NOT NULL),
        created_at       TEXT NOT NULL,
        revoked_at       TEXT
      );
      CREATE TABLE api_events (
        id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        experiment_key  TEXT NOT NULL,
        participant_id  TEXT NOT NULL,
        name            TEXT NOT NULL,
        value_json      TEXT NOT NULL CHECK (value_json::jsonb IS NOT NULL),
        occurred_at     TEXT NOT NULL,
        received_at     TEXT NOT NULL,
        api_key_id      TEXT NOT NULL REFERENCES api_keys (id),
        idempotency_key TEXT,
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      );
      CREATE UNIQUE INDEX api_events_idempotency ON api_events (experiment_key, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX api_events_by_participant ON api_events (experiment_key, participant_id);
    `,
  },
  {
    version: 4,
    name: 'accounts, sessions, audit log, experiment lifecycle',
    sql: `
      CREATE TABLE users (
        username      TEXT PRIMARY KEY,
        role          TEXT NOT NULL CHECK (role IN ('admin', 'researcher')),
        password_hash TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until  TEXT
      );
      CREATE TABLE sessions (
        token_sha256 TEXT PRIMARY KEY,
        username     TEXT NOT NULL REFERENCES users ON DELETE CASCADE,
        created_at   TEXT NOT NULL,
        expires_at   TEXT NOT NULL
      );
      CREATE TABLE audit_log (
        id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at           TEXT NOT NULL,
        actor        TEXT NOT NULL,
        action       TEXT NOT NULL,
        subject      TEXT NOT NULL,
        details_json TEXT CHECK (details_json IS NULL OR details_json::jsonb IS NOT NULL)
      );
      CREATE TABLE experiment_states (
        experiment_key         TEXT PRIMARY KEY,
        state                  TEXT NOT NULL CHECK (state IN ('draft', 'running', 'paused', 'stopped')),
        changed_at             TEXT NOT NULL,
        started_at             TEXT,
        definition_sha256      TEXT,
        frozen_definition_json TEXT CHECK (frozen_definition_json IS NULL OR frozen_definition_json::jsonb IS NOT NULL)
      );
    `,
  },
  {
    version: 5,
    name: 'process-data retention: a per-decision summary kept when the raw events are deleted',
    sql: `
      ALTER TABLE decisions ADD COLUMN process_summary_json TEXT CHECK (process_summary_json IS NULL OR process_summary_json::jsonb IS NOT NULL);
      ALTER TABLE decisions ADD COLUMN process_events_deleted_at TEXT;
      CREATE INDEX decisions_by_time ON decisions (decided_at);
    `,
  },
  {
    version: 6,
    name: 'rate limits shared by every instance',
    sql: `
      CREATE TABLE rate_limits (
        key               TEXT PRIMARY KEY,
        window_started_at TEXT NOT NULL,
        hits              INTEGER NOT NULL
      );
    `,
  },
  {
    // temporary: replaced by the unified store (same table and column names).
    version: 7,
    name: 'permuted blocks: positions taken per stratum, and the block of each assignment',
    sql: `
      CREATE TABLE randomisation_blocks (
        experiment_key  TEXT NOT NULL,
        stratum         TEXT NOT NULL,
        positions_taken INTEGER NOT NULL,
        PRIMARY KEY (experiment_key, stratum)
      );
      ALTER TABLE assignments ADD COLUMN stratum TEXT;
      ALTER TABLE assignments ADD COLUMN block_index INTEGER;
      ALTER TABLE assignments ADD COLUMN block_position INTEGER;
    `,
  },
];

/** One number for the advisory lock that serialises migrations when several instances start at once. */
const migrationLock = 727_310_427;

/**
 * Brings a PostgreSQL database up to the newest migration, under an advisory
 * lock so that instances starting together migrate once; returns the version.
 * The version lives in `nudgelab_schema` (PostgreSQL has no user_version).
 *
 * @example
 * await migratePostgres(new Pool({ connectionString })); // => 5
 */
export async function migratePostgres(pool: Pool, migrations: readonly Migration[] = postgresMigrations): Promise<number> {
  const latest = migrations.at(-1)?.version ?? 0;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLock]);
    await client.query('CREATE TABLE IF NOT EXISTS nudgelab_schema (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT max(version) AS version FROM nudgelab_schema');
    const current = rows[0]?.version ?? 0;
    if (current > latest) throw new DatabaseNewerThanCodeError(current, latest);
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO nudgelab_schema (version) VALUES ($1)', [migration.version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return Math.max(current, latest);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLock]).catch(() => undefined);
    client.release();
  }
}
