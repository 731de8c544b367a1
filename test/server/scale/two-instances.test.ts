import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { hashPassword } from '../../../server/admin/password-hash';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { assignArm } from '../../../server/assignment/assign-arm';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { openPostgresStore } from '../../../server/store/postgres-store';
import type { Store } from '../../../server/store/store';
import { AcknowledgedTraffic, mixedTraffic } from '../../helpers/acknowledged-traffic';
import { listeningTestApp } from '../../helpers/listening-app';
import { freshPostgresDatabase, postgresSkipNote, postgresTestUrl } from '../../helpers/postgres';
import { startServerProcess } from '../../helpers/server-process';
import { csrfTokenOf } from '../../helpers/test-app';
import { listApiEvents } from '../../helpers/store-reads';

const experiments = validateExperiments(experimentRegistry);

/** Two `npm start` processes on one PostgreSQL database, as behind a load balancer. */
async function twoInstances(databaseUrl: string, environment: Record<string, string> = {}) {
  const settings = { NUDGELAB_DATABASE_URL: databaseUrl, NUDGELAB_ADMIN_PASSWORD: 'scale-admin-password', ...environment };
  const instances = [startServerProcess(settings), startServerProcess(settings)];
  const urls = await Promise.all(instances.map((instance) => instance.started()));
  return {
    instances,
    urls,
    stop: async () => {
      for (const instance of instances) instance.child.kill('SIGTERM');
      await Promise.all(instances.map((instance) => instance.exited));
    },
  };
}

describe.skipIf(!postgresTestUrl)(`two stateless instances on one PostgreSQL${postgresSkipNote}`, () => {
  let databaseUrl: string;
  let store: Store;
  let apiSecret: string;
  let pair: Awaited<ReturnType<typeof twoInstances>>;

  beforeAll(async () => {
    databaseUrl = await freshPostgresDatabase();
    store = await openPostgresStore(databaseUrl, { poolSize: 2 });
    apiSecret = (await createApiKey(store, { name: 'Lender', experiments: null, scopes: ['results'] })).secret;
    await store.createUser({ username: 'rik', role: 'researcher', passwordHash: await hashPassword('rik-password-long'), createdAt: new Date() });
    pair = await twoInstances(databaseUrl, { NUDGELAB_API_REQUESTS_PER_MINUTE: '1000000' });
  }, 60_000);
  afterAll(async () => {
    await pair?.stop();
    await store?.close();
  });

  it('walks participants whose requests alternate between instances: one arm each, every decision once, the same results as on SQLite', async () => {
    const definition = experiments.get('credit-choice')!.definition;
    const walk = { definition, participants: 60, idPrefix: 'walk', concurrency: 6, seed: 11 };
    const onPostgres = await simulateParticipants({ ...walk, baseUrl: pair.urls });
    expect(onPostgres.failures).toEqual([]);
    expect(onPostgres.completed).toBe(60);

    for (let index = 0; index < 60; index++) {
      const participant = await store.findParticipant('credit-choice', `walk-${index}`);
      expect(participant?.arm).toBe(assignArm(definition, `walk-${index}`));
      expect(participant?.decision?.arm).toBe(participant?.arm);
      expect(participant?.completion).not.toBeNull();
    }
    const counts = await store.countByArm('credit-choice');
    expect(counts.reduce((sum, arm) => sum + arm.decided, 0)).toBe(60);

    const sqlite = await listeningTestApp();
    try {
      await simulateParticipants({ ...walk, baseUrl: sqlite.baseUrl });
      const sqliteSecret = (await createApiKey(sqlite.store, { name: 'Lender', experiments: null, scopes: ['results'] })).secret;
      const resultsOf = async (baseUrl: string, secret: string) =>
        (await (await fetch(`${baseUrl}/api/v1/experiments/credit-choice/results`, { headers: { authorization: `Bearer ${secret}` } })).json()) as Record<string, unknown>;
      const [postgresResults, sqliteResults] = [await resultsOf(pair.urls[1]!, apiSecret), await resultsOf(sqlite.baseUrl, sqliteSecret)];
      // The two walks run concurrently, so their entry orders differ: a model's note may name a row by its place in that order,
      // and sums taken in another order may differ in the last bit (0.26726124191242434 against 0.2672612419124244 in one CI run).
      const orderFree = (metrics: unknown) =>
        JSON.parse(
          JSON.stringify(metrics, (_key, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(12)) : value)).replace(
            /observation \d+ alone/g,
            'observation N alone',
          ),
        ) as unknown;
      expect(orderFree(postgresResults.metrics)).toEqual(orderFree(sqliteResults.metrics));
      expect(postgresResults.srm).toEqual(sqliteResults.srm);
      expect(await store.countByArm('credit-choice')).toEqual(await sqlite.store.countByArm('credit-choice'));
    } finally {
      await sqlite.close();
    }
  }, 120_000);

  it('stores each lender event once when a lender’s retries land on different instances', async () => {
    const [a, b] = pair.urls as [string, string];
    const post = (baseUrl: string, path: string, body: unknown) =>
      fetch(`${baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${apiSecret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const first = (await (await post(a, '/api/v1/assignments', { experiment: 'loan-anchor', unitId: 'visitor-1' })).json()) as { variant: string };
    const again = (await (await post(b, '/api/v1/assignments', { experiment: 'loan-anchor', unitId: 'visitor-1' })).json()) as { variant: string };
    expect(again.variant).toBe(first.variant);
    const batch = Array.from({ length: 50 }, (_, index) => ({ experiment: 'loan-anchor', unitId: 'visitor-1', name: 'page_view', value: index, idempotencyKey: `retry-${index}` }));
    const answers = await Promise.all([post(a, '/api/v1/events', batch), post(b, '/api/v1/events', batch), post(a, '/api/v1/events', batch)]);
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as { stored: number; duplicates: number }[];
    expect(bodies.reduce((sum, body) => sum + body.stored, 0)).toBe(50);
    expect(await listApiEvents(store, 'loan-anchor', 'visitor-1')).toHaveLength(50);
  });

  it('keeps a session, its CSRF token and a lock-out whichever instance answers', async () => {
    const [a, b] = pair.urls as [string, string];
    const loginPage = await request(a).get('/admin/login').expect(200);
    const csrfCookie = loginPage.headers['set-cookie']![0]!.split(';')[0]!;
    const login = await request(b)
      .post('/admin/login')
      .set('cookie', csrfCookie)
      .type('form')
      .send({ _csrf: csrfTokenOf(loginPage.text), username: 'rik', password: 'rik-password-long' })
      .expect(303);
    const session = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((line) => line.startsWith('nudgelab_session='))!.split(';')[0]!;
    await request(a).get('/admin').set('cookie', `${csrfCookie}; ${session}`).expect(200);
    await request(b).get('/admin').set('cookie', `${csrfCookie}; ${session}`).expect(200);

    await store.createUser({ username: 'eve', role: 'researcher', passwordHash: await hashPassword('eve-password-long'), createdAt: new Date() });
    for (let attempt = 0; attempt < 5; attempt++) {
      await request(attempt % 2 === 0 ? a : b)
        .post('/admin/login')
        .set('cookie', csrfCookie)
        .type('form')
        .send({ _csrf: csrfTokenOf(loginPage.text), username: 'eve', password: 'wrong-password' })
        .expect(401);
    }
    for (const instance of [a, b]) {
      const locked = await request(instance)
        .post('/admin/login')
        .set('cookie', csrfCookie)
        .type('form')
        .send({ _csrf: csrfTokenOf(loginPage.text), username: 'eve', password: 'eve-password-long' });
      // Refused like any failed sign-in (the answer never says whether an account exists or is locked), though the password is right.
      expect(locked.status).toBe(401);
      expect(locked.text).toMatch(/locked/i);
      expect(locked.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/nudgelab_session=/)]));
    }
  });

  it('loses nothing that was acknowledged when one instance is killed under load', async () => {
    const traffic = new AcknowledgedTraffic();
    let stopSurvivor = false;
    const common = { apiSecret, panelExperiment: experiments.get('loan-anchor')!.definition, apiExperimentKey: 'credit-choice', clients: 6, traffic };
    const onKilled = mixedTraffic({ ...common, baseUrl: pair.urls[0]!, prefix: 'killed', stop: () => false });
    const onSurvivor = mixedTraffic({ ...common, baseUrl: pair.urls[1]!, prefix: 'survivor', stop: () => stopSurvivor });
    while (traffic.decisions.size < 40) await new Promise((resolve) => setTimeout(resolve, 20));
    pair.instances[0]!.child.kill('SIGKILL');
    await onKilled;
    const acknowledgedAtKill = traffic.decisions.size + traffic.events.size;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    stopSurvivor = true;
    await onSurvivor;
    expect(traffic.decisions.size + traffic.events.size).toBeGreaterThan(acknowledgedAtKill); // the other instance kept serving
    expect(traffic.serverErrors).toBe(0);
    for (const id of traffic.decisions) {
      const [experimentKey, participantId] = id.split('/') as [string, string];
      expect((await store.findParticipant(experimentKey, participantId))?.decision).not.toBeNull();
    }
    const storedKeys = new Set((await listApiEvents(store, 'credit-choice')).map((event) => event.idempotencyKey));
    expect([...traffic.events].filter((key) => !storedKeys.has(key))).toEqual([]);
    expect((await listApiEvents(store, 'credit-choice')).length).toBe(storedKeys.size);
  }, 60_000);
});

describe.skipIf(!postgresTestUrl)(`a lender API rate limit shared by two instances${postgresSkipNote}`, () => {
  it('allows the limit in all, not the limit per instance', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const store = await openPostgresStore(databaseUrl, { poolSize: 1 });
    const { secret } = await createApiKey(store, { name: 'Lender', experiments: null });
    await store.close();
    const pair = await twoInstances(databaseUrl, { NUDGELAB_API_REQUESTS_PER_MINUTE: '20' });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 30; index++) {
        const answer = await fetch(`${pair.urls[index % 2]}/api/v1/assignments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ experiment: 'loan-anchor', unitId: `u-${index}` }),
        });
        statuses.push(answer.status);
      }
      expect(statuses.filter((status) => status === 200)).toHaveLength(20);
      expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
    } finally {
      await pair.stop();
    }
  }, 60_000);
});
