import Database from 'better-sqlite3';
import pg from 'pg';
import { migratePostgres } from './postgres-migrations';
import { tablesInCreationOrder } from './migrations';
import { postgresDialect } from './sql-dialect';
import { migrateSqlite } from './sqlite-migrations';

/** Every table, parents before children (foreign keys), as the one migration list creates them on both engines. */
const tablesInOrder = tablesInCreationOrder(postgresDialect);
const rowsPerInsert = 1000;

export interface TableCopy {
  table: string;
  source: number;
  target: number;
}

/** The target already holds data: copying into it would mix two pilots. */
export class TargetNotEmptyError extends Error {}

/**
 * Copies a (possibly running) SQLite pilot into an empty PostgreSQL database:
 * the SQLite side is read in one read transaction, so the copy is one
 * consistent snapshot while the pilot keeps writing; the PostgreSQL side is
 * written in one transaction, so a failure leaves it empty. Every table's
 * count is then compared; returns the counts per table.
 *
 * @example
 * await copySqliteToPostgres('data/nudgelab.db', 'postgres://nudgelab@db/nudgelab');
 * // => [{ table: 'participants', source: 1200, target: 1200 }, …]
 * @throws TargetNotEmptyError when the PostgreSQL database already has participants or users.
 */
export async function copySqliteToPostgres(sqlitePath: string, postgresUrl: string, onTable?: (table: string, rows: number) => void): Promise<TableCopy[]> {
  // Bring the source to the code's schema first (a no-op on a current pilot), then read it.
  const migrating = new Database(sqlitePath, { fileMustExist: true });
  migrateSqlite(migrating);
  migrating.close();
  const source = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  const pool = new pg.Pool({ connectionString: postgresUrl, max: 1 });
  try {
    await migratePostgres(pool);
    const client = await pool.connect();
    try {
      const occupied = await client.query<{ n: number }>('SELECT (SELECT count(*) FROM participants)::int + (SELECT count(*) FROM users)::int AS n');
      if (occupied.rows[0]!.n > 0) throw new TargetNotEmptyError('the PostgreSQL database already holds participants or users; copy into an empty database');
      const counts: TableCopy[] = [];
      source.exec('BEGIN'); // one snapshot of the running pilot
      await client.query('BEGIN');
      try {
        for (const { name: table, numberedId } of tablesInOrder) {
          const columns = (source.pragma(`table_info(${table})`) as { name: string }[]).map((column) => column.name);
          const columnList = columns.map((column) => `"${column}"`).join(', ');
          const overriding = numberedId ? 'OVERRIDING SYSTEM VALUE' : '';
          let batch: unknown[] = [];
          let copied = 0;
          const flush = async () => {
            if (batch.length === 0) return;
            await client.query(`INSERT INTO ${table} (${columnList}) ${overriding} SELECT ${columnList} FROM json_populate_recordset(NULL::${table}, $1)`, [JSON.stringify(batch)]);
            copied += batch.length;
            batch = [];
          };
          for (const row of source.prepare(`SELECT ${columnList} FROM ${table}`).iterate()) {
            batch.push(row);
            if (batch.length === rowsPerInsert) await flush();
          }
          await flush();
          if (numberedId) {
            await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`);
          }
          const target = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
          counts.push({ table, source: (source.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number), target });
          onTable?.(table, copied);
        }
        const mismatched = counts.filter((count) => count.source !== count.target);
        if (mismatched.length > 0) throw new Error(`counts differ after the copy: ${mismatched.map((count) => `${count.table} ${count.source} → ${count.target}`).join(', ')}`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        source.exec('COMMIT');
      }
      return counts;
    } finally {
      client.release();
    }
  } finally {
    source.close();
    await pool.end();
  }
}
