import Database from 'better-sqlite3';
import { assignArm } from '../../server/assignment/assign-arm';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import { seededRandom } from '../../experiments/simulation/seeded-random';
import pg from 'pg';
import { openPostgresStore } from '../../server/store/postgres-store';
import { openSqliteStore } from '../../server/store/sqlite-store';

/**
 * Fills a database with `count` loan-anchor participants who entered, saw the
 * screen and decided, each with two process events, written in one
 * transaction straight into the tables (the HTTP path would take too long for
 * a million). Arms come from the real assignment, so the split is GrowthBook's.
 */
export async function seedDecidedParticipants(databasePath: string, definition: ExperimentDefinition, count: number): Promise<void> {
  await openSqliteStore(databasePath).close(); // creates and migrates the schema
  const db = new Database(databasePath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const random = seededRandom(7);
  const insert = {
    participant: db.prepare("INSERT INTO participants (experiment_key, participant_id, panel_id, locale, user_agent_class, entered_at, source) VALUES (?, ?, ?, 'nl', 'desktop', ?, 'panel')"),
    assignment: db.prepare('INSERT INTO assignments (experiment_key, participant_id, arm, definition_hash, assigned_at) VALUES (?, ?, ?, ?, ?)'),
    // As recordExposure writes it: with the participant's arm (migration 16).
    exposure: db.prepare("INSERT INTO exposures (experiment_key, participant_id, definition_hash, presentation_json, exposed_at, arm) VALUES (?, ?, ?, '{}', ?, ?)"),
    decision: db.prepare(
      // As storeDecision writes it: with the entry time, the test mark and the summary of its two events.
      `INSERT INTO decisions (experiment_key, participant_id, arm, values_json, kept_default, decided_at, time_to_decision_ms, timing_source, process_data_status, process_summary_json, entered_at, is_test)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'client', 'recorded', '{"changes":{"amount":2},"panelsOpened":0}', ?, 0)`,
    ),
    event: db.prepare("INSERT INTO process_events (experiment_key, participant_id, sequence, kind, field, value, at_ms) VALUES (?, ?, ?, 'change', 'amount', ?, ?)"),
  };
  const key = definition.key;
  const start = Date.parse('2026-11-01T09:00:00Z');
  db.transaction(() => {
    for (let index = 0; index < count; index++) {
      const id = `seed-${String(index).padStart(7, '0')}`;
      const arm = assignArm(definition, id);
      const at = new Date(start + index * 1000).toISOString();
      const amount = Math.max(500, Math.round(random.normal(9000, 4000) / 100) * 100);
      insert.participant.run(key, id, id, at);
      insert.assignment.run(key, id, arm, 'seed', at);
      insert.exposure.run(key, id, 'seed', at, arm);
      insert.decision.run(key, id, arm, JSON.stringify({ amount, term: 60 }), arm === 'control' ? null : Number(random.uniform() < 0.2), at, 5000 + random.uniform() * 20000, at);
      insert.event.run(key, id, 0, String(amount - 500), 2100);
      insert.event.run(key, id, 1, String(amount), 4300);
    }
  })();
  db.close();
}

/**
 * The same decided participants as `seedDecidedParticipants`, generated inside
 * PostgreSQL with generate_series (arms in rotation rather than by hash: the
 * export benchmark needs the volume, not the split).
 */
export async function seedDecidedParticipantsInPostgres(databaseUrl: string, count: number): Promise<void> {
  const store = await openPostgresStore(databaseUrl, { poolSize: 1 });
  await store.close(); // creates and migrates the schema
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const series = `FROM generate_series(0, $1::int - 1) AS i`;
    const id = `'seed-' || lpad(i::text, 7, '0')`;
    const at = `to_char(timestamptz '2026-11-01 09:00:00+00' + i * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const arm = `(ARRAY['control', 'low-anchor', 'high-anchor'])[i % 3 + 1]`;
    const amount = `(500 + (i::bigint * 7919) % 20000)`;
    await client.query('BEGIN');
    await client.query(`INSERT INTO participants (experiment_key, participant_id, panel_id, locale, user_agent_class, entered_at, source) SELECT 'loan-anchor', ${id}, ${id}, 'nl', 'desktop', ${at}, 'panel' ${series}`, [count]);
    await client.query(`INSERT INTO assignments (experiment_key, participant_id, arm, definition_hash, assigned_at) SELECT 'loan-anchor', ${id}, ${arm}, 'seed', ${at} ${series}`, [count]);
    await client.query(`INSERT INTO exposures (experiment_key, participant_id, definition_hash, presentation_json, exposed_at, arm) SELECT 'loan-anchor', ${id}, 'seed', '{}', ${at}, ${arm} ${series}`, [count]);
    await client.query(
      `INSERT INTO decisions (experiment_key, participant_id, arm, values_json, kept_default, decided_at, time_to_decision_ms, timing_source, process_data_status, process_summary_json, entered_at, is_test)
       SELECT 'loan-anchor', ${id}, ${arm}, '{"amount":' || ${amount} || ',"term":60}', CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 5 = 0)::int END, ${at}, 5000 + i % 20000, 'client', 'recorded',
              '{"changes":{"amount":2},"panelsOpened":0}', ${at}, 0 ${series}`,
      [count],
    );
    await client.query(
      `INSERT INTO process_events (experiment_key, participant_id, sequence, kind, field, value, at_ms)
       SELECT 'loan-anchor', ${id}, s, 'change', 'amount', (${amount} - 500 * (1 - s))::text, 2100 + s * 2200 ${series}, generate_series(0, 1) AS s`,
      [count],
    );
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
