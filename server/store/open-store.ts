import type { Config } from '../config';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './store';

/**
 * The store the settings ask for: PostgreSQL when NUDGELAB_DATABASE_URL is
 * set (for several instances on one database), otherwise the embedded SQLite
 * file at NUDGELAB_DB.
 *
 * @example
 * const store = await openStore(readConfig()); // SQLite at data/nudgelab.db on a fresh machine
 */
export async function openStore(config: Pick<Config, 'NUDGELAB_DB' | 'NUDGELAB_DATABASE_URL'>): Promise<Store> {
  return config.NUDGELAB_DATABASE_URL ? openPostgresStore(config.NUDGELAB_DATABASE_URL) : openSqliteStore(config.NUDGELAB_DB);
}

/** Where the store lives, for log lines and messages (without a password). */
export function storeLocation(config: Pick<Config, 'NUDGELAB_DB' | 'NUDGELAB_DATABASE_URL'>): string {
  if (!config.NUDGELAB_DATABASE_URL) return `sqlite:${config.NUDGELAB_DB}`;
  const url = new URL(config.NUDGELAB_DATABASE_URL);
  url.password = '';
  return url.toString();
}
