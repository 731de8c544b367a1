import type { Database } from 'better-sqlite3';

/**
 * The schema, as numbered migrations. Never edit a migration that has shipped:
 * add the next number. Each runs in its own transaction and sets
 * `PRAGMA user_version` to its number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const sqliteMigrations: readonly Migration[] = [
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
      ) STRICT;
      CREATE TABLE assignments (
        experiment_key  TEXT NOT NULL,
        participant_id  TEXT NOT NULL,
        arm             TEXT NOT NULL,
        definition_hash TEXT NOT NULL,
        assigned_at     TEXT NOT NULL,
        PRIMARY KEY (experiment_key, participant_id),
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      ) STRICT;
      CREATE TABLE exposures (
        experiment_key  TEXT NOT NULL,
        participant_id  TEXT NOT NULL,
        definition_hash TEXT NOT NULL,
        exposed_at      TEXT NOT NULL,
        PRIMARY KEY (experiment_key, participant_id),
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      ) STRICT;
      CREATE TABLE decisions (
        experiment_key TEXT NOT NULL,
        participant_id TEXT NOT NULL,
        arm            TEXT NOT NULL,
        values_json    TEXT NOT NULL CHECK (json_valid(values_json)),
        kept_default   INTEGER CHECK (kept_default IN (0, 1)),
        decided_at     TEXT NOT NULL,
        PRIMARY KEY (experiment_key, participant_id),
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      ) STRICT;
      CREATE TABLE completions (
        experiment_key  TEXT NOT NULL,
        participant_id  TEXT NOT NULL,
        completion_code TEXT NOT NULL,
        completed_at    TEXT NOT NULL,
        PRIMARY KEY (experiment_key, participant_id),
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      ) STRICT;
      CREATE TABLE consent_declines (
        id             INTEGER PRIMARY KEY,
        experiment_key TEXT NOT NULL,
        declined_at    TEXT NOT NULL
      ) STRICT;
      CREATE TABLE server_secrets (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      CREATE INDEX assignments_by_arm ON assignments (experiment_key, arm);
    `,
  },
];

/** A database written by a newer nudgelab than this one. */
export class DatabaseNewerThanCodeError extends Error {
  constructor(databaseVersion: number, codeVersion: number) {
    super(
      `the database is at schema version ${databaseVersion}, but this nudgelab knows versions up to ${codeVersion}; ` +
        'upgrade nudgelab (or point NUDGELAB_DB at another file) rather than risk damaging newer data',
    );
    this.name = 'DatabaseNewerThanCodeError';
  }
}

/**
 * Brings a database up to the newest migration and returns its version.
 * Refuses (throws DatabaseNewerThanCodeError) a database newer than the code.
 *
 * @example
 * migrateSqlite(new Database(':memory:')); // => 1
 */
export function migrateSqlite(db: Database, migrations: readonly Migration[] = sqliteMigrations): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) throw new DatabaseNewerThanCodeError(current, latest);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return Math.max(current, latest);
}
