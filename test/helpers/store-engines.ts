import { openPostgresStore } from '../../server/store/postgres-store';
import { openSqliteStore } from '../../server/store/sqlite-store';
import type { Store } from '../../server/store/store';
import { freshPostgresDatabase, postgresSkipNote, postgresTestUrl } from './postgres';

/** One store engine of a both-engine suite: its name in the test report, whether it runs here, and how to open a fresh store on it. */
export interface StoreEngine {
  name: string;
  available: boolean;
  open: () => Promise<Store>;
}

/**
 * The two store engines a suite runs on with `describe.each`: SQLite in
 * memory, and PostgreSQL on a fresh database of the test server (skipped,
 * and saying so in its name, without NUDGELAB_TEST_DATABASE_URL).
 *
 * @example
 * describe.each(storeEngines({ poolSize: 2, noun: ' store' }))('notes on the $name', ({ available, open }) => { … });
 */
export function storeEngines({ poolSize, noun = '' }: { poolSize: number; noun?: string }): StoreEngine[] {
  return [
    { name: `SQLite${noun}`, available: true, open: async () => openSqliteStore(':memory:') },
    { name: `PostgreSQL${noun}${postgresSkipNote}`, available: Boolean(postgresTestUrl), open: async () => openPostgresStore(await freshPostgresDatabase(), { poolSize }) },
  ];
}
