import { afterEach, beforeEach, it } from 'vitest';
import { openPostgresStore } from '../../server/store/postgres-store';
import { openSqliteStore } from '../../server/store/sqlite-store';
import type { Store } from '../../server/store/store';
import { freshPostgresDatabase, postgresSkipNote, postgresTestUrl } from './postgres';

/** One store engine of a both-engine suite: its name in the test report, whether it runs here, and how to open a fresh store on it. */
export interface StoreEngine {
  name: string;
  available: boolean;
  open: () => Promise<Store>;
  /**
   * The stores that several server instances would hold on one fresh
   * database: one SQLite file belongs to one process, so SQLite gives one;
   * PostgreSQL is opened twice, as two instances would.
   */
  openInstances: () => Promise<Store[]>;
}

/**
 * The two store engines a suite runs on with `describe.each`: SQLite in
 * memory, and PostgreSQL on a fresh database of the test server (skipped,
 * and saying so in its name, without NUDGELAB_TEST_DATABASE_URL).
 *
 * @example
 * describe.each(storeEngines({ poolSize: 2, noun: ' store' }))('notes on the $name', (engine) => { … });
 */
export function storeEngines({ poolSize, noun = '' }: { poolSize: number; noun?: string }): StoreEngine[] {
  return [
    { name: `SQLite${noun}`, available: true, open: async () => openSqliteStore(':memory:'), openInstances: async () => [openSqliteStore(':memory:')] },
    {
      name: `PostgreSQL${noun}${postgresSkipNote}`,
      available: Boolean(postgresTestUrl),
      open: async () => openPostgresStore(await freshPostgresDatabase(), { poolSize }),
      openInstances: async () => {
        const url = await freshPostgresDatabase();
        return [await openPostgresStore(url, { poolSize }), await openPostgresStore(url, { poolSize })];
      },
    },
  ];
}

/**
 * Registers, in the suite it is called in, the hooks that open a fresh store
 * on `engine` before each test (handing it to `onOpen`) and close it after.
 * Returns the `it` to write the suite's tests with: vitest's own, or its
 * `skip` where the engine does not run here (PostgreSQL without a server).
 *
 * @example
 * describe.each(storeEngines({ poolSize: 2, noun: ' store' }))('notes on the $name', (engine) => {
 *   let store: Store;
 *   const it = openStoreForEachTest(engine, (opened) => {
 *     store = opened;
 *   });
 *   it('lists notes', async () => expect(await store.listExperimentNotes('loan-anchor', 5)).toEqual([]));
 * });
 */
export function openStoreForEachTest(engine: StoreEngine, onOpen: (store: Store) => void): typeof it | typeof it.skip {
  let store: Store | undefined;
  beforeEach(async () => {
    if (!engine.available) return;
    store = await engine.open();
    onOpen(store);
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  return engine.available ? it : it.skip;
}
