import type { SqlDialect } from './sql-dialect';

/** Named parameters of a query: `:experimentKey` in the SQL reads `parameters.experimentKey`. */
export type SqlParameters = Readonly<Record<string, unknown>>;

/** A row as the driver returns it: times and JSON as text, booleans as 0/1, counts as numbers. */
export type SqlRow = Record<string, unknown>;

/**
 * A parameter as both engines store it: booleans as 0/1 (the schema's
 * INTEGER flags), undefined as NULL; everything else as it is.
 *
 * @example
 * sqlValue(true); // => 1
 */
export function sqlValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return Number(value);
  return value;
}

/**
 * One SQL text for both engines, with `:name` parameters and the dialect's
 * fragments. The drivers render and prepare it once, on first use.
 */
export interface Query {
  readonly render: (dialect: SqlDialect) => string;
}

/**
 * Declares a query once for both engines.
 *
 * @example
 * const findUser = query('SELECT * FROM users WHERE username = :username');
 * const answers = query((dialect) => `SELECT ${dialect.jsonObjectOfRows('question_key', 'answer')} FROM questionnaire_answers`);
 */
export function query(sql: string | ((dialect: SqlDialect) => string)): Query {
  return { render: typeof sql === 'string' ? () => sql : sql };
}

/** One statement of a unit of work, handed to the driver to run. */
export interface SqlStep {
  kind: 'get' | 'all' | 'run';
  query: Query;
  parameters: SqlParameters;
}

/**
 * Several statements that commit together or not at all, written once as a
 * generator that yields its statements (`yield* get(…)`). The SQLite driver
 * runs it synchronously inside its group commit; the PostgreSQL driver
 * awaits each statement on one client between BEGIN and COMMIT. Either way
 * a throw rolls back everything the unit wrote.
 */
export type UnitOfWork<T> = Generator<SqlStep, T, unknown>;

/** Inside a unit of work: the first row of `query`, or undefined. */
export function* get<Row extends object = SqlRow>(query: Query, parameters: SqlParameters = {}): Generator<SqlStep, Row | undefined, unknown> {
  return (yield { kind: 'get', query, parameters }) as Row | undefined;
}

/** Inside a unit of work: every row of `query`. */
export function* all<Row extends object = SqlRow>(query: Query, parameters: SqlParameters = {}): Generator<SqlStep, Row[], unknown> {
  return (yield { kind: 'all', query, parameters }) as Row[];
}

/** Inside a unit of work: runs a write and returns how many rows it changed. */
export function* run(query: Query, parameters: SqlParameters = {}): Generator<SqlStep, number, unknown> {
  return (yield { kind: 'run', query, parameters }) as number;
}

/**
 * What the store modules need from a database engine: single statements,
 * streamed reads, units of work. `openSqliteDatabase` and
 * `openPostgresDatabase` implement it; everything above is engine-blind.
 */
export interface SqlDatabase {
  readonly dialect: SqlDialect;
  /**
   * True when several server instances share this database (PostgreSQL);
   * false for the embedded SQLite file, which one process owns, so that
   * counts which need not survive a restart can stay in memory.
   */
  readonly sharedByInstances: boolean;
  /**
   * The SQLite file this database is, for a reader that opens a connection of
   * its own (a worker thread reading beside this one); null for PostgreSQL
   * and for an in-memory database, which no second connection can see.
   */
  readonly file: string | null;
  get<Row extends object = SqlRow>(query: Query, parameters?: SqlParameters): Promise<Row | undefined>;
  all<Row extends object = SqlRow>(query: Query, parameters?: SqlParameters): Promise<Row[]>;
  /** Runs one write (committed when the promise settles) and returns how many rows it changed. */
  run(query: Query, parameters?: SqlParameters): Promise<number>;
  /** The rows of a long result, a batch at a time, so memory stays flat. */
  stream<Row extends object = SqlRow>(query: Query, parameters?: SqlParameters): AsyncIterable<Row>;
  /**
   * The rows of a long result as arrays of column values in SELECT order,
   * yielded in batches: for reads of a million rows, where a named object
   * per row (built by the driver) and an await per row cost more than the
   * query itself.
   */
  streamArrays(query: Query, parameters?: SqlParameters): AsyncIterable<unknown[][]>;
  /** Runs a unit of work in one transaction; settles once it has committed (or rolled back). */
  transaction<T>(work: () => UnitOfWork<T>): Promise<T>;
  /** A consistent copy of the whole database at `path`, taken while writes go on. */
  backup(path: string): Promise<void>;
  /**
   * After personal data was deleted: leaves no copy of it in the engine's own
   * files where the engine allows it. SQLite zeroes deleted content
   * (`secure_delete`) and here checkpoints and truncates its WAL; PostgreSQL
   * keeps old row versions until VACUUM, which the README tells operators to run.
   */
  discardDeletedCopies(): Promise<void>;
  close(): Promise<void>;
}
