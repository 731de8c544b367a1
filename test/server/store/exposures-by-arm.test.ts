import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../../server/store/postgres-database';
import { migratePostgres, postgresMigrations } from '../../../server/store/postgres-migrations';
import { resultsReadStore } from '../../../server/store/results-read-store';
import { openSqliteDatabase } from '../../../server/store/sqlite-database';
import { migrateSqlite, sqliteMigrations } from '../../../server/store/sqlite-migrations';
import { freshPostgresDatabase, postgresSkipNote, postgresTestUrl } from '../../helpers/postgres';

/**
 * A database at schema 15: four participants, three assigned (two to
 * control, one to low-anchor; one of the control ones test traffic), all
 * exposed, including the one never assigned (which no count by arm includes).
 */
const rowsAtVersion15 = `
  INSERT INTO participants (experiment_key, participant_id, panel_id, locale, user_agent_class, entered_at, source, is_test) VALUES
    ('loan-anchor', 'p1', 'p1', 'nl', 'desktop', '2026-11-01T09:00:00.000Z', 'panel', 0),
    ('loan-anchor', 'p2', 'p2', 'nl', 'desktop', '2026-11-02T10:00:00.000Z', 'panel', 0),
    ('loan-anchor', 'p3', 'p3', 'nl', 'desktop', '2026-11-02T11:00:00.000Z', 'panel', 0),
    ('loan-anchor', 't1', NULL, 'nl', 'desktop', '2026-11-03T11:00:00.000Z', 'panel', 1);
  INSERT INTO assignments (experiment_key, participant_id, arm, definition_hash, assigned_at) VALUES
    ('loan-anchor', 'p1', 'control', 'h', '2026-11-01T09:00:00.000Z'),
    ('loan-anchor', 'p2', 'low-anchor', 'h', '2026-11-02T10:00:00.000Z'),
    ('loan-anchor', 't1', 'control', 'h', '2026-11-03T11:00:00.000Z');
  INSERT INTO exposures (experiment_key, participant_id, definition_hash, exposed_at)
    SELECT experiment_key, participant_id, 'h', entered_at FROM participants;
`;

const backfilled = 'SELECT participant_id, arm FROM exposures ORDER BY participant_id';
const expectedArms = [
  { participant_id: 'p1', arm: 'control' },
  { participant_id: 'p2', arm: 'low-anchor' },
  { participant_id: 'p3', arm: null },
  { participant_id: 't1', arm: 'control' },
];
/** Real participants only: t1 is test traffic and p3 has no arm. */
const expectedSteps = [
  { arm: 'control', entered: 1, exposed: 1, decided: 0, completed: 0 },
  { arm: 'low-anchor', entered: 1, exposed: 1, decided: 0, completed: 0 },
];

describe('migration 16: exposures get their participant’s arm', () => {
  it('backfills every exposure on SQLite, and the exposed per arm are counted off the index by arm', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'nudgelab-exposures-'));
    try {
      const path = join(directory, 'store.db');
      const db = new Database(path);
      migrateSqlite(db, sqliteMigrations.filter((migration) => migration.version <= 15));
      db.exec(rowsAtVersion15);
      expect(migrateSqlite(db, sqliteMigrations.filter((migration) => migration.version <= 16))).toBe(16);
      expect(db.prepare(backfilled).all()).toEqual(expectedArms);
      const plan = db.prepare("EXPLAIN QUERY PLAN SELECT arm, count(*) FROM exposures WHERE experiment_key = 'loan-anchor' AND arm IS NOT NULL GROUP BY arm").all() as { detail: string }[];
      expect(plan.map((step) => step.detail).join('\n')).toContain('exposures_by_arm');
      db.close();
      const database = openSqliteDatabase(path);
      expect(await resultsReadStore(database).countStepsByArm('loan-anchor')).toEqual(expectedSteps);
      await database.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  describe.skipIf(!postgresTestUrl)(`on PostgreSQL${postgresSkipNote}`, () => {
    it('backfills every exposure on PostgreSQL and counts the same', async () => {
      const url = await freshPostgresDatabase();
      const pool = new pg.Pool({ connectionString: url });
      try {
        await migratePostgres(pool, postgresMigrations.filter((migration) => migration.version <= 15));
        await pool.query(rowsAtVersion15);
        expect(await migratePostgres(pool, postgresMigrations.filter((migration) => migration.version <= 16))).toBe(16);
        expect((await pool.query(backfilled)).rows).toEqual(expectedArms);
      } finally {
        await pool.end();
      }
      const database = await openPostgresDatabase(url, { poolSize: 2 });
      try {
        expect(await resultsReadStore(database).countStepsByArm('loan-anchor')).toEqual(expectedSteps);
      } finally {
        await database.close();
      }
    });
  });
});
