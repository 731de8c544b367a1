import pg from 'pg';
import Cursor from 'pg-cursor';
import { migratePostgres } from './postgres-migrations';
import { sqlValue, type Query, type SqlDatabase, type SqlParameters, type SqlStep, type UnitOfWork } from './sql-database';
import { postgresDialect } from './sql-dialect';

/** Rows fetched per round trip when streaming an export. */
const cursorBatchSize = 2000;

/** OIDs of the types whose driver default differs from SQLite's answer. */
const jsonTypes = new Set([114, 3802]);
const bigintType = 20;

/** JSON stays text and bigint counts become numbers, exactly as better-sqlite3 returns them. */
const sqliteLikeTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (jsonTypes.has(oid)) return (text: string) => text;
    if (oid === bigintType) return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** A query rendered for PostgreSQL: `:name` parameters become `$1…$n`, in order of first use. */
interface PositionalQuery {
  text: string;
  names: string[];
}

/**
 * Renders `:name` parameters as PostgreSQL's `$n` (a name used twice is one
 * `$n`); `::type` casts are left alone.
 *
 * @example
 * positional('SELECT :a, :b, :a::text'); // => { text: 'SELECT $1, $2, $1::text', names: ['a', 'b'] }
 */
export function positional(sql: string): PositionalQuery {
  const names: string[] = [];
  const text = sql.replace(/(?<!:):([A-Za-z_]\w*)/g, (_, name: string) => {
    let index = names.indexOf(name);
    if (index === -1) index = names.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text, names };
}

/**
 * The engine for several stateless instances: a connection pool on one
 * PostgreSQL database, migrated under an advisory lock. A unit of work runs
 * on one pooled client between BEGIN and COMMIT; long reads stream through a
 * server-side cursor.
 *
 * @example
 * const database = await openPostgresDatabase('postgres://nudgelab@127.0.0.1:5432/nudgelab');
 */
export async function openPostgresDatabase(connectionString: string, { poolSize = 10 }: { poolSize?: number } = {}): Promise<SqlDatabase> {
  const pool = new pg.Pool({ connectionString, max: poolSize, types: sqliteLikeTypes });
  // An idle client losing its connection (a restarted database) must not crash the process.
  pool.on('error', () => undefined);
  await migratePostgres(pool);

  const rendered = new Map<Query, PositionalQuery>();
  const config = (query: Query, parameters: SqlParameters) => {
    let found = rendered.get(query);
    if (!found) {
      found = positional(query.render(postgresDialect));
      rendered.set(query, found);
    }
    return { text: found.text, values: found.names.map((name) => sqlValue(parameters[name])) };
  };

  const execute = async (client: pg.Pool | pg.PoolClient, { kind, query, parameters }: SqlStep): Promise<unknown> => {
    const result = await client.query(config(query, parameters));
    if (kind === 'get') return result.rows[0];
    if (kind === 'all') return result.rows;
    return result.rowCount ?? 0;
  };

  return {
    dialect: postgresDialect,
    sharedByInstances: true,
    file: null,
    async get<Row extends object>(query: Query, parameters: SqlParameters = {}) {
      return (await execute(pool, { kind: 'get', query, parameters })) as Row | undefined;
    },
    async all<Row extends object>(query: Query, parameters: SqlParameters = {}) {
      return (await execute(pool, { kind: 'all', query, parameters })) as Row[];
    },
    async run(query, parameters = {}) {
      return (await execute(pool, { kind: 'run', query, parameters })) as number;
    },
    async *stream<Row extends object>(query: Query, parameters: SqlParameters = {}) {
      const client = await pool.connect();
      const { text, values } = config(query, parameters);
      const cursor = client.query(new Cursor<Row>(text, values));
      try {
        for (;;) {
          const rows = await cursor.read(cursorBatchSize);
          if (rows.length === 0) return;
          yield* rows;
        }
      } finally {
        await cursor.close().catch(() => undefined);
        client.release();
      }
    },
    async *streamArrays(query: Query, parameters: SqlParameters = {}) {
      const client = await pool.connect();
      const { text, values } = config(query, parameters);
      const cursor = client.query(new Cursor<unknown[]>(text, values, { rowMode: 'array' }));
      try {
        for (;;) {
          const rows = await cursor.read(cursorBatchSize);
          if (rows.length === 0) return;
          yield rows;
        }
      } finally {
        await cursor.close().catch(() => undefined);
        client.release();
      }
    },
    async transaction<T>(work: () => UnitOfWork<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const unit = work();
        let step = unit.next();
        while (!step.done) step = unit.next(await execute(client, step.value));
        await client.query('COMMIT');
        return step.value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async backup() {
      throw new Error('backups of a PostgreSQL store are taken with pg_dump (or your provider’s snapshots), not nudgelab backup');
    },
    async discardDeletedCopies() {
      // Old row versions stay until VACUUM and in the WAL until it is recycled; the README says what operators must run.
    },
    async close() {
      await pool.end();
    },
  };
}
