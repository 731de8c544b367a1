import { accountsStore } from './accounts-store';
import { lenderApiStore } from './lender-api-store';
import { lifecycleStore } from './lifecycle-store';
import { participationBindingStore } from './participation-binding-store';
import { participationStore } from './participation-store';
import { privacyStore } from './privacy-store';
import { rateLimitCounter } from './rate-limit-counter';
import { experimentNotesStore } from './experiment-notes-store';
import { panelParametersStore } from './panel-parameters-store';
import { resultsReadStore } from './results-read-store';
import type { SqlDatabase } from './sql-database';
import type { Store } from './store';

const databases = new WeakMap<Store, SqlDatabase>();

/**
 * The one store implementation: every module of the store over one SQL
 * database, whichever engine it is.
 *
 * @example
 * const store = openSqlStore(openSqliteDatabase(':memory:'));
 */
export function openSqlStore(database: SqlDatabase): Store {
  const store: Store = {
    ...participationStore(database),
    ...participationBindingStore(database),
    ...lenderApiStore(database),
    ...accountsStore(database),
    ...lifecycleStore(database),
    ...privacyStore(database),
    ...rateLimitCounter(database),
    ...panelParametersStore(database),
    ...experimentNotesStore(database),
    ...resultsReadStore(database),
    close: () => database.close(),
  };
  databases.set(store, database);
  return store;
}

/**
 * The database beneath a store, for reads that only tests make
 * (test/helpers/store-reads.ts); the app itself goes through `Store`.
 *
 * @example
 * await sqlDatabaseOf(store).all(query('SELECT * FROM users'));
 */
export function sqlDatabaseOf(store: Store): SqlDatabase {
  const database = databases.get(store);
  if (!database) throw new Error('this store was not opened by openSqlStore');
  return database;
}
