import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server for the PostgreSQL half of the tests, from
 * NUDGELAB_TEST_DATABASE_URL (`.ci/start-postgres` starts a throw-away one and
 * prints the URL). Without it that half is skipped, and says so.
 */
export const postgresTestUrl = process.env.NUDGELAB_TEST_DATABASE_URL || undefined;

/** The title suffix that makes a skipped PostgreSQL suite visible in the test report. */
export const postgresSkipNote = postgresTestUrl ? '' : ' — SKIPPED: NUDGELAB_TEST_DATABASE_URL is not set (export NUDGELAB_TEST_DATABASE_URL="$(.ci/start-postgres)")';

if (!postgresTestUrl) process.stderr.write(`PostgreSQL tests${postgresSkipNote}\n`);

/** The databases this test file created, by server: dropped when the file ends (see dropCreatedDatabases). */
const createdDatabases = new Map<string, string[]>();

/** A new empty database on the test server, so that every test file starts clean; returns its URL. Dropped again when the file ends. */
export async function freshPostgresDatabase(serverUrl = postgresTestUrl): Promise<string> {
  if (!serverUrl) throw new Error('NUDGELAB_TEST_DATABASE_URL is not set');
  const name = `nudgelab_test_${randomBytes(6).toString('hex')}`;
  createdDatabases.set(serverUrl, [...(createdDatabases.get(serverUrl) ?? []), name]);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops the databases this test file created (run after the file's own
 * hooks by test/helpers/drop-test-databases.ts), closing any connection a
 * test left open, so a full run does not leave hundreds of databases for
 * the server to keep (and autovacuum) while the rest run.
 *
 * @example
 * afterAll(dropCreatedDatabases);
 */
export async function dropCreatedDatabases(): Promise<void> {
  for (const [serverUrl, names] of createdDatabases) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  createdDatabases.clear();
}
