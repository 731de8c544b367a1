import { openSqlStore } from './sql-store';
import { openSqliteDatabase } from './sqlite-database';
import type { Store } from './store';

/**
 * The embedded store: one SQLite file in WAL mode (see openSqliteDatabase),
 * for a single instance. Rate limits count in memory.
 *
 * @example
 * const store = openSqliteStore(':memory:');
 */
export function openSqliteStore(path: string): Store {
  return openSqlStore(openSqliteDatabase(path));
}
