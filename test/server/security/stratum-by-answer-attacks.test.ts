import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { hashPassword } from '../../../server/admin/password-hash';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { labAnchorByAnswerFile, labAnchorFile } from '../../helpers/block-experiment';
import { createTestApp, csrfTokenOf, validAnswers } from '../../helpers/test-app';
import { testTrafficLink } from '../../../server/test-traffic/test-traffic-token';

const files = [...experimentRegistry, labAnchorByAnswerFile];
const key = 'lab-anchor-by-answer';
const stackTrace = /at .*\.(ts|js):\d+|Error: /;

type App = Parameters<typeof request.agent>[0];

/** Enters by the link (in `lang`) and consents; the participant is now enrolled without an arm. */
async function consentWithoutArm(app: App, pid: string, lang: 'nl' | 'en' = 'nl') {
  const agent = request.agent(app);
  const csrf = csrfTokenOf((await agent.get(`/e/${key}?pid=${pid}&lang=${lang}`).expect(200)).text);
  await agent.post(`/e/${key}/consent`).type('form').send({ _csrf: csrf, choice: 'accept', pid, lang }).expect(303).expect('location', `/e/${key}/before-screen`);
  return { agent, csrf };
}

/** Signs in an admin and returns the agent and its CSRF token. */
async function signedInAdmin(app: App, store: ReturnType<typeof createTestApp>['store']) {
  await store.createUser({ username: 'ada', role: 'admin', passwordHash: await hashPassword('admin-password-long'), createdAt: new Date() });
  const admin = request.agent(app);
  const csrf = csrfTokenOf((await admin.get('/admin/login')).text);
  await admin.post('/admin/login').type('form').send({ _csrf: csrf, username: 'ada', password: 'admin-password-long' }).expect(303);
  return { admin, csrf: csrfTokenOf((await admin.get('/admin').expect(200)).text) };
}

describe('a participant consented without an arm (stratum from a before-screen answer), attacked on every participant route', () => {
  it('is sent to the before-screen page from the scenario, the screen, the questionnaire and the debrief, by GET and POST, with nothing stored', async () => {
    const { app, store } = createTestApp({ files });
    const { agent, csrf } = await consentWithoutArm(app, 'p1');
    for (const step of ['scenario', 'screen', 'questionnaire', 'debrief']) {
      await agent.get(`/e/${key}/${step}`).expect(303).expect('location', `/e/${key}/before-screen`);
    }
    await agent.post(`/e/${key}/screen`).type('form').send({ _csrf: csrf, amount: '5000', term: '60', processData: '{}' }).expect(303).expect('location', `/e/${key}/before-screen`);
    await agent.post(`/e/${key}/questionnaire`).type('form').send({ _csrf: csrf, q_current_loan: 'yes', q_attention_check: 'orange' }).expect(303).expect('location', `/e/${key}/before-screen`);
    expect(await store.findParticipant(key, 'p1')).toMatchObject({ arm: null, block: null, exposedAt: null, decision: null, completion: null, answeredQuestionKeys: [] });
  });

  it('refuses a before-screen answer without the CSRF token (403, friendly) and draws nothing', async () => {
    const { app, store } = createTestApp({ files });
    const { agent } = await consentWithoutArm(app, 'p1');
    for (const token of [undefined, 'forged-token']) {
      const page = await agent.post(`/e/${key}/before-screen`).type('form').send({ ...(token ? { _csrf: token } : {}), q_current_loan: 'yes' }).expect(403);
      expect(page.text).not.toMatch(stackTrace);
    }
    expect(await store.findParticipant(key, 'p1')).toMatchObject({ arm: null, block: null, answeredQuestionKeys: [] });
  });

  it('answers a before-screen post without a participant cookie, or with a forged one, with the friendly "open the link again" page', async () => {
    const { app, store } = createTestApp({ files });
    await consentWithoutArm(app, 'p1');
    const stranger = request.agent(app);
    const csrf = csrfTokenOf((await stranger.get(`/e/${key}?lang=en`).expect(200)).text);
    const page = await stranger.post(`/e/${key}/before-screen`).type('form').send({ _csrf: csrf, q_current_loan: 'yes' }).expect(403);
    expect(page.text).not.toMatch(stackTrace);
    const forged = await stranger.post(`/e/${key}/before-screen`).set('cookie', `nudgelab_participant_${key}=p1`).type('form').send({ _csrf: csrf, q_current_loan: 'yes' });
    expect([403]).toContain(forged.status);
    expect(forged.text).not.toMatch(stackTrace);
    expect(await store.findParticipant(key, 'p1')).toMatchObject({ arm: null, block: null });
  });

  it('ignores a forged stratum field: the arm comes from the answer, and a stratum on the consent form enrols nobody in a block', async () => {
    const { app, store } = createTestApp({ files });
    const agent = request.agent(app);
    const csrf = csrfTokenOf((await agent.get(`/e/${key}?pid=p1&stratum=no`).expect(200)).text);
    await agent.post(`/e/${key}/consent`).type('form').send({ _csrf: csrf, choice: 'accept', pid: 'p1', lang: 'nl', stratum: 'no' }).expect(303).expect('location', `/e/${key}/before-screen`);
    expect(await store.findParticipant(key, 'p1')).toMatchObject({ arm: null, block: null });
    await agent.post(`/e/${key}/before-screen`).type('form').send({ _csrf: csrf, q_current_loan: 'yes', stratum: 'no', arm: 'high-anchor' }).expect(303).expect('location', `/e/${key}/scenario`);
    expect((await store.findParticipant(key, 'p1'))?.block).toEqual({ stratum: 'yes', blockIndex: 0, position: 0 });
  });

  it('refuses malformed answers (arrays, objects, overlong, another question’s value) with the page again (400) in the participant’s language', async () => {
    const { app, store } = createTestApp({ files });
    for (const lang of ['nl', 'en'] as const) {
      const { agent, csrf } = await consentWithoutArm(app, `p-${lang}`, lang);
      const question = lang === 'nl' ? 'Heeft u op dit moment een lening of doorlopend krediet?' : 'Do you have a loan or revolving credit at the moment?';
      for (const body of ['q_current_loan=yes&q_current_loan=no', 'q_current_loan[x]=yes', `q_current_loan=${'y'.repeat(5000)}`, 'q_current_loan=%00yes', 'q_current_loan=Yes', 'q_current_loan=']) {
        const page = await agent.post(`/e/${key}/before-screen`).type('form').send(`_csrf=${encodeURIComponent(csrf)}&${body}`).expect(400);
        expect(page.text).toContain(question);
        expect(page.text).not.toMatch(stackTrace);
      }
      const json = await agent.post(`/e/${key}/before-screen`).set('content-type', 'application/json').send(JSON.stringify({ _csrf: csrf, q_current_loan: ['yes'] }));
      expect([400, 403, 415]).toContain(json.status);
      expect(json.text).not.toMatch(stackTrace);
      expect(await store.findParticipant(key, `p-${lang}`)).toMatchObject({ arm: null, block: null, answeredQuestionKeys: [] });
    }
  });

  it('draws one arm and one block position for answers posted many times at once, the other way too, and stores the answer of the stratum drawn', async () => {
    const { app, store } = createTestApp({ files });
    const { agent, csrf } = await consentWithoutArm(app, 'p1');
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) => agent.post(`/e/${key}/before-screen`).type('form').send({ _csrf: csrf, q_current_loan: index % 2 === 0 ? 'yes' : 'no' })),
    );
    for (const response of responses) expect(response.status).toBe(303);
    const stored = (await store.findParticipant(key, 'p1'))!;
    expect(stored.block).toMatchObject({ blockIndex: 0, position: 0 });
    const rows = [];
    for await (const row of store.streamParticipantRows(key)) rows.push(row);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.answers.current_loan?.answer).toBe(stored.block!.stratum);
    // The next participant of either stratum takes position 0 or 1: exactly one position was taken.
    const next = await consentWithoutArm(app, 'p2');
    await next.agent.post(`/e/${key}/before-screen`).type('form').send({ _csrf: next.csrf, q_current_loan: stored.block!.stratum }).expect(303);
    expect((await store.findParticipant(key, 'p2'))?.block).toMatchObject({ blockIndex: 0, position: 1 });
  });

  it('sends a returning participant without an arm (by link, with another language, or consenting again) to the before-screen page in their language, drawing nothing', async () => {
    const { app, store } = createTestApp({ files });
    const { agent, csrf } = await consentWithoutArm(app, 'p1', 'en');
    await agent.get(`/e/${key}?pid=p1&lang=nl`).expect(303).expect('location', `/e/${key}/before-screen`);
    await agent.get(`/e/${key}?lang=nl`).expect(303).expect('location', `/e/${key}/before-screen`);
    await agent.post(`/e/${key}/consent`).type('form').send({ _csrf: csrf, choice: 'accept', pid: 'p1', lang: 'nl' }).expect(303).expect('location', `/e/${key}/before-screen`);
    const page = (await agent.get(`/e/${key}/before-screen`).expect(200)).text;
    expect(page).toContain('Do you have a loan or revolving credit at the moment?');
    // The same panel id from another browser is turned away politely, assigning nothing.
    const other = request.agent(app);
    const otherPage = await other.get(`/e/${key}?pid=p1`);
    expect(otherPage.status).toBeLessThan(500);
    expect(otherPage.text).not.toMatch(stackTrace);
    expect(await store.findParticipant(key, 'p1')).toMatchObject({ arm: null, block: null });
  });
});

describe('the lender API and the admin side with participants who have no arm yet', () => {
  /** Six participants who answered and decided, and two who consented without answering (one of them test traffic). */
  async function dataWithParticipantsAwaitingArm() {
    const testApp = createTestApp({ files });
    const { app } = testApp;
    for (let index = 0; index < 6; index += 1) {
      const { agent, csrf } = await consentWithoutArm(app, `p${index}`);
      await agent.post(`/e/${key}/before-screen`).type('form').send({ _csrf: csrf, q_current_loan: index % 2 === 0 ? 'yes' : 'no' }).expect(303);
      await agent.get(`/e/${key}/screen`).expect(200);
      await agent.post(`/e/${key}/screen`).type('form').send({ _csrf: csrf, amount: '5000', term: '60' }).expect(303);
    }
    await consentWithoutArm(app, 'awaiting-1');
    await consentWithoutArm(app, 'awaiting-2');
    return testApp;
  }

  it('refuses lender events for a unit that has no arm yet (422 naming it), storing nothing, and an assignment for it (409)', async () => {
    const { app, store } = await dataWithParticipantsAwaitingArm();
    const { secret } = await createApiKey(store, { name: 'Lender', experiments: null });
    const events = await request(app).post('/api/v1/events').set('authorization', `Bearer ${secret}`).send({ experiment: key, unitId: 'awaiting-1', name: 'application_submitted', value: true });
    expect(events.status).toBeLessThan(500);
    expect(events.status).toBeGreaterThanOrEqual(400);
    expect(events.body.error).toMatch(/awaiting-1/);
    await request(app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: key, unitId: 'awaiting-1', stratum: 'yes' }).expect(409);
    expect(await store.findParticipant(key, 'awaiting-1')).toMatchObject({ arm: null, block: null });
  });

  it('answers a malformed stratum from the lender API with 400 naming the field, enrolling nobody', async () => {
    const { app, store } = createTestApp({ files });
    const { secret } = await createApiKey(store, { name: 'Lender', experiments: null });
    for (const stratum of [['yes'], { yes: true }, 1, true, 'y'.repeat(201), 'YES', ' yes']) {
      const response = await request(app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: key, unitId: 'visitor-1', stratum });
      expect(response.status).toBe(400);
      expect(response.body.problems.join(' ')).toMatch(/stratum/);
    }
    expect(await store.findParticipant(key, 'visitor-1')).toBeUndefined();
  });

  it('serves the dashboard, results page and JSON, exports, codebooks, charts and the replication package without a 500 or a row without an arm', async () => {
    const { app, store } = await dataWithParticipantsAwaitingArm();
    const { admin } = await signedInAdmin(app, store);
    await admin.get('/admin').expect(200);
    const resultsPage = await admin.get(`/admin/experiments/${key}/results`).expect(200);
    expect(resultsPage.text).not.toMatch(stackTrace);
    const results = (await admin.get(`/api/v1/experiments/${key}/results`).expect(200)).body;
    expect(JSON.stringify(results)).not.toContain('"arm":null');
    const csv = (await admin.get(`/api/v1/experiments/${key}/export.csv`).expect(200)).text;
    expect(csv).not.toMatch(/awaiting-/);
    expect(csv.trim().split('\n')).toHaveLength(7);
    const events = (await admin.get(`/api/v1/experiments/${key}/process-events.csv`).expect(200)).text;
    expect(events).not.toMatch(/awaiting-/);
    await admin.get(`/api/v1/experiments/${key}/codebook.json`).expect(200);
    await admin.get(`/admin/experiments/${key}/codebook`).expect(200);
    const chartLinks = [...resultsPage.text.matchAll(/href="(\/admin\/experiments\/[^"]+\/charts\/[^"]+)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'));
    for (const link of chartLinks) expect((await admin.get(link)).status).toBe(200);
    await admin.get(`/admin/experiments/${key}/replication-package.tar.gz`).buffer(true).expect(200);
  });

  it('says on the results page, near the participant flow, how many consented without an arm yet', async () => {
    const { app, store } = await dataWithParticipantsAwaitingArm();
    const { admin } = await signedInAdmin(app, store);
    const page = (await admin.get(`/admin/experiments/${key}/results`).expect(200)).text;
    expect(page).toMatch(/data-awaiting-arm="2"[^>]*>[^<]*2 consented without an arm yet/);
    const other = (await admin.get('/admin/experiments/loan-anchor/results').expect(200)).text;
    expect(other).not.toContain('data-awaiting-arm');
  });

  it('releases the link of a participant without an arm (who then answers in the new browser) and erases another, from the admin pages', async () => {
    const { app, store } = await dataWithParticipantsAwaitingArm();
    const { admin, csrf } = await signedInAdmin(app, store);
    const released = await admin.post('/admin/participants/release').type('form').send({ _csrf: csrf, participantId: 'awaiting-1', experiment: key });
    expect(released.status).toBeLessThan(400);
    const newBrowser = request.agent(app);
    await newBrowser.get(`/e/${key}?pid=awaiting-1`).expect(303).expect('location', `/e/${key}/before-screen`);
    const page = (await newBrowser.get(`/e/${key}/before-screen`).expect(200)).text;
    await newBrowser.post(`/e/${key}/before-screen`).type('form').send({ _csrf: csrfTokenOf(page), q_current_loan: 'no' }).expect(303).expect('location', `/e/${key}/scenario`);
    expect((await store.findParticipant(key, 'awaiting-1'))?.block).toMatchObject({ stratum: 'no', blockIndex: 0, position: 3 });
    const confirm = (await admin.get('/admin/participants/erase/confirm').query({ participantId: 'awaiting-2', experiment: key }).expect(200)).text;
    expect(confirm).toMatch(new RegExp(`data-found-in>${key}<`));
    await admin.post('/admin/participants/erase').type('form').send({ _csrf: csrf, participantId: 'awaiting-2', experiment: key, confirm: 'yes' }).expect(303);
    expect(await store.findParticipant(key, 'awaiting-2')).toBeUndefined();
    expect(await store.countParticipantsAwaitingArm(key)).toBe(0);
  });
});

describe('a lender assignment racing a panel consent for the same id', () => {
  it('answers 409, not a 500, when the panel participant enrols without an arm just before the API’s enrolment', async () => {
    const { app, store } = createTestApp({ files });
    const { secret } = await createApiKey(store, { name: 'Lender', experiments: null });
    // The interleaving of the race, made certain: the panel participant consents right before the API enrols the id.
    const enrol = store.enrolParticipant.bind(store);
    let consented: Promise<unknown> | undefined;
    store.enrolParticipant = async (participant) => {
      if (participant.participantId === 'shared-id' && !consented) {
        consented = consentWithoutArm(app, 'shared-id');
        await consented;
      }
      return enrol(participant);
    };
    const response = await request(app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: key, unitId: 'shared-id', stratum: 'yes' });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatch(/shared-id.*participant pages/);
    expect(await store.findParticipant(key, 'shared-id')).toMatchObject({ arm: null, block: null, assignedByApiKeyId: null });
  });
});

describe('a panel consent racing a lender assignment for the same id', () => {
  it('shows the "link already used" page (409) and binds no browser to the lender’s unit when the API enrols it between the consent’s check and its enrolment', async () => {
    const { app, store } = createTestApp({ files });
    const { secret } = await createApiKey(store, { name: 'Lender', experiments: null });
    const agent = request.agent(app);
    const csrf = csrfTokenOf((await agent.get(`/e/${key}?pid=shared-id`).expect(200)).text);
    // The consent's check is its read of the participant (none yet); the lender's assignment lands right after it.
    const lookUp = store.findParticipant.bind(store);
    let assigned = false;
    store.findParticipant = async (experimentKey, participantId) => {
      const participant = await lookUp(experimentKey, participantId);
      if (participantId === 'shared-id' && !assigned) {
        assigned = true;
        await request(app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: key, unitId: 'shared-id', stratum: 'yes' }).expect(200);
      }
      return participant;
    };
    const consented = await agent.post(`/e/${key}/consent`).type('form').send({ _csrf: csrf, choice: 'accept', pid: 'shared-id', lang: 'nl' });
    expect(consented.status).toBe(409);
    expect(consented.text).not.toMatch(stackTrace);
    // The browser holds no participation: the before-screen page does not open the lender's unit to it.
    await agent.get(`/e/${key}/before-screen`).expect(403);
    expect(await store.findParticipant(key, 'shared-id')).toMatchObject({ answeredQuestionKeys: [], block: { stratum: 'yes', blockIndex: 0, position: 0 } });
  });
});

describe('an erasure racing the before-screen answers', () => {
  it('shows the friendly "open the link again" page (403), not a 500, when the participant is erased between reading them and storing the answers', async () => {
    const { app, store } = createTestApp({ files });
    const { agent, csrf } = await consentWithoutArm(app, 'p1', 'en');
    const record = store.recordAnswers.bind(store);
    store.recordAnswers = async (...parameters) => {
      await store.eraseParticipant('p1', key);
      return record(...parameters);
    };
    const page = await agent.post(`/e/${key}/before-screen`).type('form').send({ _csrf: csrf, q_current_loan: 'yes' });
    expect(page.status).toBe(403);
    expect(page.text).toContain('Please open the study link again');
    expect(await store.findParticipant(key, 'p1')).toBeUndefined();
  });

  it('does the same for the answers after the screen', async () => {
    const { app, store, experiments } = createTestApp({ files });
    const { agent, csrf } = await consentWithoutArm(app, 'p1');
    await agent.post(`/e/${key}/before-screen`).type('form').send({ _csrf: csrf, q_current_loan: 'no' }).expect(303);
    await agent.get(`/e/${key}/screen`).expect(200);
    await agent.post(`/e/${key}/screen`).type('form').send({ _csrf: csrf, amount: '5000', term: '60' }).expect(303).expect('location', `/e/${key}/questionnaire`);
    const record = store.recordAnswers.bind(store);
    store.recordAnswers = async (...parameters) => {
      await store.eraseParticipant('p1', key);
      return record(...parameters);
    };
    const arm = (await store.findParticipant(key, 'p1'))!.arm!;
    const afterScreen = experiments.get(key)!.definition.questionnaire.filter((question) => question.timing !== 'before-screen');
    const page = await agent.post(`/e/${key}/questionnaire`).type('form').send({ _csrf: csrf, ...validAnswers(afterScreen, arm) });
    expect(page.status).toBe(403);
    expect(page.text).toContain('Open de link van het onderzoek opnieuw.');
  });
});

describe('a participant cookie carried over from another experiment', () => {
  it('does not let someone answer (and so draw the arm) for another browser’s participant by signing their id in another experiment', async () => {
    const { app, store } = createTestApp({ files });
    await consentWithoutArm(app, 'victim');
    // The attacker enters another experiment (unsigned links) with the victim's panel id, and gets a cookie signed for that id there.
    const attacker = request.agent(app);
    const csrf = csrfTokenOf((await attacker.get('/e/loan-anchor?pid=victim').expect(200)).text);
    const consented = await attacker.post('/e/loan-anchor/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: 'victim', lang: 'nl' }).expect(303);
    const signedId = String(consented.headers['set-cookie']).match(/nudgelab_p_loan-anchor=([^;]+)/)![1]!;
    const csrfCookie = String((await request(app).get(`/e/${key}`)).headers['set-cookie']).match(/nudgelab_csrf=([^;]+)/)![0];
    const page = await request(app).get(`/e/${key}`).set('cookie', csrfCookie);
    const transplanted = `nudgelab_p_${key}=${signedId}; ${csrfCookie}`;
    const answered = await request(app).post(`/e/${key}/before-screen`).set('cookie', transplanted).type('form').send({ _csrf: csrfTokenOf(page.text), q_current_loan: 'yes' });
    expect(answered.status).toBe(403);
    expect(await store.findParticipant(key, 'victim')).toMatchObject({ arm: null, block: null, answeredQuestionKeys: [] });
    await request(app).get(`/e/${key}/before-screen`).set('cookie', transplanted).expect(403);
  });
});

describe('test traffic on a design stratified by a before-screen answer', () => {
  it('takes no position in the blocks real participants are drawn from', async () => {
    const { app, store } = createTestApp({ files });
    const tester = request.agent(app);
    const link = testTrafficLink('test-secret-that-is-long-enough-0123456789', key);
    const csrf = csrfTokenOf((await tester.get(`${link}&pid=tester-1`).expect(200)).text);
    await tester.post(`/e/${key}/consent`).type('form').send({ _csrf: csrf, choice: 'accept', pid: 'tester-1', lang: 'nl' }).expect(303);
    await tester.post(`/e/${key}/before-screen`).type('form').send({ _csrf: csrf, q_current_loan: 'yes' }).expect(303);
    expect(await store.countTestParticipants(key)).toBe(1);
    const real = await consentWithoutArm(app, 'real-1');
    await real.agent.post(`/e/${key}/before-screen`).type('form').send({ _csrf: real.csrf, q_current_loan: 'yes' }).expect(303);
    expect((await store.findParticipant(key, 'real-1'))?.block).toEqual({ stratum: 'yes', blockIndex: 0, position: 0 });
  });

  it('nor, under strata from the entry link, at consent', async () => {
    const { app, store } = createTestApp({ files: [...experimentRegistry, labAnchorFile] });
    const tester = request.agent(app);
    const link = testTrafficLink('test-secret-that-is-long-enough-0123456789', 'lab-anchor');
    const csrf = csrfTokenOf((await tester.get(`${link}&pid=tester-1&stratum=low`).expect(200)).text);
    await tester.post('/e/lab-anchor/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: 'tester-1', lang: 'nl', stratum: 'low' }).expect(303);
    expect((await store.findParticipant('lab-anchor', 'tester-1'))?.block).toEqual({ stratum: 'low', blockIndex: 0, position: 0 });
    const real = request.agent(app);
    const realCsrf = csrfTokenOf((await real.get('/e/lab-anchor?pid=real-1&stratum=low').expect(200)).text);
    await real.post('/e/lab-anchor/consent').type('form').send({ _csrf: realCsrf, choice: 'accept', pid: 'real-1', lang: 'nl', stratum: 'low' }).expect(303);
    expect((await store.findParticipant('lab-anchor', 'real-1'))?.block).toEqual({ stratum: 'low', blockIndex: 0, position: 0 });
  });
});
