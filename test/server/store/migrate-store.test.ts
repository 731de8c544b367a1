import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/admin/password-hash';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { applyProcessDataRetention } from '../../../server/privacy/process-data-retention';
import { openPostgresStore } from '../../../server/store/postgres-store';
import type { Store } from '../../../server/store/store';
import { listeningTestApp } from '../../helpers/listening-app';
import { freshPostgresDatabase, postgresSkipNote, postgresTestUrl } from '../../helpers/postgres';
import { countConsentDeclines, listApiEvents, listUsers } from '../../helpers/store-reads';
import { runNudgelab, runNudgelabInBackground } from '../../helpers/nudgelab-command';

const nudgelab = (...args: string[]) => runNudgelab([...args], { timeout: 120_000 });
/** The same, without blocking this process, whose pilot server must keep answering participants meanwhile. */
const nudgelabInBackground = (...args: string[]) => runNudgelabInBackground([...args], { timeout: 120_000 });

/** Everything a store holds that a researcher or lender could see, in comparable form. */
async function contents(store: Store) {
  const rows = async (experimentKey: string) => {
    const collected = [];
    for await (const row of store.streamParticipantRows(experimentKey)) collected.push(row);
    const events = [];
    for await (const event of store.streamProcessEvents(experimentKey)) events.push(event);
    return { collected, events, counts: await store.countByArm(experimentKey), api: await listApiEvents(store, experimentKey), declines: await countConsentDeclines(store, experimentKey) };
  };
  return {
    loanAnchor: await rows('loan-anchor'),
    creditChoice: await rows('credit-choice'),
    keys: await store.listApiKeys(),
    users: await listUsers(store),
    audit: await store.listAudit(1000),
    states: await store.listExperimentStates(),
    secret: await store.loadOrCreateSecret('cookie-secret', () => 'never used'),
  };
}

describe.skipIf(!postgresTestUrl)(`nudgelab migrate-store from SQLite to PostgreSQL${postgresSkipNote}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'nudgelab-migrate-'));
  const sqlitePath = join(folder, 'pilot.db');
  let pilot: Awaited<ReturnType<typeof listeningTestApp>>;

  beforeAll(async () => {
    pilot = await listeningTestApp({ databasePath: sqlitePath });
    for (const key of ['loan-anchor', 'credit-choice']) {
      await simulateParticipants({ baseUrl: pilot.baseUrl, definition: pilot.experiments.get(key)!.definition, participants: 40, idPrefix: `pilot-${key}`, concurrency: 4 });
    }
    const { secret } = await createApiKey(pilot.store, { name: 'Lender', experiments: null });
    await request(pilot.app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: 'credit-choice', unitId: 'visitor-1' }).expect(200);
    await request(pilot.app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${secret}`)
      .send([{ experiment: 'credit-choice', unitId: 'visitor-1', name: 'loan_accepted', value: true, idempotencyKey: 'k1' }])
      .expect(200);
    await pilot.store.createUser({ username: 'ada', role: 'admin', passwordHash: await hashPassword('ada-password-long'), createdAt: new Date() });
    await pilot.store.appendAudit({ at: new Date(), actor: 'ada', action: 'participant.erase', subject: 'x', details: { experiments: [] } });
    await pilot.store.recordConsentDecline('loan-anchor', new Date());
    await pilot.store.loadOrCreateSecret('cookie-secret', () => 'a'.repeat(64));
    await applyProcessDataRetention(pilot.store, 1, new Date(Date.now() + 2 * 86_400_000), 'test');
    await pilot.store.eraseParticipant('pilot-loan-anchor-3');
  }, 120_000);
  afterAll(async () => pilot?.close());

  it('copies every table of a pilot, verified by counts, and the PostgreSQL store then reads exactly what SQLite did', async () => {
    const target = await freshPostgresDatabase();
    const run = nudgelab('migrate-store', '--from', `sqlite:${sqlitePath}`, '--to', target);
    // Piped, so no progress on stderr (a terminal gets a bar: test/server/cli/long-run-progress.test.ts); the counts are on stdout.
    expect(run.stderr).not.toMatch(/copying \[|copied \d+ rows/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/every count matches/);
    expect(run.stdout).toMatch(/participants\s+80\b/);
    const postgres = await openPostgresStore(target, { poolSize: 2 });
    try {
      expect(await contents(postgres)).toEqual(await contents(pilot.store));
      // The copied identity columns continue after the copied ids.
      await postgres.appendAudit({ at: new Date(), actor: 'cli', action: 'test', subject: 'after copy', details: null });
      expect((await postgres.listAudit(1))[0]?.subject).toBe('after copy');
    } finally {
      await postgres.close();
    }
    const again = nudgelab('migrate-store', '--from', `sqlite:${sqlitePath}`, '--to', target);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already holds participants');
  }, 120_000);

  it('copies a consistent snapshot while the pilot keeps taking participants', async () => {
    const target = await freshPostgresDatabase();
    const writing = simulateParticipants({ baseUrl: pilot.baseUrl, definition: pilot.experiments.get('loan-anchor')!.definition, participants: 60, idPrefix: 'during-copy', concurrency: 4 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await nudgelabInBackground('migrate-store', '--from', `sqlite:${sqlitePath}`, '--to', target);
    const written = await writing;
    expect(written.failures).toEqual([]);
    expect(written.completed).toBe(60);
    const postgres = await openPostgresStore(target, { poolSize: 2 });
    try {
      // Whatever moment the snapshot caught, every copied decision has its participant, assignment and exposure.
      const copied = await postgres.countByArm('loan-anchor');
      for (const arm of copied) expect(arm.exposed).toBeGreaterThanOrEqual(arm.decided);
      const entered = copied.reduce((sum, arm) => sum + arm.entered, 0);
      expect(entered).toBeGreaterThanOrEqual(39);
      expect(entered).toBeLessThanOrEqual(39 + 60);
    } finally {
      await postgres.close();
    }
  }, 120_000);

  it('refuses bad arguments with one line', () => {
    for (const [args, message] of [
      [['--from', 'data/x.db', '--to', 'postgres://x@y/z'], '--from must be sqlite:FILE'],
      [['--from', `sqlite:${sqlitePath}`, '--to', 'mysql://x'], '--to must be a postgres:// URL'],
      [['--from', 'sqlite:/no/such.db', '--to', 'postgres://x@y/z'], 'no SQLite database at /no/such.db'],
    ] as const) {
      const run = nudgelab('migrate-store', ...args);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(message);
    }
  }, 60_000);
});
