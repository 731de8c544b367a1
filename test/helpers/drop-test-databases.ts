import { afterAll } from 'vitest';

// A setup file: its afterAll is registered before the test file's own, so it runs after them
// (vitest runs after-hooks as a stack), once the file's stores are closed. Without a test
// server nothing was created (and postgres.ts is not loaded, so it does not announce the skip).
if (process.env.NUDGELAB_TEST_DATABASE_URL) {
  afterAll(async () => (await import('./postgres')).dropCreatedDatabases());
}
