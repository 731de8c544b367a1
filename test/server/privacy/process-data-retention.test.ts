import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/admin/password-hash';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { applyProcessDataRetention } from '../../../server/privacy/process-data-retention';
import { listeningTestApp } from '../../helpers/listening-app';
import { listProcessEvents } from '../../helpers/store-reads';
import { csrfTokenOf } from '../../helpers/test-app';
import { runNudgelab } from '../../helpers/nudgelab-command';

const dayMs = 24 * 60 * 60 * 1000;

describe('process-data retention', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nudgelab-retention-'));
  const databasePath = join(folder, 'live.db');
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  // A researcher's session: an API key would export only the units it assigned, none of these panel participants.
  let researcher: ReturnType<typeof request.agent>;

  const csv = async (file: string) => (await researcher.get(`/api/v1/experiments/credit-choice/${file}`).expect(200)).text;

  beforeAll(async () => {
    server = await listeningTestApp({ databasePath });
    await simulateParticipants({ baseUrl: server.baseUrl, definition: server.experiments.get('credit-choice')!.definition, participants: 40, idPrefix: 'old', concurrency: 4 });
    await server.store.createUser({ username: 'rita', role: 'researcher', passwordHash: await hashPassword('researcher-password'), createdAt: new Date() });
    researcher = request.agent(server.app);
    const csrf = csrfTokenOf((await researcher.get('/admin/login')).text);
    await researcher.post('/admin/login').type('form').send({ _csrf: csrf, username: 'rita', password: 'researcher-password' }).expect(303);
  }, 120_000);
  afterAll(async () => server.close());

  it('deletes only process events older than the setting, keeping every outcome row (and so the analysis) unchanged', async () => {
    const exportBefore = await csv('export.csv');
    const eventsBefore = (await csv('process-events.csv')).trim().split('\n').length - 1;
    expect(eventsBefore).toBeGreaterThan(10);

    // Nothing is older than 30 days yet: nothing changes.
    expect(await applyProcessDataRetention(server.store, 30, new Date(), 'test')).toMatchObject({ participants: 0, events: 0 });
    expect((await csv('process-events.csv')).trim().split('\n').length - 1).toBe(eventsBefore);

    // Newer participants arrive; thirty days after the first of them decided, retention runs.
    await simulateParticipants({ baseUrl: server.baseUrl, definition: server.experiments.get('credit-choice')!.definition, participants: 5, idPrefix: 'new', concurrency: 1 });
    const newEvents = (await csv('process-events.csv')).trim().split('\n').filter((line) => line.startsWith('new-')).length;
    expect(newEvents).toBeGreaterThan(0);
    const firstNewDecision = (await server.store.findParticipant('credit-choice', 'new-0'))!.decision!.decidedAt;
    const deleted = await applyProcessDataRetention(server.store, 30, new Date(firstNewDecision.getTime() + 30 * dayMs), 'test');
    expect(deleted).toMatchObject({ participants: 40, events: eventsBefore });

    const eventsAfter = (await csv('process-events.csv')).trim().split('\n').slice(1);
    expect(eventsAfter.length).toBe(newEvents);
    expect(eventsAfter.every((line) => line.startsWith('new-'))).toBe(true);
    expect(await listProcessEvents(server.store, 'credit-choice', 'old-1')).toEqual([]);

    // The outcome rows of the old participants (with their change counts) are exactly as they were.
    const exportAfter = (await csv('export.csv')).split('\n').filter((line) => !line.startsWith('new-'));
    expect(exportAfter.join('\n')).toBe(exportBefore);
    const audit = (await server.store.listAudit(1))[0]!;
    expect(audit).toMatchObject({ action: 'process-data.retention', actor: 'test', details: { participants: 40, events: eventsBefore } });
  }, 120_000);

  it('runs from the command line and refuses a setting that is not a whole number of days', () => {
    const run = (...args: string[]) =>
      runNudgelab(['retention', ...args], { env: { ...process.env, NUDGELAB_DB: databasePath }, timeout: 60_000 });
    const ok = run('--days', '1');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^deleted 0 process events of 0 participants who decided before \d{4}-/);
    for (const bad of [['--days', '0'], ['--days', '1.5'], ['--days', 'x'], []]) {
      const refused = run(...bad);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('--days must be a whole number of days');
    }
  }, 60_000);

  it('refuses a bad setting when called directly', async () => {
    await expect(applyProcessDataRetention(server.store, 0, new Date(), 'test')).rejects.toThrow('at least 1');
  });
});
