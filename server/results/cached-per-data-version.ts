import type { Store } from '../store/store';

interface CacheEntry {
  version: string;
  value: Promise<unknown>;
}

/** One entry per store and name: the newest computation, replaced when the data changes. */
const caches = new WeakMap<Store, Map<string, CacheEntry>>();

/**
 * What `compute` returns for the store's data as it is now, computed once per
 * data version (see `Store.dataVersion`) and name: a second request for the
 * results of an unchanged experiment, or the JSON after the page, reuses the
 * first one's work. Any write makes the next call compute afresh; a store
 * that cannot tell its version (PostgreSQL) computes every time. One entry
 * per name, so memory does not grow with versions; a failed computation is
 * not kept.
 *
 * @example
 * const data = await cachedPerDataVersion(store, `results:${key}`, () => readExperimentData(store, experiment));
 */
export async function cachedPerDataVersion<T>(store: Store, name: string, compute: () => Promise<T>): Promise<T> {
  const version = await store.dataVersion();
  if (version === null) return compute();
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  const found = cache.get(name);
  if (found && found.version === version) return found.value as Promise<T>;
  const value = compute();
  cache.set(name, { version, value });
  value.catch(() => {
    if (cache.get(name)?.value === value) cache.delete(name);
  });
  return value;
}
