import Database from 'better-sqlite3';
import { assignArm } from '../../server/assignment/assign-arm';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import { seededRandom } from '../../experiments/simulation/seeded-random';
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
    exposure: db.prepare("INSERT INTO exposures (experiment_key, participant_id, definition_hash, presentation_json, exposed_at) VALUES (?, ?, ?, '{}', ?)"),
    decision: db.prepare(
      "INSERT INTO decisions (experiment_key, participant_id, arm, values_json, kept_default, decided_at, time_to_decision_ms, timing_source, process_data_status) VALUES (?, ?, ?, ?, ?, ?, ?, 'client', 'recorded')",
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
      insert.exposure.run(key, id, 'seed', at);
      insert.decision.run(key, id, arm, JSON.stringify({ amount, term: 60 }), arm === 'control' ? null : Number(random.uniform() < 0.2), at, 5000 + random.uniform() * 20000);
      insert.event.run(key, id, 0, String(amount - 500), 2100);
      insert.event.run(key, id, 1, String(amount), 4300);
    }
  })();
  db.close();
}
