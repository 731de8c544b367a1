import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migratePostgres, postgresMigrations } from '../../../server/store/postgres-migrations';
import { sqliteMigrations } from '../../../server/store/sqlite-migrations';
import { freshPostgresDatabase, postgresSkipNote, postgresTestUrl } from '../../helpers/postgres';

describe('PostgreSQL migrations', () => {
  it('are the same numbered migrations as SQLite’s', () => {
    expect(postgresMigrations.map(({ version, name }) => ({ version, name }))).toEqual(sqliteMigrations.map(({ version, name }) => ({ version, name })));
  });

  describe.skipIf(!postgresTestUrl)(`on a server${postgresSkipNote}`, () => {
    it('migrate once when several instances start together, and refuse a database newer than the code', async () => {
      const url = await freshPostgresDatabase();
      const pools = [new pg.Pool({ connectionString: url }), new pg.Pool({ connectionString: url }), new pg.Pool({ connectionString: url })];
      try {
        const latest = postgresMigrations.at(-1)!.version;
        expect(await Promise.all(pools.map((pool) => migratePostgres(pool)))).toEqual([latest, latest, latest]);
        const versions = (await pools[0]!.query<{ version: number }>('SELECT version FROM nudgelab_schema ORDER BY version')).rows.map((row) => row.version);
        expect(versions).toEqual(postgresMigrations.map((migration) => migration.version));
        await pools[0]!.query('INSERT INTO nudgelab_schema (version) VALUES ($1)', [latest + 3]);
        await expect(migratePostgres(pools[1]!)).rejects.toThrow(`schema version ${latest + 3}`);
      } finally {
        await Promise.all(pools.map((pool) => pool.end()));
      }
    });

    it('roll back a failing migration, leaving the version unchanged', async () => {
      const pool = new pg.Pool({ connectionString: await freshPostgresDatabase() });
      try {
        const latest = await migratePostgres(pool);
        const broken = { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;' };
        await expect(migratePostgres(pool, [...postgresMigrations, broken])).rejects.toThrow('no_such_table');
        expect((await pool.query('SELECT max(version) AS v FROM nudgelab_schema')).rows[0].v).toBe(latest);
        expect((await pool.query("SELECT to_regclass('half') AS t")).rows[0].t).toBeNull();
      } finally {
        await pool.end();
      }
    });
  });
});
