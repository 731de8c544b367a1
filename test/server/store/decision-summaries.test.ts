import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesOfParticipant, panelsOpenedOfParticipant } from '../../../server/store/participation-store';
import { migratePostgres, postgresMigrations } from '../../../server/store/postgres-migrations';
import { processSummary } from '../../../server/store/process-summary';
import { query } from '../../../server/store/sql-database';
import { postgresDialect, sqliteDialect } from '../../../server/store/sql-dialect';
import { sqlDatabaseOf } from '../../../server/store/sql-store';
import { migrateSqlite, sqliteMigrations } from '../../../server/store/sqlite-migrations';
import type { ProcessEvent, Store } from '../../../server/store/store';
import { freshPostgresDatabase, postgresSkipNote, postgresTestUrl } from '../../helpers/postgres';
import { storeEngines } from '../../helpers/store-engines';

/** Changes of two fields, one without a field (not counted), panels opened twice and closed once. */
const events: ProcessEvent[] = [
  { kind: 'change', field: 'amount', value: '5000', atMs: 1000 },
  { kind: 'panel', field: 'costs', value: 'open', atMs: 1500 },
  { kind: 'change', field: 'amount', value: '6000', atMs: 2000 },
  { kind: 'panel', field: 'costs', value: 'close', atMs: 2500 },
  { kind: 'change', field: 'term', value: '60', atMs: 3000 },
  { kind: 'change', field: null, value: 'x', atMs: 3500 },
  { kind: 'panel', field: 'rate', value: 'open', atMs: 4000 },
];

/** JSON as either driver returns it: text from SQLite, already parsed from PostgreSQL's json type. */
const parsed = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

describe('processSummary', () => {
  it('counts the changes per field (not those without a field) and the panels opened', () => {
    expect(processSummary(events)).toEqual({ changes: { amount: 2, term: 1 }, panelsOpened: 2 });
  });

  it('gives empty counts for no events', () => {
    expect(processSummary([])).toEqual({ changes: {}, panelsOpened: 0 });
  });
});

/** The rows a database at schema 14 holds: three participants (one test traffic), their decisions (one without process data) and events. */
const rowsAtVersion14 = (events: readonly ProcessEvent[]) => `
  INSERT INTO participants (experiment_key, participant_id, panel_id, locale, user_agent_class, entered_at, source, is_test) VALUES
    ('loan-anchor', 'p1', 'p1', 'nl', 'desktop', '2026-11-01T09:00:00.000Z', 'panel', 0),
    ('loan-anchor', 'p2', 'p2', 'nl', 'desktop', '2026-11-02T10:00:00.000Z', 'panel', 0),
    ('loan-anchor', 't1', NULL, 'nl', 'desktop', '2026-11-03T11:00:00.000Z', 'panel', 1);
  INSERT INTO assignments (experiment_key, participant_id, arm, definition_hash, assigned_at)
    SELECT experiment_key, participant_id, 'control', 'h', entered_at FROM participants;
  INSERT INTO decisions (experiment_key, participant_id, arm, values_json, kept_default, decided_at, time_to_decision_ms, timing_source, process_data_status) VALUES
    ('loan-anchor', 'p1', 'control', '{"amount":6000}', NULL, '2026-11-05T09:00:00.000Z', 8000, 'client', 'recorded'),
    ('loan-anchor', 'p2', 'control', '{"amount":7000}', NULL, '2026-11-05T09:00:00.000Z', 9000, 'server', 'missing'),
    ('loan-anchor', 't1', 'control', '{"amount":8000}', NULL, '2026-11-05T09:00:00.000Z', 7000, 'client', 'recorded');
  INSERT INTO process_events (experiment_key, participant_id, sequence, kind, field, value, at_ms) VALUES
    ${events.map((event, sequence) => `('loan-anchor', 'p1', ${sequence}, '${event.kind}', ${event.field === null ? 'NULL' : `'${event.field}'`}, '${event.value}', ${event.atMs})`).join(',\n    ')},
    ('loan-anchor', 't1', 0, 'change', 'amount', '8000', 1000);
`;

const backfilled = 'SELECT participant_id, entered_at, is_test, process_summary_json FROM decisions ORDER BY participant_id';

/** What migration 15 must have given each decision of `rowsAtVersion14`. */
function expectBackfilled(rows: { participant_id: string; entered_at: string; is_test: number; process_summary_json: string | null }[]) {
  expect(rows.map((row) => [row.participant_id, row.entered_at, Number(row.is_test)])).toEqual([
    ['p1', '2026-11-01T09:00:00.000Z', 0],
    ['p2', '2026-11-02T10:00:00.000Z', 0],
    ['t1', '2026-11-03T11:00:00.000Z', 1],
  ]);
  expect(rows.map((row) => (row.process_summary_json === null ? null : JSON.parse(row.process_summary_json)))).toEqual([
    processSummary(events),
    null, // no process data recorded: nothing to summarise
    { changes: { amount: 1 }, panelsOpened: 0 },
  ]);
}

describe('migration 15: decisions get their entry time, test mark and process summary', () => {
  it('backfills every decision on SQLite', () => {
    const db = new Database(':memory:');
    migrateSqlite(db, sqliteMigrations.filter((migration) => migration.version <= 14));
    db.exec(rowsAtVersion14(events));
    expect(migrateSqlite(db, sqliteMigrations.filter((migration) => migration.version <= 15))).toBe(15);
    expectBackfilled(db.prepare(backfilled).all() as Parameters<typeof expectBackfilled>[0]);
    // The results read walks this index in entry order rather than joining the participants.
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT arm FROM decisions WHERE experiment_key = 'loan-anchor' AND is_test = 0 ORDER BY entered_at, participant_id").all() as { detail: string }[];
    expect(plan.map((step) => step.detail).join('\n')).toContain('decisions_in_entry_order');
  });

  describe.skipIf(!postgresTestUrl)(`on PostgreSQL${postgresSkipNote}`, () => {
    it('backfills every decision on PostgreSQL', async () => {
      const pool = new pg.Pool({ connectionString: await freshPostgresDatabase() });
      try {
        await migratePostgres(pool, postgresMigrations.filter((migration) => migration.version <= 14));
        await pool.query(rowsAtVersion14(events));
        expect(await migratePostgres(pool, postgresMigrations.filter((migration) => migration.version <= 15))).toBe(15);
        expectBackfilled((await pool.query(backfilled)).rows);
      } finally {
        await pool.end();
      }
    });
  });
});

describe.each(storeEngines({ poolSize: 2, noun: ' store' }))('a decision written to the $name', ({ available, open }) => {
  let store: Store;
  beforeAll(async () => {
    if (!available) return;
    store = await open();
    const at = new Date('2026-11-01T09:00:00Z');
    for (const [participantId, isTest] of [['w1', false], ['w2', false], ['wt', true]] as const) {
      await store.enrolParticipant({ experimentKey: 'loan-anchor', participantId, panelId: null, locale: 'nl', userAgentClass: 'desktop', arm: 'control', definitionHash: 'h', at, isTest });
    }
    const decision = { experimentKey: 'loan-anchor', values: { amount: 6000 }, keptDefault: null, timeToDecisionMs: 8000, timingSource: 'client' as const, at: new Date('2026-11-01T09:05:00Z') };
    await store.recordDecision({ ...decision, participantId: 'w1', processData: { status: 'recorded', events } });
    await store.recordDecision({ ...decision, participantId: 'w2', processData: { status: 'missing' } });
    await store.recordDecision({ ...decision, participantId: 'wt', processData: { status: 'recorded', events: events.slice(0, 2) } });
  }, 60_000);
  afterAll(async () => store?.close());

  it.skipIf(!available)('carries its participant’s entry time and test mark, and the summary the stored events give', async () => {
    const database = sqlDatabaseOf(store);
    const dialect = database.dialect.name === 'sqlite' ? sqliteDialect : postgresDialect;
    const rows = await database.all<{ participant_id: string; entered_at: string; is_test: number; process_summary_json: string | null; changes: unknown; panels: unknown }>(
      query(
        `SELECT d.participant_id, d.entered_at, d.is_test, d.process_summary_json,
                ${changesOfParticipant(dialect, 'd')} AS changes, ${panelsOpenedOfParticipant('d')} AS panels
         FROM decisions d ORDER BY d.participant_id`,
      ),
    );
    expect(rows.map((row) => [row.participant_id, row.entered_at, Number(row.is_test)])).toEqual([
      ['w1', '2026-11-01T09:00:00.000Z', 0],
      ['w2', '2026-11-01T09:00:00.000Z', 0],
      ['wt', '2026-11-01T09:00:00.000Z', 1],
    ]);
    const recorded = rows.filter((row) => row.participant_id !== 'w2');
    // The summary written with the decision equals the counts the database makes from its events (the export's and the retention's).
    for (const row of recorded) expect(JSON.parse(row.process_summary_json!)).toEqual({ changes: parsed(row.changes), panelsOpened: Number(row.panels) });
    expect(JSON.parse(recorded[0]!.process_summary_json!)).toEqual({ changes: { amount: 2, term: 1 }, panelsOpened: 2 });
    expect(rows.find((row) => row.participant_id === 'w2')!.process_summary_json).toBeNull();
  });

  it.skipIf(!available)('is read for the results with its changes, test traffic left out', async () => {
    const needs = { completion: false, attentionCheckKeys: [], changes: true, eventNames: [], pretreatmentQuestionKeys: [], attributeKeys: [] };
    const facts = [];
    for await (const batch of store.streamDecisionFacts('loan-anchor', needs)) facts.push(...batch);
    expect(facts.map((row) => [row.process_data_status, row.process_summary_json === null ? null : (JSON.parse(row.process_summary_json) as { changes: unknown }).changes])).toEqual([
      ['recorded', { amount: 2, term: 1 }],
      ['missing', null],
    ]);
  });

  it.skipIf(!available)('is read with its changes counted from the events when a recorded decision has no stored summary', async () => {
    const database = sqlDatabaseOf(store);
    await database.run(query("UPDATE decisions SET process_summary_json = NULL WHERE participant_id = 'w1'"));
    try {
      const needs = { completion: false, attentionCheckKeys: [], changes: true, eventNames: [], pretreatmentQuestionKeys: [], attributeKeys: [] };
      const facts = [];
      for await (const batch of store.streamDecisionFacts('loan-anchor', needs)) facts.push(...batch);
      expect(facts.map((row) => (row.process_summary_json === null ? null : (JSON.parse(row.process_summary_json) as { changes: unknown }).changes))).toEqual([{ amount: 2, term: 1 }, null]);
    } finally {
      await database.run(query(`UPDATE decisions SET process_summary_json = '${JSON.stringify(processSummary(events))}' WHERE participant_id = 'w1'`));
    }
  });
});
