import type { SqlDialect } from './sql-dialect';

/** A schema change as written once, for both engines. */
export interface MigrationSource {
  version: number;
  name: string;
  sql: (d: SqlDialect) => string;
}

/** A schema change rendered for one engine. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * A table of a participant's data, keyed by the participant (and `moreKey`,
 * for several rows each) and erased with them (ON DELETE CASCADE).
 */
const ofParticipant = (d: SqlDialect, table: string, columns: string, moreKey?: string) => `CREATE TABLE ${table} (
        experiment_key TEXT NOT NULL,
        participant_id TEXT NOT NULL,
        ${columns},
        PRIMARY KEY (experiment_key, participant_id${moreKey ? `, ${moreKey}` : ''}),
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      )${d.strict};`;

/**
 * The schema, as one ordered list of numbered migrations for both engines.
 * Never edit a migration that has shipped: add the next number. SQLite
 * records the version in `PRAGMA user_version`, PostgreSQL in
 * `nudgelab_schema`; the copy command takes its table order from here.
 */
export const migrations: readonly MigrationSource[] = [
  {
    version: 1,
    name: 'participants, assignments, exposures, decisions, completions, consent declines, server secrets',
    sql: (d) => `
      CREATE TABLE participants (
        experiment_key   TEXT NOT NULL,
        participant_id   TEXT NOT NULL,
        panel_id         TEXT,
        locale           TEXT NOT NULL CHECK (locale IN ('nl', 'en')),
        user_agent_class TEXT NOT NULL,
        entered_at       TEXT NOT NULL,
        PRIMARY KEY (experiment_key, participant_id)
      )${d.strict};
      ${ofParticipant(d, 'assignments', `arm             TEXT NOT NULL,
        definition_hash TEXT NOT NULL,
        assigned_at     TEXT NOT NULL`)}
      ${ofParticipant(d, 'exposures', `definition_hash TEXT NOT NULL,
        exposed_at      TEXT NOT NULL`)}
      ${ofParticipant(d, 'decisions', `arm            TEXT NOT NULL,
        values_json    TEXT NOT NULL CHECK (${d.jsonIsValid('values_json')}),
        kept_default   INTEGER CHECK (kept_default IN (0, 1)),
        decided_at     TEXT NOT NULL`)}
      ${ofParticipant(d, 'completions', `completion_code TEXT NOT NULL,
        completed_at    TEXT NOT NULL`)}
      CREATE TABLE consent_declines (
        ${d.identity},
        experiment_key TEXT NOT NULL,
        declined_at    TEXT NOT NULL
      )${d.strict};
      CREATE TABLE server_secrets (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
      )${d.strict};
      CREATE INDEX assignments_by_arm ON assignments (experiment_key, arm);
    `,
  },
  {
    version: 2,
    name: 'presentation per exposure, decision timing, process events, questionnaire answers',
    sql: (d) => `
      ALTER TABLE exposures ADD COLUMN presentation_json TEXT CHECK (${d.jsonIsValid('presentation_json')});
      ALTER TABLE decisions ADD COLUMN time_to_decision_ms ${d.real};
      ALTER TABLE decisions ADD COLUMN timing_source TEXT CHECK (timing_source IN ('client', 'server'));
      ALTER TABLE decisions ADD COLUMN process_data_status TEXT NOT NULL DEFAULT 'missing' CHECK (process_data_status IN ('recorded', 'missing'));
      ${ofParticipant(d, 'process_events', `sequence       INTEGER NOT NULL,
        kind           TEXT NOT NULL,
        field          TEXT,
        value          TEXT,
        at_ms          ${d.real} NOT NULL`, 'sequence')}
      ${ofParticipant(d, 'questionnaire_answers', `question_key   TEXT NOT NULL,
        answer         TEXT NOT NULL,
        correct        INTEGER CHECK (correct IN (0, 1)),
        answered_at    TEXT NOT NULL`, 'question_key')}
    `,
  },
  {
    version: 3,
    name: 'lender API: keys, events, participant source',
    sql: (d) => `
      ALTER TABLE participants ADD COLUMN source TEXT NOT NULL DEFAULT 'panel' CHECK (source IN ('panel', 'api'));
      CREATE TABLE api_keys (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL,
        secret_sha256    TEXT NOT NULL UNIQUE,
        client_key       TEXT NOT NULL UNIQUE,
        experiments_json TEXT CHECK (${d.jsonIsValid('experiments_json')}),
        created_at       TEXT NOT NULL,
        revoked_at       TEXT
      )${d.strict};
      CREATE TABLE api_events (
        ${d.identity},
        experiment_key  TEXT NOT NULL,
        participant_id  TEXT NOT NULL,
        name            TEXT NOT NULL,
        value_json      TEXT NOT NULL CHECK (${d.jsonIsValid('value_json')}),
        occurred_at     TEXT NOT NULL,
        received_at     TEXT NOT NULL,
        api_key_id      TEXT NOT NULL REFERENCES api_keys (id),
        idempotency_key TEXT,
        FOREIGN KEY (experiment_key, participant_id) REFERENCES participants ON DELETE CASCADE
      )${d.strict};
      CREATE UNIQUE INDEX api_events_idempotency ON api_events (experiment_key, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX api_events_by_participant ON api_events (experiment_key, participant_id);
    `,
  },
  {
    version: 4,
    name: 'accounts, sessions, audit log, experiment lifecycle',
    sql: (d) => `
      CREATE TABLE users (
        username      TEXT PRIMARY KEY,
        role          TEXT NOT NULL CHECK (role IN ('admin', 'researcher')),
        password_hash TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until  TEXT
      )${d.strict};
      CREATE TABLE sessions (
        token_sha256 TEXT PRIMARY KEY,
        username     TEXT NOT NULL REFERENCES users ON DELETE CASCADE,
        created_at   TEXT NOT NULL,
        expires_at   TEXT NOT NULL
      )${d.strict};
      CREATE TABLE audit_log (
        ${d.identity},
        at           TEXT NOT NULL,
        actor        TEXT NOT NULL,
        action       TEXT NOT NULL,
        subject      TEXT NOT NULL,
        details_json TEXT CHECK (${d.jsonIsValid('details_json')})
      )${d.strict};
      CREATE TABLE experiment_states (
        experiment_key         TEXT PRIMARY KEY,
        state                  TEXT NOT NULL CHECK (state IN ('draft', 'running', 'paused', 'stopped')),
        changed_at             TEXT NOT NULL,
        started_at             TEXT,
        definition_sha256      TEXT,
        frozen_definition_json TEXT CHECK (${d.jsonIsValid('frozen_definition_json')})
      )${d.strict};
    `,
  },
  {
    version: 5,
    name: 'process-data retention: a per-decision summary kept when the raw events are deleted',
    sql: (d) => `
      ALTER TABLE decisions ADD COLUMN process_summary_json TEXT CHECK (${d.jsonIsValid('process_summary_json')});
      ALTER TABLE decisions ADD COLUMN process_events_deleted_at TEXT;
      CREATE INDEX decisions_by_time ON decisions (decided_at);
    `,
  },
  {
    version: 6,
    name: 'rate limits shared by every instance',
    sql: (d) => `
      CREATE TABLE rate_limits (
        key               TEXT PRIMARY KEY,
        window_started_at TEXT NOT NULL,
        hits              INTEGER NOT NULL
      )${d.strict};
    `,
  },
  {
    version: 7,
    name: 'permuted blocks: positions taken per experiment and stratum, and each assignment’s place in its block',
    sql: (d) => `
      ALTER TABLE assignments ADD COLUMN stratum TEXT;
      ALTER TABLE assignments ADD COLUMN block_index INTEGER;
      ALTER TABLE assignments ADD COLUMN block_position INTEGER;
      CREATE TABLE block_positions_taken (
        experiment_key TEXT NOT NULL,
        stratum        TEXT NOT NULL,
        taken          INTEGER NOT NULL,
        PRIMARY KEY (experiment_key, stratum)
      )${d.strict};
    `,
  },
  {
    version: 8,
    name: 'lender data boundaries: the key that assigned each unit, key scopes, idempotency per key; disabled users',
    // Units assigned before this migration get the key that sent all their events, if exactly one did; others stay visible to researchers only.
    sql: (d) => `
      ALTER TABLE assignments ADD COLUMN assigned_by_api_key_id TEXT;
      UPDATE assignments SET assigned_by_api_key_id = (
        SELECT min(ev.api_key_id) FROM api_events ev
        WHERE ev.experiment_key = assignments.experiment_key AND ev.participant_id = assignments.participant_id)
      WHERE EXISTS (SELECT 1 FROM participants p
                    WHERE p.experiment_key = assignments.experiment_key AND p.participant_id = assignments.participant_id AND p.source = 'api')
        AND (SELECT count(DISTINCT ev.api_key_id) FROM api_events ev
             WHERE ev.experiment_key = assignments.experiment_key AND ev.participant_id = assignments.participant_id) = 1;
      CREATE INDEX assignments_by_api_key ON assignments (experiment_key, assigned_by_api_key_id);
      ALTER TABLE api_keys ADD COLUMN scopes_json TEXT NOT NULL DEFAULT '[]' CHECK (${d.jsonIsValid('scopes_json')});
      DROP INDEX api_events_idempotency;
      CREATE UNIQUE INDEX api_events_idempotency_per_key ON api_events (api_key_id, experiment_key, idempotency_key) WHERE idempotency_key IS NOT NULL;
      ALTER TABLE users ADD COLUMN disabled_at TEXT;
    `,
  },
  {
    version: 9,
    name: 'participant releases: an admin lets a participant id start again in another browser',
    sql: (d) => `
      ${ofParticipant(d, 'participant_releases', 'released_at TEXT NOT NULL')}
    `,
  },
  {
    version: 10,
    name: 'test traffic: participants marked as test (simulated or from a signed test link)',
    sql: () => `
      ALTER TABLE participants ADD COLUMN is_test INTEGER NOT NULL DEFAULT 0 CHECK (is_test IN (0, 1));
      CREATE INDEX participants_test ON participants (experiment_key, is_test);
    `,
  },
  {
    version: 11,
    name: 'participant attributes: declared, coarse pre-treatment attributes a lender sends with an assignment',
    sql: (d) => `
      ${ofParticipant(d, 'participant_attributes', `attribute_key TEXT NOT NULL,
        value         TEXT NOT NULL`, 'attribute_key')}
    `,
  },
  {
    version: 12,
    name: 'panel parameters: the entry-link parameters an experiment’s panel declares (e.g. STUDY_ID, SESSION_ID), per participant',
    sql: (d) => `
      ${ofParticipant(d, 'participant_panel_parameters', `parameter TEXT NOT NULL,
        value     TEXT NOT NULL`, 'parameter')}
    `,
  },
  {
    version: 13,
    name: 'experiment notes: what admins write down about an experiment, with author and time',
    sql: (d) => `
      CREATE TABLE experiment_notes (
        ${d.identity},
        experiment_key TEXT NOT NULL,
        author         TEXT NOT NULL,
        note           TEXT NOT NULL,
        written_at     TEXT NOT NULL
      )${d.strict};
      CREATE INDEX experiment_notes_by_experiment ON experiment_notes (experiment_key, written_at);
    `,
  },
  {
    version: 14,
    name: 'results at field-trial scale: decisions by arm and time to decide (counts and medians read an index), real participants in entry order (the results read them without sorting)',
    sql: (d) => `
      CREATE INDEX decisions_by_arm_and_time ON decisions (experiment_key, arm, time_to_decision_ms);
      CREATE INDEX participants_in_entry_order ON participants (experiment_key, is_test, entered_at${d.bytewise}, participant_id${d.bytewise});
    `,
  },
  {
    version: 15,
    name: 'decision-time summaries: each decision carries its participant’s entry time and test mark and its process summary (changes per field, panels opened), so the results read the decisions alone, in entry order, without a join or a count of events per decision; enrolment per arm and day, and the exposed per arm, read off the index by arm (which now also holds the day of assignment and the participant)',
    // Written when the decision is stored from then on (see storeDecision); the same summary the process-data retention keeps.
    sql: (d) => `
      ALTER TABLE decisions ADD COLUMN entered_at TEXT;
      ALTER TABLE decisions ADD COLUMN is_test INTEGER NOT NULL DEFAULT 0 CHECK (is_test IN (0, 1));
      UPDATE decisions AS d SET entered_at = p.entered_at, is_test = p.is_test
      FROM participants p WHERE p.experiment_key = d.experiment_key AND p.participant_id = d.participant_id;
      UPDATE decisions AS d SET process_summary_json = CAST(${d.jsonObject(
        "'changes'",
        d.json(`coalesce((SELECT ${d.jsonObjectOfRows('x.field', 'x.n')} FROM (
          SELECT pe.field, count(*) AS n FROM process_events pe
          WHERE pe.experiment_key = d.experiment_key AND pe.participant_id = d.participant_id AND pe.kind = 'change' AND pe.field IS NOT NULL
          GROUP BY pe.field) x), '{}')`),
        "'panelsOpened'",
        `(SELECT count(*) FROM process_events pe
          WHERE pe.experiment_key = d.experiment_key AND pe.participant_id = d.participant_id AND pe.kind = 'panel' AND pe.value = 'open')`,
      )} AS TEXT)
      WHERE d.process_data_status = 'recorded' AND d.process_summary_json IS NULL;
      CREATE INDEX decisions_in_entry_order ON decisions (experiment_key, is_test, entered_at${d.bytewise}, participant_id${d.bytewise});
      DROP INDEX assignments_by_arm;
      CREATE INDEX assignments_by_arm_and_day ON assignments (experiment_key, arm, (substr(assigned_at, 1, 10)), participant_id${d.bytewise});
    `,
  },
  {
    version: 16,
    name: 'exposures by arm: each exposure carries its participant’s arm, so the exposed per arm are counted off an index rather than by a look-up in the exposures per assignment',
    // Written when the exposure is stored from then on (see insertExposure); null for an exposure without an assignment, which no count by arm includes.
    sql: (d) => `
      ALTER TABLE exposures ADD COLUMN arm TEXT;
      UPDATE exposures AS e SET arm = a.arm
      FROM assignments a WHERE a.experiment_key = e.experiment_key AND a.participant_id = e.participant_id;
      CREATE INDEX exposures_by_arm ON exposures (experiment_key, arm${d.bytewise});
    `,
  },
  {
    version: 17,
    name: 'wrong answers by question: whether anyone in an experiment failed an attention check is one look-up, so the results read asks per decision only when someone did',
    // Partial: only wrong answers are indexed (few), so writing a right answer costs nothing more.
    sql: () => `
      CREATE INDEX wrong_answers_by_question ON questionnaire_answers (experiment_key, question_key) WHERE correct = 0;
    `,
  },
  {
    version: 18,
    name: 'the consent page a participation started from: a second accept from that same page (a double click, sent before the first answer set the cookie) goes on, where another browser with the same panel link is still turned away',
    // A keyed hash of the page's one-time value, never the value itself; null for participations started before, or by a lender.
    sql: () => `
      ALTER TABLE participants ADD COLUMN consent_page_hash TEXT;
    `,
  },
];

/**
 * The migrations as one engine runs them.
 *
 * @example
 * migrationsFor(sqliteDialect).at(-1)?.version; // => 18
 */
export function migrationsFor(dialect: SqlDialect): Migration[] {
  return migrations.map(({ version, name, sql }) => ({ version, name, sql: sql(dialect) }));
}

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

/** A table as the migrations create it. */
export interface SchemaTable {
  name: string;
  /** Whether its `id` is numbered by the database (an identity column on PostgreSQL). */
  numberedId: boolean;
}

/**
 * Every table the migrations create, in the order they create them — so a
 * table comes after the tables its foreign keys point to. The copy command
 * takes its order from here.
 *
 * @example
 * tablesInCreationOrder(postgresDialect)[0]; // => { name: 'participants', numberedId: false }
 */
export function tablesInCreationOrder(dialect: SqlDialect): SchemaTable[] {
  return migrationsFor(dialect).flatMap((migration) =>
    migration.sql
      .split(/CREATE TABLE /)
      .slice(1)
      .map((definition) => ({ name: /^\w+/.exec(definition)![0], numberedId: definition.split(';')[0]!.includes(dialect.identity) })),
  );
}
