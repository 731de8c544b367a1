import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Statement } from 'better-sqlite3';
import { sqlValue, type Query, type SqlDatabase, type SqlParameters, type SqlStep, type UnitOfWork } from './sql-database';
import { sqliteDialect } from './sql-dialect';
import { groupCommit } from './sqlite-group-commit';
import { migrateSqlite } from './sqlite-migrations';

/** Rows per batch of `streamArrays`: small, so a batch dies young (a larger one survives garbage collections and is copied). */
const arrayBatchSize = 256;

/**
 * The embedded engine: one SQLite file in WAL mode, opened once and migrated,
 * every statement prepared once (on first use). Every write — a single
 * statement or a unit of work — goes through the group commit: writes of one
 * turn of the event loop share a transaction (each in its own savepoint) and
 * are acknowledged only once committed. `synchronous=NORMAL` in WAL mode
 * survives a killed process; only a power cut can lose the last commits.
 *
 * `readOnly` opens a second connection to a file another connection owns
 * (a worker thread's reader): no migration, no pragma that writes, and any
 * write refused by SQLite itself.
 *
 * @example
 * const database = openSqliteDatabase(':memory:');
 * await database.get(query('SELECT 1 AS one')); // => { one: 1 }
 * const reader = openSqliteDatabase('/var/lib/nudgelab/nudgelab.db', { readOnly: true });
 */
export function openSqliteDatabase(path: string, { readOnly = false }: { readOnly?: boolean } = {}): SqlDatabase {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory && !readOnly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: readOnly, fileMustExist: readOnly });
  db.pragma('busy_timeout = 5000');
  if (!readOnly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Deleted rows are overwritten with zeros, so an erased participant leaves no bytes in free pages.
    db.pragma('secure_delete = ON');
    migrateSqlite(db);
  }

  const preparedStatements = new Map<Query, Statement>();
  const statement = (query: Query): Statement => {
    let found = preparedStatements.get(query);
    if (!found) {
      found = db.prepare(query.render(sqliteDialect));
      preparedStatements.set(query, found);
    }
    return found;
  };

  /** The parameters as better-sqlite3 binds them; copied only when a boolean or undefined needs converting (the hot path copies nothing). */
  // A statement read as arrays is a second prepared copy: `.raw()` switches the statement itself, which other reads share.
  const arrayStatements = new Map<Query, Statement>();
  const arrayStatement = (query: Query): Statement => {
    let found = arrayStatements.get(query);
    if (!found) {
      found = db.prepare(query.render(sqliteDialect)).raw(true);
      arrayStatements.set(query, found);
    }
    return found;
  };

  const bindable = (parameters: SqlParameters): SqlParameters => {
    for (const name in parameters) {
      const value = parameters[name];
      if (value === undefined || typeof value === 'boolean') {
        return Object.fromEntries(Object.entries(parameters).map(([key, each]) => [key, sqlValue(each)]));
      }
    }
    return parameters;
  };

  const execute = ({ kind, query, parameters }: SqlStep, prepared = statement(query)): unknown => {
    const bound = bindable(parameters);
    if (kind === 'get') return prepared.get(bound);
    if (kind === 'all') return prepared.all(bound);
    return prepared.run(bound).changes;
  };

  /** Drives a unit of work to its end synchronously, so it fits inside one better-sqlite3 transaction. */
  const runToEnd = <T>(work: UnitOfWork<T>): T => {
    let step = work.next();
    while (!step.done) step = work.next(execute(step.value));
    return step.value;
  };

  const commit = groupCommit(db);

  /** One statement: a read runs at once, a write (RETURNING or not) joins the group commit. */
  const single = async (step: SqlStep): Promise<unknown> => {
    const prepared = statement(step.query);
    return prepared.readonly ? execute(step, prepared) : commit(() => execute(step, prepared));
  };

  return {
    dialect: sqliteDialect,
    sharedByInstances: false,
    file: inMemory ? null : path,
    async get<Row extends object>(query: Query, parameters: SqlParameters = {}) {
      return (await single({ kind: 'get', query, parameters })) as Row | undefined;
    },
    async all<Row extends object>(query: Query, parameters: SqlParameters = {}) {
      return (await single({ kind: 'all', query, parameters })) as Row[];
    },
    async run(query, parameters = {}) {
      return (await single({ kind: 'run', query, parameters })) as number;
    },
    async *stream<Row extends object>(query: Query, parameters: SqlParameters = {}) {
      for (const row of statement(query).iterate(bindable(parameters))) yield row as Row;
    },
    async *streamArrays(query: Query, parameters: SqlParameters = {}) {
      let batch: unknown[][] = [];
      for (const row of arrayStatement(query).iterate(bindable(parameters))) {
        batch.push(row as unknown[]);
        if (batch.length === arrayBatchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    async transaction(work) {
      return commit(() => runToEnd(work()));
    },
    async backup(path) {
      mkdirSync(dirname(path), { recursive: true });
      await db.backup(path);
    },
    async discardDeletedCopies() {
      // The WAL still holds the pages as they were before the delete: copy the zeroed pages
      // into the database and truncate the WAL, so no copy of the deleted rows stays on disk.
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    async close() {
      // Let writes queued for the group commit (flushed on the next turn) finish first.
      await new Promise((resolve) => setImmediate(resolve));
      if (db.open) db.close();
    },
  };
}
