import { openPostgresDatabase } from './postgres-database';
import { openSqlStore } from './sql-store';
import type { Store } from './store';

/**
 * The store for several stateless instances on one PostgreSQL database:
 * every write idempotent through unique constraints and ON CONFLICT (never an
 * in-process map), so that two instances answering one participant's requests
 * agree; rate limits count in the database.
 *
 * @example
 * const store = await openPostgresStore('postgres://nudgelab@127.0.0.1:5432/nudgelab');
 */
export async function openPostgresStore(connectionString: string, options: { poolSize?: number } = {}): Promise<Store> {
  return openSqlStore(await openPostgresDatabase(connectionString, options));
}
