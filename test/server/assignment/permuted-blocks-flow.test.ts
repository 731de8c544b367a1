import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { hashPassword } from '../../../server/admin/password-hash';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { permutedBlock } from '../../../server/assignment/permuted-block';
import { labAnchorFile } from '../../helpers/block-experiment';
import { createTestApp, csrfTokenOf } from '../../helpers/test-app';

const files = [...experimentRegistry, labAnchorFile];
const definition = { key: 'lab-anchor', arms: [{ key: 'control', weight: 1 }, { key: 'low-anchor', weight: 1 }, { key: 'high-anchor', weight: 1 }] };

/** Enters through the link and consents, as a browser does; returns the agent. */
async function enter(app: Parameters<typeof request.agent>[0], query: string, lang = 'nl') {
  const agent = request.agent(app);
  const consentPage = await agent.get(`/e/lab-anchor?${query}`).expect(200);
  const form = { _csrf: csrfTokenOf(consentPage.text), choice: 'accept', lang, ...Object.fromEntries([...consentPage.text.matchAll(/<input type="hidden" name="(pid|stratum)" value="([^"]*)">/g)].map((match) => [match[1], match[2]])) };
  await agent.post('/e/lab-anchor/consent').type('form').send(form).expect(303);
  return agent;
}

describe('permuted blocks in the participant flow', () => {
  it('carries the stratum from the link through consent and enrols in that stratum’s blocks', async () => {
    const { app, store } = createTestApp({ files });
    for (let index = 0; index < 7; index += 1) await enter(app, `pid=low-${index}&stratum=low`);
    await enter(app, 'pid=high-0&stratum=high&lang=en', 'en');
    for (let index = 0; index < 7; index += 1) {
      const record = await store.findParticipant('lab-anchor', `low-${index}`);
      const blockIndex = Math.floor(index / 6);
      expect(record?.block).toEqual({ stratum: 'low', blockIndex, position: index % 6 });
      expect(record?.arm).toBe(permutedBlock(definition, { blockSize: 6, stratum: 'low', blockIndex })[index % 6]);
    }
    expect((await store.findParticipant('lab-anchor', 'high-0'))?.block).toEqual({ stratum: 'high', blockIndex: 0, position: 0 });
  });

  it('keeps the language switch (when the experiment offers one) on the stratum', async () => {
    const withSwitch = { ...labAnchorFile, definition: { ...(labAnchorFile.definition as object), languages: { switcher: true } } };
    const { app } = createTestApp({ files: [...experimentRegistry, withSwitch] });
    const page = await request(app).get('/e/lab-anchor?pid=p1&stratum=high').expect(200);
    expect(page.text).toContain('href="/e/lab-anchor?pid=p1&amp;stratum=high&amp;lang=en"');
  });

  it.each([
    ['nl', '', 'de parameter "stratum" ontbreekt'],
    ['en', '', 'the parameter "stratum" is missing'],
    ['nl', '&stratum=medium', 'de parameter "stratum" heeft een onbekende waarde'],
    ['en', '&stratum=LOW', 'the parameter "stratum" has an unknown value'],
    ['en', '&stratum=low&stratum=high', 'the parameter "stratum" has an unknown value'],
  ])('answers a link in %s with stratum "%s" with a friendly 400 page naming the problem, storing nothing', async (lang, stratum, text) => {
    const { app, store } = createTestApp({ files });
    const page = await request(app).get(`/e/lab-anchor?pid=p1&lang=${lang}${stratum}`).expect(400);
    expect(page.text).toContain(text.replace(/"/g, '&#34;'));
    expect(page.text).not.toMatch(/at .*\.ts:\d+/);
    expect(await store.findParticipant('lab-anchor', 'p1')).toBeUndefined();
  });

  it('refuses a consent form whose stratum was removed or altered, with the same page', async () => {
    const { app, store } = createTestApp({ files });
    const agent = request.agent(app);
    const csrf = csrfTokenOf((await agent.get('/e/lab-anchor?pid=p1&stratum=low&lang=en').expect(200)).text);
    const refused = await agent.post('/e/lab-anchor/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: 'p1', lang: 'en', stratum: 'middle' }).expect(400);
    expect(refused.text).toContain('has an unknown value');
    await agent.post('/e/lab-anchor/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: 'p1', lang: 'en' }).expect(400);
    expect(await store.findParticipant('lab-anchor', 'p1')).toBeUndefined();
  });

  it('keeps an enrolled participant in the same arm and block, whatever another browser sends with their link', async () => {
    const { app, store } = createTestApp({ files });
    await enter(app, 'pid=p1&stratum=low');
    const first = await store.findParticipant('lab-anchor', 'p1');
    // Another browser is turned away (the participation belongs to the first), and takes no position.
    await request(app).get('/e/lab-anchor?pid=p1').expect(409);
    // A consent form opened elsewhere before p1 enrolled, sent again with another stratum or none.
    const elsewhere = request.agent(app);
    const csrf = csrfTokenOf((await elsewhere.get('/e/lab-anchor?pid=p9&stratum=high').expect(200)).text);
    await elsewhere.post('/e/lab-anchor/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: 'p1', lang: 'nl', stratum: 'high' }).expect(409);
    await elsewhere.post('/e/lab-anchor/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: 'p1', lang: 'nl' }).expect(409);
    expect(await store.findParticipant('lab-anchor', 'p1')).toMatchObject({ arm: first!.arm, block: first!.block });
    await enter(app, 'pid=p2&stratum=low');
    expect((await store.findParticipant('lab-anchor', 'p2'))?.block).toEqual({ stratum: 'low', blockIndex: 0, position: 1 });
  });

  it('shows no stratum problem for hashed experiments, whatever the link carries', async () => {
    const { app } = createTestApp({ files });
    await request(app).get('/e/loan-anchor?pid=p1&stratum=anything').expect(200);
  });
});

describe('permuted blocks in the lender API', () => {
  async function lender() {
    const testApp = createTestApp({ files });
    const { secret, clientKey } = await createApiKey(testApp.store, { name: 'Lender', experiments: null });
    const assign = (body: Record<string, unknown>) => request(testApp.app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: 'lab-anchor', ...body });
    return { ...testApp, assign, clientKey };
  }

  it('assigns visitors through the same blocks as the participant flow, and keeps their arm', async () => {
    const { app, store, assign } = await lender();
    await enter(app, 'pid=panel-1&stratum=low');
    const variants: string[] = [];
    for (let index = 0; index < 5; index += 1) variants.push((await assign({ unitId: `visitor-${index}`, stratum: 'low' }).expect(200)).body.variant);
    expect([(await store.findParticipant('lab-anchor', 'panel-1'))!.arm, ...variants]).toEqual(permutedBlock(definition, { blockSize: 6, stratum: 'low', blockIndex: 0 }));
    expect((await assign({ unitId: 'visitor-3', stratum: 'low' }).expect(200)).body.variant).toBe(variants[3]);
    expect((await assign({ unitId: 'visitor-3' }).expect(200)).body.variant).toBe(variants[3]);
    expect((await store.findParticipant('lab-anchor', 'visitor-3'))?.block).toEqual({ stratum: 'low', blockIndex: 0, position: 4 });
    expect((await assign({ unitId: 'visitor-5', stratum: 'low' }).expect(200)).body.variant).toBe(permutedBlock(definition, { blockSize: 6, stratum: 'low', blockIndex: 1 })[0]);
  });

  it('answers a newcomer without a valid stratum with 400 naming the field and the levels', async () => {
    const { assign, store } = await lender();
    const missing = await assign({ unitId: 'visitor-1' }).expect(400);
    expect(missing.body).toEqual({ error: 'invalid assignment request', problems: ['stratum: required for experiment "lab-anchor"; one of low, high'] });
    const unknown = await assign({ unitId: 'visitor-1', stratum: 'medium' }).expect(400);
    expect(unknown.body.problems).toEqual(['stratum: unknown for experiment "lab-anchor"; one of low, high']);
    await assign({ unitId: 'visitor-1', stratum: 7 }).expect(400);
    expect(await store.findParticipant('lab-anchor', 'visitor-1')).toBeUndefined();
  });

  it('leaves permuted-block experiments out of the GrowthBook payload, which can only reproduce hashing', async () => {
    const { app, clientKey } = await lender();
    const payload = (await request(app).get(`/api/features/${clientKey}`).expect(200)).body as { features: Record<string, unknown> };
    const hashed = files.map((file) => file.definition as { key: string; randomisation?: { method: string } }).filter((definition) => (definition.randomisation?.method ?? 'hash') === 'hash');
    expect(hashed.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(payload.features).sort()).toEqual(hashed.map((definition) => definition.key).sort());
    expect(Object.keys(payload.features)).not.toContain('minimum-repayment');
    const openapi = (await request(app).get('/api/openapi.json').expect(200)).body as { paths: Record<string, { get?: { description: string } }> };
    expect(openapi.paths['/api/features/{clientKey}']!.get!.description).toContain('permuted blocks are left out');
  });
});

describe('the balance check of a permuted-block experiment', () => {
  it('reports "balanced by design" per stratum in the results JSON instead of the chi-square', async () => {
    const { app, store } = createTestApp({ files });
    const { secret } = await createApiKey(store, { name: 'Lender', experiments: null, scopes: ['results'] });
    for (let index = 0; index < 8; index += 1) await enter(app, `pid=p-${index}&stratum=${index < 6 ? 'low' : 'high'}`);
    const results = (await request(app).get('/api/v1/experiments/lab-anchor/results').set('authorization', `Bearer ${secret}`).expect(200)).body;
    expect(results.srm).toMatchObject({ method: 'permuted-blocks', blockSize: 6, ok: true, summary: 'balanced by design (permuted blocks of 6)', violations: [] });
    expect(results.srm).not.toHaveProperty('chiSquare');
    expect(results.srm.strata).toEqual([
      { stratum: 'high', participants: 2, observed: expect.any(Object), completeBlocks: 0, incompleteBlocks: 1, ok: true },
      { stratum: 'low', participants: 6, observed: { control: 2, 'low-anchor': 2, 'high-anchor': 2 }, completeBlocks: 1, incompleteBlocks: 0, ok: true },
    ]);
    const hashed = (await request(app).get('/api/v1/experiments/loan-anchor/results').set('authorization', `Bearer ${secret}`).expect(200)).body;
    expect(hashed.srm).toHaveProperty('chiSquare');
  });

  it('shows the block check, not a p-value, on the dashboard and the results page, and raises the alarm for an assignment outside the blocks', async () => {
    const { app, store } = createTestApp({ files });
    await store.createUser({ username: 'ada', role: 'researcher', passwordHash: await hashPassword('ada-password-long'), createdAt: new Date() });
    const agent = request.agent(app);
    const csrf = csrfTokenOf((await agent.get('/admin/login').expect(200)).text);
    await agent.post('/admin/login').type('form').send({ _csrf: csrf, username: 'ada', password: 'ada-password-long', next: '/admin' }).expect(303);
    for (let index = 0; index < 3; index += 1) await enter(app, `pid=p-${index}&stratum=low`);
    const cardOf = (html: string) => html.slice(html.indexOf('data-experiment="lab-anchor"'));
    const dashboard = cardOf((await agent.get('/admin').expect(200)).text);
    expect(dashboard).toMatch(/data-srm="ok">\s*sample ratio: balanced by design \(permuted blocks of 6\)/);
    expect(dashboard).toContain('/e/lab-anchor?pid={PANEL_ID}&amp;stratum={low|high}&amp;lang=nl');
    const resultsPage = (await agent.get('/admin/experiments/lab-anchor/results').expect(200)).text;
    expect(resultsPage).toMatch(/data-srm="ok">balanced by design \(permuted blocks of 6\)<br>low: 3 in 0 complete block\(s\) and 1 filling/);

    // An arm stored without a block (as a hashing bug would) is an integrity alarm.
    await store.enrolParticipant({ experimentKey: 'lab-anchor', participantId: 'stray', panelId: null, locale: 'nl', userAgentClass: 'desktop', arm: 'control', definitionHash: 'x', at: new Date() });
    expect(cardOf((await agent.get('/admin').expect(200)).text)).toMatch(/data-srm="mismatch">\s*sample ratio: INTEGRITY ALARM: 1 participant\(s\) have no recorded block/);
    expect((await agent.get('/admin/experiments/lab-anchor/results').expect(200)).text).toContain('data-srm="mismatch">INTEGRITY ALARM');
  });
});
