import type { Database } from 'better-sqlite3';
import { DatabaseNewerThanCodeError, migrationsFor, type Migration } from './migrations';
import { sqliteDialect } from './sql-dialect';

export { DatabaseNewerThanCodeError, type Migration } from './migrations';

/** The one migration list, as SQLite runs it. */
export const sqliteMigrations: readonly Migration[] = migrationsFor(sqliteDialect);

/**
 * Brings a SQLite database up to the newest migration and returns its
 * version: each migration runs in its own transaction and sets
 * `PRAGMA user_version` to its number. Refuses (throws
 * DatabaseNewerThanCodeError) a database newer than the code.
 *
 * @example
 * migrateSqlite(new Database(':memory:')); // => 7
 */
export function migrateSqlite(db: Database, migrations: readonly Migration[] = sqliteMigrations): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) throw new DatabaseNewerThanCodeError(current, latest);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return Math.max(current, latest);
}
