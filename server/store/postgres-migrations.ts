import type { Pool } from 'pg';
import { DatabaseNewerThanCodeError, migrationsFor, type Migration } from './migrations';
import { postgresDialect } from './sql-dialect';

/** The one migration list, as PostgreSQL runs it. */
export const postgresMigrations: readonly Migration[] = migrationsFor(postgresDialect);

/** One number for the advisory lock that serialises migrations when several instances start at once. */
const migrationLock = 727_310_427;

/**
 * Brings a PostgreSQL database up to the newest migration, under an advisory
 * lock so that instances starting together migrate once; returns the version.
 * The version lives in `nudgelab_schema` (PostgreSQL has no user_version).
 *
 * @example
 * await migratePostgres(new Pool({ connectionString })); // => 7
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
