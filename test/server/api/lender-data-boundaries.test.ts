import { parse } from 'csv-parse/sync';
import pino from 'pino';
import request from 'supertest';
import { describe, expect } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { hashPassword } from '../../../server/admin/password-hash';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { createApp } from '../../../server/app';
import { initializeExperimentStates } from '../../../server/lifecycle/experiment-lifecycle';
import type { Store } from '../../../server/store/store';
import { listApiEvents } from '../../helpers/store-reads';
import { consentedParticipant, csrfTokenOf } from '../../helpers/test-app';
import { openStoreForEachTest, storeEngines } from '../../helpers/store-engines';

/** The attacks that found these holes, replayed against the real app on each store engine. */
const engines = storeEngines({ poolSize: 4 });

const experiment = 'credit-choice';

describe.each(engines)('lender data boundaries on $name', (engine) => {
  let store: Store;
  const it = openStoreForEachTest(engine, (opened) => {
    store = opened;
  });

  /** Lenders A and C (credit-choice only, no scopes), a panel participant, and a researcher. */
  async function setUp({ exportRequestsPerMinute = 1_000 } = {}) {
    const experiments = validateExperiments(experimentRegistry);
    await initializeExperimentStates(store, experiments, new Date());
    const app = createApp({ store, experiments, logger: pino({ level: 'silent' }), secret: 'test-secret-that-is-long-enough-0123456789', secureCookies: false, apiRequestsPerMinute: 100_000, exportRequestsPerMinute, now: () => new Date() });
    const lenderA = await createApiKey(store, { name: 'Lender A', experiments: [experiment] });
    const lenderC = await createApiKey(store, { name: 'Lender C', experiments: [experiment] });
    const as = (secret: string) => ({
      get: (path: string) => request(app).get(path).set('authorization', `Bearer ${secret}`),
      post: (path: string, body: object) => request(app).post(path).set('authorization', `Bearer ${secret}`).send(body),
    });
    const a = as(lenderA.secret);
    const c = as(lenderC.secret);
    for (const unitId of ['a-1', 'a-2']) await a.post('/api/v1/assignments', { experiment, unitId }).expect(200);
    await c.post('/api/v1/assignments', { experiment, unitId: 'c-1' }).expect(200);
    await consentedParticipant(app, experiment, 'panel-77');
    await store.createUser({ username: 'rita', role: 'researcher', passwordHash: await hashPassword('researcher-password'), createdAt: new Date() });
    const researcher = request.agent(app);
    const csrf = csrfTokenOf((await researcher.get('/admin/login')).text);
    await researcher.post('/admin/login').type('form').send({ _csrf: csrf, username: 'rita', password: 'researcher-password' }).expect(303);
    return { app, store, a, c, lenderA, lenderC, as, researcher };
  }
  const idsIn = (csv: string) => (parse(csv, { columns: true }) as Record<string, string>[]).map((row) => row.participant_id);

  it('a key exports only the units it assigned: no panel participants, no other key’s units; a researcher sees all', async () => {
    const { a, c, researcher } = await setUp();
    const exported = (await a.get(`/api/v1/experiments/${experiment}/export.csv`).expect(200)).text;
    expect(idsIn(exported)).toEqual(['a-1', 'a-2']);
    expect(exported).not.toContain('panel-77');
    expect(exported).not.toContain('c-1');
    expect(idsIn((await c.get(`/api/v1/experiments/${experiment}/export.csv`).expect(200)).text)).toEqual(['c-1']);
    expect(idsIn((await researcher.get(`/api/v1/experiments/${experiment}/export.csv`).expect(200)).text).sort()).toEqual(['a-1', 'a-2', 'c-1', 'panel-77']);
    const processEvents = (await a.get(`/api/v1/experiments/${experiment}/process-events.csv`).expect(200)).text;
    expect(processEvents).not.toContain('panel-77');
    // The codebook stays readable to any key with access to the experiment.
    await a.get(`/api/v1/experiments/${experiment}/codebook.json`).expect(200);
  });

  it('answers events for another key’s unit, or a panel participant, exactly as for a unit nobody assigned, and stores nothing', async () => {
    const { a, store } = await setUp();
    const eventFor = (unitId: string) => ({ experiment, unitId, name: 'loan_accepted', value: true });
    const unknown = await a.post('/api/v1/events', eventFor('nobody-has-this')).expect(422);
    for (const foreign of ['c-1', 'panel-77']) {
      const response = await a.post('/api/v1/events', eventFor(foreign));
      expect(response.status).toBe(unknown.status);
      expect(JSON.parse(JSON.stringify(response.body).replaceAll(foreign, 'UNIT'))).toEqual(JSON.parse(JSON.stringify(unknown.body).replaceAll('nobody-has-this', 'UNIT')));
    }
    const batch = await a.post('/api/v1/events', [eventFor('a-1'), eventFor('panel-77')]).expect(422);
    expect(batch.body.error).toContain('events[1].unitId');
    expect(await listApiEvents(store, experiment)).toEqual([]);
    expect((await a.post('/api/v1/events', eventFor('a-1')).expect(200)).body).toEqual({ stored: 1, duplicates: 0 });
  });

  it('keeps idempotency keys per API key: A’s and C’s “acc-1” are both stored, a repeat of A’s is not', async () => {
    const { a, c, store, lenderA, lenderC } = await setUp();
    expect((await a.post('/api/v1/events', { experiment, unitId: 'a-1', name: 'loan_accepted', value: true, idempotencyKey: 'acc-1' }).expect(200)).body).toEqual({ stored: 1, duplicates: 0 });
    expect((await c.post('/api/v1/events', { experiment, unitId: 'c-1', name: 'loan_accepted', value: true, idempotencyKey: 'acc-1' }).expect(200)).body).toEqual({ stored: 1, duplicates: 0 });
    expect((await a.post('/api/v1/events', { experiment, unitId: 'a-1', name: 'loan_accepted', value: false, idempotencyKey: 'acc-1' }).expect(200)).body).toEqual({ stored: 0, duplicates: 1 });
    expect((await listApiEvents(store, experiment)).map((event) => [event.apiKeyId, event.participantId, event.idempotencyKey])).toEqual([
      [lenderA.key.id, 'a-1', 'acc-1'],
      [lenderC.key.id, 'c-1', 'acc-1'],
    ]);
  });

  it('records no exposure when a key asks for an id that is someone else’s: a panel participant is refused, another key’s unit left alone', async () => {
    const { a, store } = await setUp();
    const panelBefore = await store.findParticipant(experiment, 'panel-77');
    await a.post('/api/v1/assignments', { experiment, unitId: 'panel-77' }).expect(409);
    const panelAfter = await store.findParticipant(experiment, 'panel-77');
    expect(panelAfter?.exposedAt).toEqual(panelBefore?.exposedAt);
    expect(panelAfter?.assignedByApiKeyId).toBeNull();
    const unitBefore = await store.findParticipant(experiment, 'c-1');
    await a.post('/api/v1/assignments', { experiment, unitId: 'c-1' }).expect(200);
    const unitAfter = await store.findParticipant(experiment, 'c-1');
    expect(unitAfter?.exposedAt).toEqual(unitBefore?.exposedAt);
    expect(unitAfter?.assignedByApiKeyId).toBe(unitBefore?.assignedByApiKeyId);
  });

  it('serves aggregate results only to keys with the results scope (403 without, 200 with) and to researchers', async () => {
    const { a, as, store, researcher } = await setUp();
    const refused = await a.get(`/api/v1/experiments/${experiment}/results`).expect(403);
    expect(refused.body.error).toContain('"results" scope');
    const scoped = await createApiKey(store, { name: 'Lender with results', experiments: [experiment], scopes: ['results'] });
    const results = (await as(scoped.secret).get(`/api/v1/experiments/${experiment}/results`).expect(200)).body;
    expect(results.experiment).toBe(experiment);
    await researcher.get(`/api/v1/experiments/${experiment}/results`).expect(200);
    const elsewhere = await createApiKey(store, { name: 'Other experiment', experiments: ['loan-anchor'], scopes: ['results'] });
    await as(elsewhere.secret).get(`/api/v1/experiments/${experiment}/results`).expect(403);
  });

  it('rate-limits exports and results per API key and per session with a 429 and a message', async () => {
    const { a, c, researcher } = await setUp({ exportRequestsPerMinute: 3 });
    for (let index = 0; index < 3; index += 1) await a.get(`/api/v1/experiments/${experiment}/export.csv`).expect(200);
    const limited = await a.get(`/api/v1/experiments/${experiment}/process-events.csv`).expect(429);
    expect(limited.body.error).toContain('rate limit of 3 exports and results a minute');
    await c.get(`/api/v1/experiments/${experiment}/export.csv`).expect(200);
    for (let index = 0; index < 3; index += 1) await researcher.get(`/api/v1/experiments/${experiment}/results`).expect(200);
    await researcher.get(`/api/v1/experiments/${experiment}/export.csv`).expect(429);
    await researcher.get(`/admin/experiments/${experiment}/results`).expect(429);
  });
});
