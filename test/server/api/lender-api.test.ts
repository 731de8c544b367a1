import { GrowthBookClient } from '@growthbook/growthbook';
import { Validator } from '@seriousme/openapi-schema-validator';
import { apiEventsRequestSchema, assignmentRequestSchema, assignmentResponseSchema } from '../../../server/api/api-schemas';
import { declaredRoutes } from '../../helpers/declared-routes';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, secretSha256 } from '../../../server/api/api-key-secrets';
import { assignArm } from '../../../server/assignment/assign-arm';
import { consentedParticipant, createTestApp } from '../../helpers/test-app';
import { listeningTestApp } from '../../helpers/listening-app';
import { listApiEvents } from '../../helpers/store-reads';

async function appWithKey(options: Parameters<typeof createTestApp>[0] = {}, experiments: string[] | null = null) {
  const testApp = createTestApp(options);
  const created = await createApiKey(testApp.store, { name: 'Lender A', experiments });
  const api = (method: 'post' | 'get', path: string) => request(testApp.app)[method](path).set('authorization', `Bearer ${created.secret}`);
  return { ...testApp, ...created, api };
}

describe('API keys', () => {
  it('store only the secret’s hash, and can be listed and revoked', async () => {
    const { store, secret, clientKey, key, api } = await appWithKey();
    expect(secret).toMatch(/^nlsk_[A-Za-z0-9_-]{43}$/);
    expect(clientKey).toMatch(/^sdk-/);
    expect(await store.findApiKeyBySecretSha256(secretSha256(secret))).toMatchObject({ id: key.id, name: 'Lender A', revokedAt: null });
    expect(JSON.stringify(await store.listApiKeys())).not.toContain(secret);
    await api('post', '/api/v1/assignments').send({ experiment: 'credit-choice', unitId: 'u1' }).expect(200);
    await store.revokeApiKey(clientKey, new Date());
    const revoked = await api('post', '/api/v1/assignments').send({ experiment: 'credit-choice', unitId: 'u1' }).expect(401);
    expect(revoked.body).toEqual({ error: 'this API key has been revoked' });
  });

  it.each([
    ['no Authorization header', undefined, 'send the API secret as "Authorization: Bearer SECRET"'],
    ['a wrong secret', 'Bearer nlsk_wrong', 'unknown API key'],
    ['another scheme', 'Basic abc', 'send the API secret as "Authorization: Bearer SECRET"'],
  ])('answer %s with 401', async (_label, header, message) => {
    const { app } = await appWithKey();
    const call = request(app).post('/api/v1/assignments').send({ experiment: 'credit-choice', unitId: 'u1' });
    const response = await (header ? call.set('authorization', header) : call).expect(401);
    expect(response.body).toEqual({ error: message });
  });

  it('answer 403 for an experiment the key may not use', async () => {
    const { api } = await appWithKey({}, ['loan-anchor']);
    const response = await api('post', '/api/v1/assignments').send({ experiment: 'credit-choice', unitId: 'u1' }).expect(403);
    expect(response.body.error).toContain('no access to experiment "credit-choice"');
    await api('post', '/api/v1/assignments').send({ experiment: 'loan-anchor', unitId: 'u1' }).expect(200);
  });

  it('are rate limited per key', async () => {
    const { api, store, app } = await appWithKey({ apiRequestsPerMinute: 3 });
    for (let index = 0; index < 3; index += 1) await api('post', '/api/v1/assignments').send({ experiment: 'credit-choice', unitId: `r${index}` }).expect(200);
    const limited = await api('post', '/api/v1/assignments').send({ experiment: 'credit-choice', unitId: 'r9' }).expect(429);
    expect(limited.body.error).toContain('rate limit');
    const other = await createApiKey(store, { name: 'Lender B', experiments: null });
    await request(app).post('/api/v1/assignments').set('authorization', `Bearer ${other.secret}`).send({ experiment: 'credit-choice', unitId: 'r9' }).expect(200);
  });
});

describe('POST /api/v1/assignments', () => {
  it('gives the arm the participant flow gives the same id, and records the exposure once', async () => {
    const { api, store, experiments } = await appWithKey();
    for (let index = 0; index < 30; index += 1) {
      const unitId = `visitor-${index}`;
      const first = await api('post', '/api/v1/assignments').send({ experiment: 'credit-choice', unitId, attributes: { income_band: '2000-3500' } }).expect(200);
      const definition = experiments.get('credit-choice')!.definition;
      const expected = assignArm(definition, unitId);
      expect(first.body).toEqual({
        experiment: 'credit-choice',
        unitId,
        variant: expected,
        params: definition.arms.find((arm) => arm.key === expected)!.params,
        inExperiment: true,
      });
      await api('post', '/api/v1/assignments').send({ experiment: 'credit-choice', unitId }).expect(200);
    }
    const counts = await store.countByArm('credit-choice');
    expect(counts.reduce((sum, row) => sum + row.entered, 0)).toBe(30);
    expect(counts.reduce((sum, row) => sum + row.exposed, 0)).toBe(30);
  });

  it('refuses an id already enrolled through the participant pages, which a lender may not take over (409)', async () => {
    const { api, app, store } = await appWithKey();
    await consentedParticipant(app, 'loan-anchor', 'shared-id');
    const response = await api('post', '/api/v1/assignments').send({ experiment: 'loan-anchor', unitId: 'shared-id' }).expect(409);
    expect(response.body.error).toMatch(/participant pages/);
    expect((await store.findParticipant('loan-anchor', 'shared-id'))?.exposedAt).toBeNull();
  });

  it.each([
    [{ experiment: 'credit-choice' }, 'unitId: Invalid input: expected string, received undefined'],
    [{ experiment: 'credit-choice', unitId: '' }, 'unitId: Too small'],
    [{ experiment: 'credit-choice', unitId: 'a\u0000b' }, 'unitId: must be printable text'],
    [{ experiment: 'credit-choice', unitId: 'x', arm: 'control' }, 'Unrecognized key: "arm"'],
    [[1, 2], '(body): Invalid input: expected object, received array'],
    [{ experiment: 'credit-choice', unitId: 'x', attributes: { channel: 'web' } }, 'attributes.channel: not declared by experiment "credit-choice" (declared: income_band); undeclared attributes are not stored'],
    [{ experiment: 'credit-choice', unitId: 'x', attributes: { income_band: 'rich' } }, 'attributes.income_band: "rich" is not one of below-2000, 2000-3500, above-3500, unknown'],
    [{ experiment: 'credit-choice', unitId: 'x', attributes: { income_band: 2500 } }, 'attributes.income_band: Invalid input: expected string, received number'],
    [{ experiment: 'loan-anchor', unitId: 'x', attributes: { income_band: 'unknown' } }, 'attributes.income_band: not declared by experiment "loan-anchor" (declared: none)'],
  ])('answers %j with 400 naming the field', async (body, problem) => {
    const { api, store } = await appWithKey();
    const response = await api('post', '/api/v1/assignments').send(body as object).expect(400);
    expect(response.body.error).toBe('invalid assignment request');
    expect(response.body.problems.join(' ')).toContain(problem);
    expect(await store.countByArm('credit-choice')).toEqual([]);
    expect(await store.countByArm('loan-anchor')).toEqual([]);
  });

  it('stores declared attributes with the first assignment and exports them as a column', async () => {
    const { api, store } = await appWithKey();
    await api('post', '/api/v1/assignments').send({ experiment: 'credit-choice', unitId: 'with-income', attributes: { income_band: 'below-2000' } }).expect(200);
    // Sticky: a later assignment of the same unit keeps what was stored first.
    await api('post', '/api/v1/assignments').send({ experiment: 'credit-choice', unitId: 'with-income', attributes: { income_band: 'above-3500' } }).expect(200);
    await api('post', '/api/v1/assignments').send({ experiment: 'credit-choice', unitId: 'without' }).expect(200);
    const rows: Record<string, Record<string, string>> = {};
    for await (const row of store.streamParticipantRows('credit-choice')) rows[row.participantId] = row.attributes;
    expect(rows).toEqual({ 'with-income': { income_band: 'below-2000' }, without: {} });
    const csv = (await api('get', '/api/v1/experiments/credit-choice/export.csv').expect(200)).text.trim().split('\n');
    const header = csv[0]!.split(',');
    const column = header.indexOf('income_band');
    expect(column).toBeGreaterThan(0);
    expect(csv.slice(1).map((line) => line.split(',')[column]).sort()).toEqual(['', 'below-2000']);
  });

  it('answers an unknown experiment with 404, broken JSON with 400 and an oversized body with 413', async () => {
    const { api } = await appWithKey();
    expect((await api('post', '/api/v1/assignments').send({ experiment: 'nope', unitId: 'u' }).expect(404)).body).toEqual({ error: 'no experiment "nope"' });
    const broken = await api('post', '/api/v1/assignments').set('content-type', 'application/json').send('{"experiment":').expect(400);
    expect(broken.body.error).toBeTypeOf('string');
    await api('post', '/api/v1/assignments').send({ experiment: 'credit-choice', unitId: 'u', attributes: { pad: 'x'.repeat(1_100_000) } }).expect(413);
  });
});

describe('POST /api/v1/events', () => {
  async function withAssigned(units: number) {
    const context = await appWithKey();
    for (let index = 0; index < units; index += 1) await context.api('post', '/api/v1/assignments').send({ experiment: 'credit-choice', unitId: `u${index}` }).expect(200);
    return context;
  }
  const event = (index: number, overrides: Record<string, unknown> = {}) => ({
    experiment: 'credit-choice',
    unitId: `u${index}`,
    name: 'loan_accepted',
    value: true,
    timestamp: '2026-11-20T10:00:00Z',
    idempotencyKey: `accept-${index}`,
    ...overrides,
  });

  it('stores one event, and a batch, with their values and times', async () => {
    const { api, store, key } = await withAssigned(3);
    expect((await api('post', '/api/v1/events').send(event(0)).expect(200)).body).toEqual({ stored: 1, duplicates: 0 });
    const batch = [event(1, { name: 'amount', value: 8500, idempotencyKey: undefined }), event(2, { name: 'product', value: 'fixed' })];
    expect((await api('post', '/api/v1/events').send(batch).expect(200)).body).toEqual({ stored: 2, duplicates: 0 });
    const stored = await listApiEvents(store, 'credit-choice');
    expect(stored.map((row) => [row.participantId, row.name, row.value])).toEqual([
      ['u0', 'loan_accepted', true],
      ['u1', 'amount', 8500],
      ['u2', 'product', 'fixed'],
    ]);
    expect(stored[0]).toMatchObject({ occurredAt: new Date('2026-11-20T10:00:00Z'), apiKeyId: key.id, idempotencyKey: 'accept-0' });
  });

  it('stores nothing twice when a request is repeated with the same idempotency keys', async () => {
    const { api, store } = await withAssigned(5);
    const batch = [0, 1, 2, 3, 4].map((index) => event(index));
    await api('post', '/api/v1/events').send(batch).expect(200);
    expect((await api('post', '/api/v1/events').send(batch).expect(200)).body).toEqual({ stored: 0, duplicates: 5 });
    expect((await api('post', '/api/v1/events').send([...batch, event(0, { idempotencyKey: 'new' })]).expect(200)).body).toEqual({ stored: 1, duplicates: 5 });
    expect(await listApiEvents(store, 'credit-choice')).toHaveLength(6);
  });

  it('stores a batch all or nothing: an unassigned unit at index 3 rejects the whole batch', async () => {
    const { api, store } = await withAssigned(3);
    const batch = [event(0), event(1), event(2), event(3), event(0, { idempotencyKey: 'x' })];
    const response = await api('post', '/api/v1/events').send(batch).expect(422);
    expect(response.body.error).toBe('events[3].unitId: "u3" was never assigned in experiment "credit-choice"; call /api/v1/assignments first');
    expect(await listApiEvents(store, 'credit-choice')).toEqual([]);
  });

  it.each([
    [[{}], 'events[0].experiment'],
    [[event(0), event(1, { value: { nested: true } })], 'events[1].value'],
    [[event(0), event(1), event(2, { name: 'Has Spaces' })], 'events[2].name'],
    [[event(0, { timestamp: 'yesterday' })], 'events[0].timestamp'],
    [[event(0, { timestamp: '2099-01-01T00:00:00Z' })], 'events[0].timestamp: lies in the future'],
    [[event(0, { experiment: 'nope' })], 'events[0].experiment: no experiment "nope"'],
    [event(0, { value: [1] }), 'value:'],
    [[], 'send at least one event'],
    [Array.from({ length: 1001 }, (_, index) => event(index)), 'send at most 1,000 events per batch'],
  ])('answers invalid events with 400, naming index and field (%#)', async (body, problem) => {
    const { api, store } = await withAssigned(3);
    const response = await api('post', '/api/v1/events').send(body as object).expect(400);
    expect(response.body.problems.join(' ')).toContain(problem);
    expect(await listApiEvents(store, 'credit-choice')).toEqual([]);
  });

  it('refuses, with 403 and the index, an event for an experiment the key may not use', async () => {
    const { api } = await appWithKey({}, ['credit-choice']);
    const response = await api('post', '/api/v1/events').send([event(0, { experiment: 'loan-anchor' })]).expect(403);
    expect(response.body.error).toContain('events[0].experiment');
  });
});

describe('GET /api/features/:clientKey and the official GrowthBook SDK', () => {
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  let secret: string;
  let clientKey: string;
  beforeAll(async () => {
    server = await listeningTestApp();
    ({ secret, clientKey } = await createApiKey(server.store, { name: 'Front end', experiments: null }));
  });
  afterAll(async () => server.close());

  it('assigns 10,000 unit ids to the same arm as /api/v1/assignments', async () => {
    const payload = await (await fetch(`${server.baseUrl}/api/features/${clientKey}`)).json();
    const sdk = new GrowthBookClient();
    sdk.initSync({ payload });
    const unitIds = Array.from({ length: 10_000 }, (_, index) => `sdk-check-${index}`);
    const experiments = ['loan-anchor', 'credit-choice'];
    const mismatches: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < unitIds.length) {
        const index = next++;
        const unitId = unitIds[index]!;
        const experiment = experiments[index % 2]!;
        const response = await fetch(`${server.baseUrl}/api/v1/assignments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ experiment, unitId }),
        });
        const { variant } = (await response.json()) as { variant: string };
        const fromSdk = sdk.evalFeature(experiment, { attributes: { id: unitId } }).experimentResult?.key;
        if (variant !== fromSdk) mismatches.push(`${unitId}: api ${variant}, sdk ${fromSdk}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(mismatches).toEqual([]);
    const entered = (await server.store.countByArm('loan-anchor')).reduce((sum, row) => sum + row.entered, 0);
    expect(entered).toBe(5000);
  }, 120_000);

  it('describes each experiment as a hash-version-2 experiment rule and is cacheable with an ETag', async () => {
    const response = await request(server.app).get(`/api/features/${clientKey}`).expect(200);
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(response.body.features['credit-choice'].rules[0]).toMatchObject({
      key: 'credit-choice',
      hashAttribute: 'id',
      seed: 'credit-choice',
      hashVersion: 2,
      meta: ['revolving-hidden', 'revolving-shown', 'none-hidden', 'none-shown', 'fixed-hidden', 'fixed-shown'].map((key) => ({ key })),
    });
    await request(server.app).get(`/api/features/${clientKey}`).set('if-none-match', response.headers.etag!).expect(304);
  });

  it('lists only the experiments of a restricted key, and 404s an unknown or revoked client key', async () => {
    const restricted = await createApiKey(server.store, { name: 'Narrow', experiments: ['loan-anchor'] });
    const response = await request(server.app).get(`/api/features/${restricted.clientKey}`).expect(200);
    expect(Object.keys(response.body.features)).toEqual(['loan-anchor']);
    await server.store.revokeApiKey(restricted.clientKey, new Date());
    await request(server.app).get(`/api/features/${restricted.clientKey}`).expect(404);
    await request(server.app).get('/api/features/sdk-unknown').expect(404);
    await request(server.app).get('/api/features/..%2F..%2Fetc').expect(404);
  });
});

describe('API documentation', () => {
  it('serves an OpenAPI 3.1 document that validates against the OpenAPI schema and describes every route an API key can call', async () => {
    const { app } = createTestApp();
    const document = (await request(app).get('/api/openapi.json').expect(200)).body;
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const keyRoutes = declaredRoutes(app)
      .filter((route) => / \/api\/(v1|features)\//.test(route))
      .map((route) => route.replace(/:(\w+)/g, '{$1}'));
    expect(keyRoutes.length).toBeGreaterThanOrEqual(7);
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual(keyRoutes.sort());
    expect(document.components.schemas.ApiEventsRequest.anyOf).toHaveLength(2);
    const attributes = document.components.schemas.AssignmentRequest.properties.attributes;
    expect(attributes.additionalProperties).toMatchObject({ type: 'string' });
    expect(attributes.description).toContain('`lenderAttributes`');
    expect(attributes.description).toContain('refused (400) and nothing is stored');
  });

  it('gives every operation that takes a body an example that its own schema accepts', async () => {
    const { app } = createTestApp();
    const document = (await request(app).get('/api/openapi.json').expect(200)).body;
    expect(assignmentRequestSchema.safeParse(document.paths['/api/v1/assignments'].post.requestBody.content['application/json'].example).success).toBe(true);
    expect(apiEventsRequestSchema.safeParse(document.paths['/api/v1/events'].post.requestBody.content['application/json'].example).success).toBe(true);
    expect(assignmentResponseSchema.safeParse(document.paths['/api/v1/assignments'].post.responses['200'].content['application/json'].example).success).toBe(true);
  });

  it('has a readable page: fields as tables, a curl line per operation, no literal Markdown', async () => {
    const { app } = createTestApp();
    const page = await request(app).get('/api').set('host', 'nudgelab.example').expect(200);
    expect(page.text).toContain('POST /api/v1/events');
    expect(page.text).toContain('events[3].value');
    expect(page.text).toContain('<code>idempotencyKey</code>');
    expect(page.text).toContain('One object, or an array of up to 1000 of them.');
    for (const path of ['/api/v1/assignments', '/api/v1/events', '/api/v1/experiments/loan-anchor/export.csv', '/api/v1/experiments/loan-anchor/results']) {
      expect(page.text).toContain(`curl -s${path.endsWith('s') && !path.includes('experiments') ? ' -X POST' : ''} &#34;http://nudgelab.example${path}&#34;`);
    }
    const visibleText = page.text.replace(/<[^>]+>/g, '');
    expect(visibleText).not.toContain('`');
  });
});
