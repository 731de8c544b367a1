import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { hashPassword } from '../../../server/admin/password-hash';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { permutedBlock } from '../../../server/assignment/permuted-block';
import { labAnchorByAnswerFile } from '../../helpers/block-experiment';
import { amountFieldValueOf, createTestApp, csrfTokenOf } from '../../helpers/test-app';

const files = [...experimentRegistry, labAnchorByAnswerFile];
const key = 'lab-anchor-by-answer';
const design = { key, arms: [{ key: 'control', weight: 1 }, { key: 'low-anchor', weight: 1 }, { key: 'high-anchor', weight: 1 }] };
const armAt = (stratum: string, blockIndex: number, position: number) => permutedBlock(design, { blockSize: 6, stratum, blockIndex })[position];

type Agent = ReturnType<typeof request.agent>;

/** Enters by the link and consents, as a browser does; returns the agent and its CSRF token, now due on the before-screen page. */
async function consent(app: Parameters<typeof request.agent>[0], pid: string) {
  const agent = request.agent(app);
  const csrf = csrfTokenOf((await agent.get(`/e/${key}?pid=${pid}`).expect(200)).text);
  await agent.post(`/e/${key}/consent`).type('form').send({ _csrf: csrf, choice: 'accept', pid, lang: 'nl' }).expect(303).expect('location', `/e/${key}/before-screen`);
  return { agent, csrf };
}

/** Answers the before-screen page with `current_loan` = `stratum`, on to the scenario. */
async function answer({ agent, csrf }: { agent: Agent; csrf: string }, stratum: string) {
  await agent.post(`/e/${key}/before-screen`).type('form').send({ _csrf: csrf, q_current_loan: stratum }).expect(303).expect('location', `/e/${key}/scenario`);
}

describe('permuted blocks within the answer to a before-screen question', () => {
  it('enrols at consent without an arm or block position, and never shows the scenario or the screen before the answer', async () => {
    const { app, store } = createTestApp({ files });
    const participant = await consent(app, 'p1');
    expect(await store.findParticipant(key, 'p1')).toMatchObject({ arm: null, block: null, answeredQuestionKeys: [] });
    await participant.agent.get(`/e/${key}/screen`).expect(303).expect('location', `/e/${key}/before-screen`);
    await participant.agent.post(`/e/${key}/screen`).type('form').send({ _csrf: participant.csrf, amount: '5000', term: '60' }).expect(303).expect('location', `/e/${key}/before-screen`);
    await participant.agent.get(`/e/${key}/scenario`).expect(303).expect('location', `/e/${key}/before-screen`);
    const page = (await participant.agent.get(`/e/${key}/before-screen`).expect(200)).text;
    expect(page).toContain('Heeft u op dit moment een lening of doorlopend krediet?');
    const stored = await store.findParticipant(key, 'p1');
    expect(stored).toMatchObject({ arm: null, block: null, exposedAt: null });
    // Nothing of them is counted in any arm, nor in the export.
    expect((await store.countByArm(key)).reduce((sum, arm) => sum + arm.entered, 0)).toBe(0);
  });

  it('draws the arm from the block of the answered stratum when the answers are accepted, then shows that arm’s screen', async () => {
    const { app, store } = createTestApp({ files });
    const first = await consent(app, 'p1');
    await answer(first, 'no');
    const stored = await store.findParticipant(key, 'p1');
    expect(stored?.block).toEqual({ stratum: 'no', blockIndex: 0, position: 0 });
    expect(stored?.arm).toBe(armAt('no', 0, 0));
    expect(stored?.answeredQuestionKeys).toEqual(['current_loan']);
    await first.agent.get(`/e/${key}/scenario`).expect(200);
    const screen = (await first.agent.get(`/e/${key}/screen`).expect(200)).text;
    expect(amountFieldValueOf(screen)).toBe({ control: '', 'low-anchor': '2.500', 'high-anchor': '25.000' }[stored!.arm!]);
    expect((await store.findParticipant(key, 'p1'))?.exposedAt).not.toBeNull();
    // The other stratum has its own blocks.
    const second = await consent(app, 'p2');
    await answer(second, 'yes');
    expect((await store.findParticipant(key, 'p2'))?.block).toEqual({ stratum: 'yes', blockIndex: 0, position: 0 });
  });

  it('refuses an answer outside the options (400, naming the question) and draws nothing', async () => {
    const { app, store } = createTestApp({ files });
    const participant = await consent(app, 'p1');
    for (const value of ['maybe', '']) {
      const page = await participant.agent.post(`/e/${key}/before-screen`).type('form').send({ _csrf: participant.csrf, q_current_loan: value }).expect(400);
      expect(page.text).toContain('Heeft u op dit moment een lening of doorlopend krediet?');
      expect(page.text).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(await store.findParticipant(key, 'p1')).toMatchObject({ arm: null, block: null, answeredQuestionKeys: [] });
    await answer(await consent(app, 'p2'), 'no');
    expect((await store.findParticipant(key, 'p2'))?.block).toEqual({ stratum: 'no', blockIndex: 0, position: 0 });
  });

  it('keeps the arm sticky: a repeated answer, another tab with another answer and a return by link draw nothing new', async () => {
    const { app, store } = createTestApp({ files });
    const participant = await consent(app, 'p1');
    await answer(participant, 'no');
    const first = await store.findParticipant(key, 'p1');
    // A reload of the form's answer, and a second tab (same browser) answering the other way: both go on, nothing moves.
    await participant.agent.post(`/e/${key}/before-screen`).type('form').send({ _csrf: participant.csrf, q_current_loan: 'no' }).expect(303).expect('location', `/e/${key}/scenario`);
    await participant.agent.post(`/e/${key}/before-screen`).type('form').send({ _csrf: participant.csrf, q_current_loan: 'yes' }).expect(303).expect('location', `/e/${key}/scenario`);
    await participant.agent.get(`/e/${key}/before-screen`).expect(303).expect('location', `/e/${key}/scenario`);
    // Returning by the link, and consenting again from a consent page kept open.
    await participant.agent.get(`/e/${key}?pid=p1`).expect(303).expect('location', `/e/${key}/scenario`);
    await participant.agent.post(`/e/${key}/consent`).type('form').send({ _csrf: participant.csrf, choice: 'accept', pid: 'p1', lang: 'nl' }).expect(303).expect('location', `/e/${key}/scenario`);
    expect(await store.findParticipant(key, 'p1')).toMatchObject({ arm: first!.arm, block: first!.block });
    // The next participant of the stratum takes the next position: p1 took exactly one.
    await answer(await consent(app, 'p2'), 'no');
    expect((await store.findParticipant(key, 'p2'))?.block).toEqual({ stratum: 'no', blockIndex: 0, position: 1 });
    expect((await store.findParticipant(key, 'p1'))?.block).toEqual(first!.block);
  });

  it('sends a returning participant who has not answered straight to the before-screen page, in the link’s browser', async () => {
    const { app } = createTestApp({ files });
    const participant = await consent(app, 'p1');
    await participant.agent.get(`/e/${key}?pid=p1`).expect(303).expect('location', `/e/${key}/before-screen`);
    // The same for a hashed experiment with before-screen questions (credit-choice): not the scenario first.
    const agent = request.agent(app);
    const csrf = csrfTokenOf((await agent.get('/e/credit-choice?pid=c1').expect(200)).text);
    await agent.post('/e/credit-choice/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: 'c1', lang: 'nl' }).expect(303).expect('location', '/e/credit-choice/before-screen');
    await agent.get('/e/credit-choice?pid=c1').expect(303).expect('location', '/e/credit-choice/before-screen');
  });

  it('gives no place in a block to someone who consented but never answered', async () => {
    const { app, store } = createTestApp({ files });
    await consent(app, 'silent-1');
    await consent(app, 'silent-2');
    for (let index = 0; index < 7; index += 1) await answer(await consent(app, `p${index}`), 'yes');
    for (let index = 0; index < 7; index += 1) {
      const stored = await store.findParticipant(key, `p${index}`);
      expect(stored?.block).toEqual({ stratum: 'yes', blockIndex: Math.floor(index / 6), position: index % 6 });
      expect(stored?.arm).toBe(armAt('yes', Math.floor(index / 6), index % 6));
    }
    const firstBlock = await Promise.all([0, 1, 2, 3, 4, 5].map(async (index) => (await store.findParticipant(key, `p${index}`))!.arm));
    expect(firstBlock.sort()).toEqual(['control', 'control', 'high-anchor', 'high-anchor', 'low-anchor', 'low-anchor']);
    expect(await store.findParticipant(key, 'silent-1')).toMatchObject({ arm: null, block: null });
  });

  it('fills the export’s stratum, block_number and answer columns, leaves out who has no arm, and shows the block check', async () => {
    const { app, store } = createTestApp({ files });
    await store.createUser({ username: 'ada', role: 'admin', passwordHash: await hashPassword('admin-password-long'), createdAt: new Date() });
    const admin = request.agent(app);
    const csrf = csrfTokenOf((await admin.get('/admin/login')).text);
    await admin.post('/admin/login').type('form').send({ _csrf: csrf, username: 'ada', password: 'admin-password-long' }).expect(303);
    for (let index = 0; index < 8; index += 1) await answer(await consent(app, `p${index}`), index < 6 ? 'no' : 'yes');
    await consent(app, 'never-answered');
    const [header, ...rows] = parse((await admin.get(`/api/v1/experiments/${key}/export.csv`).expect(200)).text) as string[][];
    const records = rows.map((row) => Object.fromEntries(header!.map((name, index) => [name, row[index]!])));
    expect(records.map((record) => record.participant_id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    expect(records.map((record) => [record.stratum, record.block_number, record.q_current_loan])).toEqual([
      ...Array.from({ length: 6 }, () => ['no', '1', 'no']),
      ['yes', '1', 'yes'],
      ['yes', '1', 'yes'],
    ]);
    for (const [index, record] of records.entries()) expect(record.arm).toBe(armAt(index < 6 ? 'no' : 'yes', 0, index < 6 ? index : index - 6));
    const codebook = (await admin.get(`/api/v1/experiments/${key}/codebook.json`).expect(200)).body as { columns: { name: string; meaning: string; allowedValues?: string[] }[] };
    expect(codebook.columns.find((column) => column.name === 'stratum')).toMatchObject({ allowedValues: ['yes', 'no'] });
    expect(codebook.columns.find((column) => column.name === 'stratum')!.meaning).toContain('before-screen question current_loan');
    const results = (await admin.get(`/api/v1/experiments/${key}/results`).expect(200)).body;
    expect(results.srm).toMatchObject({ method: 'permuted-blocks', ok: true, summary: 'balanced by design (permuted blocks of 6)' });
    expect(results.srm.strata).toEqual([
      { stratum: 'no', participants: 6, observed: { control: 2, 'low-anchor': 2, 'high-anchor': 2 }, completeBlocks: 1, incompleteBlocks: 0, ok: true },
      { stratum: 'yes', participants: 2, observed: expect.any(Object), completeBlocks: 0, incompleteBlocks: 1, ok: true },
    ]);
    // The panel link carries no stratum: the answer comes after consent; the card counts who has not answered yet.
    const card = (await admin.get('/admin').expect(200)).text.split(`data-experiment="${key}"`)[1]!;
    expect(card).toContain(`/e/${key}?pid={PANEL_ID}&amp;lang=nl`);
    expect(card).toMatch(/data-awaiting-arm="1">Consented without an arm yet \(the stratum question <code>current_loan<\/code> is not answered/);
    expect(card).toMatch(/<td data-step="entered">\s*8/);
    const late = await consent(app, 'late');
    expect((await admin.get('/admin').expect(200)).text.split(`data-experiment="${key}"`)[1]).toContain('data-awaiting-arm="2"');
    await answer(late, 'yes');
    expect((await admin.get('/admin').expect(200)).text.split(`data-experiment="${key}"`)[1]).toContain('data-awaiting-arm="1"');
    // Other designs show no such line.
    expect((await admin.get('/admin').expect(200)).text.split('data-experiment="loan-anchor"')[1]!.split('data-experiment=')[0]).not.toContain('data-awaiting-arm');
  });
});

describe('the lender API on a design stratified by a before-screen answer', () => {
  async function lender() {
    const testApp = createTestApp({ files });
    const { secret } = await createApiKey(testApp.store, { name: 'Lender', experiments: null });
    const assign = (body: Record<string, unknown>) => request(testApp.app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: key, ...body });
    return { ...testApp, assign };
  }

  it('takes the visitor’s answer as `stratum` (one of the question’s options) and draws from the same blocks as the pages', async () => {
    const { app, store, assign } = await lender();
    await answer(await consent(app, 'panel-1'), 'yes');
    const variants: string[] = [];
    for (let index = 0; index < 5; index += 1) variants.push((await assign({ unitId: `visitor-${index}`, stratum: 'yes' }).expect(200)).body.variant);
    expect([(await store.findParticipant(key, 'panel-1'))!.arm, ...variants]).toEqual(permutedBlock(design, { blockSize: 6, stratum: 'yes', blockIndex: 0 }));
    expect((await assign({ unitId: 'visitor-3' }).expect(200)).body.variant).toBe(variants[3]);
    expect((await assign({ unitId: 'visitor-3', stratum: 'no' }).expect(200)).body.variant).toBe(variants[3]);
    expect((await store.findParticipant(key, 'visitor-3'))?.block).toEqual({ stratum: 'yes', blockIndex: 0, position: 4 });
  });

  it('answers a newcomer without a valid stratum with 400 naming the options', async () => {
    const { assign, store } = await lender();
    expect((await assign({ unitId: 'visitor-1' }).expect(400)).body.problems).toEqual([`stratum: required for experiment "${key}"; one of yes, no`]);
    expect((await assign({ unitId: 'visitor-1', stratum: 'maybe' }).expect(400)).body.problems).toEqual([`stratum: unknown for experiment "${key}"; one of yes, no`]);
    expect(await store.findParticipant(key, 'visitor-1')).toBeUndefined();
  });

  it('refuses (409) the id of a panel participant who has consented but not answered, assigning nothing', async () => {
    const { app, store, assign } = await lender();
    await consent(app, 'panel-1');
    await assign({ unitId: 'panel-1', stratum: 'yes' }).expect(409);
    expect(await store.findParticipant(key, 'panel-1')).toMatchObject({ arm: null, block: null });
  });
});

describe('a design changed from a before-screen stratum to an entry-link stratum', () => {
  /** The cookie header a browser would send after these answers (later cookies replace earlier ones of the same name). */
  const cookieHeader = (...answers: { headers: Record<string, unknown> }[]) => {
    const jar = new Map<string, string>();
    for (const answer of answers) for (const line of (answer.headers['set-cookie'] as string[] | undefined) ?? []) jar.set(line.split('=')[0]!, line.split(';')[0]!);
    return [...jar.values()].join('; ');
  };

  it('tells a participant who consented without an arm that the study changed (409 in their language), not "try again" on every attempt', async () => {
    const before = createTestApp({ files });
    const entry = await request(before.app).get(`/e/${key}?pid=p1`).expect(200);
    const consented = await request(before.app).post(`/e/${key}/consent`).set('cookie', cookieHeader(entry)).type('form').send({ _csrf: csrfTokenOf(entry.text), choice: 'accept', pid: 'p1', lang: 'nl' }).expect(303);
    const cookies = cookieHeader(entry, consented);
    // The same store, now under a definition that takes the stratum from the link, which p1's link never carried.
    const entryStrata = { ...labAnchorByAnswerFile, definition: { ...(labAnchorByAnswerFile.definition as object), randomisation: { method: 'permuted-blocks' as const, blockSize: 6, stratum: { from: 'entry-parameter' as const, name: 'stratum', levels: ['low', 'high'] } } } };
    const after = createTestApp({ files: [...experimentRegistry, entryStrata], store: before.store });
    const shown = await request(after.app).get(`/e/${key}/before-screen`).set('cookie', cookies).expect(409);
    const answered = await request(after.app).post(`/e/${key}/before-screen`).set('cookie', cookies).type('form').send({ _csrf: csrfTokenOf(entry.text), q_current_loan: 'no' }).expect(409);
    for (const page of [shown.text, answered.text]) {
      expect(page).toContain('Dit onderzoek is gewijzigd nadat u begon, waardoor het hier niet verder kan.');
      expect(page).not.toContain('probeer het opnieuw');
    }
    expect(await before.store.findParticipant(key, 'p1')).toMatchObject({ arm: null, block: null });
  });
});
