import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startServerProcess as startServer } from '../helpers/server-process';

describe('main', () => {
  it('listens, logs where and which experiments, and closes the database on SIGTERM', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'nudgelab-main-')), 'fresh', 'nudgelab.db');
    const server = startServer({ NUDGELAB_DB: database });
    const [, port] = await server.waitFor(/listening on http:\/\/localhost:(\d+) with experiments loan-anchor/);
    const page = await fetch(`http://127.0.0.1:${port}/e/loan-anchor`);
    expect(page.status).toBe(200);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(server.output()).toContain('database closed');
    const db = new Database(database, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM server_secrets').pluck().get()).toBe(1);
  }, 30_000);

  it.each(['SIGTERM', 'SIGINT'] as const)('has the decision-read worker ready after start-up and still stops at once on %s', async (signal) => {
    const database = join(mkdtempSync(join(tmpdir(), 'nudgelab-main-')), 'nudgelab.db');
    const server = startServer({ NUDGELAB_DB: database, LOG_LEVEL: 'debug' });
    await server.waitFor(/decision-read worker ready/);
    const sent = Date.now();
    server.child.kill(signal);
    expect((await server.exited).code).toBe(0);
    // The worker closes its connection and ends in milliseconds; the bound is for a loaded machine, well under closeAll's 2 s fallback to terminate plus the drain's 10 s.
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(server.output()).toContain('database closed');
  }, 30_000);

  it('refuses to start on a database newer than the code, saying why', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'nudgelab-main-')), 'newer.db');
    new Database(database).pragma('user_version = 999');
    const server = startServer({ NUDGELAB_DB: database });
    expect((await server.exited).code).toBe(1);
    expect(server.output()).toContain('schema version 999');
  }, 30_000);

  it('refuses a bad setting, naming it', async () => {
    const server = startServer({ PORT: 'eighty' });
    expect((await server.exited).code).toBe(1);
    expect(server.output()).toContain('PORT');
  }, 30_000);
});
