import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loanAnchor } from '../../../experiments/loan-anchor';
import { assignArm } from '../../../server/assignment/assign-arm';
import { idInArm } from '../../helpers/ids-in-arm';
import { amountFieldValueOf, answerQuestionnaire, consentedParticipant, createTestApp, csrfTokenOf, withPlainSpaces } from '../../helpers/test-app';
import { countConsentDeclines, listDecisions } from '../../helpers/store-reads';

const prefillByArm: Record<string, string> = { control: '', 'low-anchor': '2.500', 'high-anchor': '25.000' };

/** A panel id that GrowthBook puts in the arm. */
const pidFor = (arm: string): string => idInArm(createTestApp().experiments.get('loan-anchor')!.definition, arm, 'arm-probe');

describe('participant flow', () => {
  it.each(Object.keys(prefillByArm))('walks the %s arm from entry to debrief and stores one decision', async (arm) => {
    const { app, store, experiments } = createTestApp();
    const pid = pidFor(arm);
    const { agent, csrf } = await consentedParticipant(app, 'loan-anchor', pid);

    const scenario = await agent.get('/e/loan-anchor/scenario').expect(200);
    expect(scenario.text).toContain('€6.000 tot €9.000');

    const screen = await agent.get('/e/loan-anchor/screen').expect(200);
    expect(screen.text).toContain('Let op! Geld lenen kost geld');
    expect(amountFieldValueOf(screen.text)).toBe(prefillByArm[arm]);
    expect(screen.text.match(/type="radio" name="term" value="(\d+)"/g)).toHaveLength(3);

    await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: '7.500', term: '60' }).expect(303).expect('location', '/e/loan-anchor/questionnaire');
    await answerQuestionnaire(agent, csrf, experiments.get('loan-anchor')!, arm);
    const debrief = withPlainSpaces((await agent.get('/e/loan-anchor/debrief').expect(200)).text);
    expect(debrief).toContain('€ 150,74');
    expect(debrief).toContain('€ 9.044,39');
    expect(debrief).toMatch(/data-testid="completion-code">[0-9A-F]{12}</);

    const stored = await store.findParticipant('loan-anchor', pid);
    expect(stored).toMatchObject({ arm, panelId: pid, locale: 'nl', decision: { values: { amount: 7500, term: 60 } } });
    expect(stored?.decision?.keptDefault).toBe(arm === 'control' ? null : false);
    expect(stored?.exposedAt).toBeInstanceOf(Date);
    expect(await store.countByArm('loan-anchor')).toEqual([{ arm, entered: 1, exposed: 1, decided: 1, completed: 1 }]);
  });

  it('shows every pid the pre-filled amount of the arm GrowthBook gives it', async () => {
    const { app } = createTestApp();
    for (let index = 0; index < 15; index += 1) {
      const pid = `check-${index}`;
      const { agent } = await consentedParticipant(app, 'loan-anchor', pid);
      const screen = await agent.get('/e/loan-anchor/screen').expect(200);
      const arm = assignArm(createTestApp().experiments.get('loan-anchor')!.definition, pid);
      expect(amountFieldValueOf(screen.text), pid).toBe(prefillByArm[arm]);
    }
  });

  it('records that keeping the pre-filled amount kept the default', async () => {
    const { app, store } = createTestApp();
    const pid = pidFor('low-anchor');
    const { agent, csrf } = await consentedParticipant(app, 'loan-anchor', pid);
    await agent.get('/e/loan-anchor/screen').expect(200);
    await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: '2500', term: '36' }).expect(303);
    expect((await store.findParticipant('loan-anchor', pid))?.decision?.keptDefault).toBe(true);
  });

  it('gives a participant without pid a generated UUID and no panel id', async () => {
    const { app, store } = createTestApp();
    const { agent, csrf } = await consentedParticipant(app, 'loan-anchor');
    await agent.get('/e/loan-anchor/screen').expect(200);
    await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: '8000', term: '84' }).expect(303);
    const [row] = await listDecisions(store, 'loan-anchor');
    expect(row?.participantId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await store.findParticipant('loan-anchor', row!.participantId))?.panelId).toBeNull();
  });

  it('stores nothing but the decline when consent is declined', async () => {
    const { app, store } = createTestApp();
    const agent = request.agent(app);
    const csrf = csrfTokenOf((await agent.get('/e/loan-anchor?pid=declines').expect(200)).text);
    const declined = await agent.post('/e/loan-anchor/consent').type('form').send({ _csrf: csrf, choice: 'decline', pid: 'declines' }).expect(200);
    expect(declined.text).toContain('niet mee te doen');
    expect(await store.findParticipant('loan-anchor', 'declines')).toBeUndefined();
    expect(await countConsentDeclines(store, 'loan-anchor')).toBe(1);
    await agent.get('/e/loan-anchor/screen').expect(403);
  });
});

describe('resuming', () => {
  it('sends a returning pid in the same browser to the step it reached, in the same arm; another browser is turned away', async () => {
    const { app } = createTestApp();
    const pid = pidFor('high-anchor');
    const { agent } = await consentedParticipant(app, 'loan-anchor', pid);
    await agent.get('/e/loan-anchor/screen').expect(200);

    await agent.get(`/e/loan-anchor?pid=${pid}`).expect(303).expect('location', '/e/loan-anchor/screen');
    const screen = await agent.get('/e/loan-anchor/screen').expect(200);
    expect(amountFieldValueOf(screen.text)).toBe('25.000');
    // A participation belongs to the browser that started it (issue #16): the same link elsewhere resumes nothing.
    const otherBrowser = request.agent(app);
    await otherBrowser.get(`/e/loan-anchor?pid=${pid}`).expect(409);
    await otherBrowser.get('/e/loan-anchor/screen').expect(403);
  });

  it('resumes at the scenario, the screen, the questionnaire or the debrief, wherever the participant stopped', async () => {
    const { app, store, experiments } = createTestApp();
    const { agent, csrf } = await consentedParticipant(app, 'loan-anchor', 'resumer');
    await agent.get('/e/loan-anchor?pid=resumer').expect(303).expect('location', '/e/loan-anchor/scenario');
    await agent.get('/e/loan-anchor/screen').expect(200);
    await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: '6000', term: '36' }).expect(303);
    await agent.get('/e/loan-anchor').expect(303).expect('location', '/e/loan-anchor/questionnaire');
    await agent.get('/e/loan-anchor/screen').expect(303).expect('location', '/e/loan-anchor/questionnaire');
    await agent.get('/e/loan-anchor/debrief').expect(303).expect('location', '/e/loan-anchor/questionnaire');
    const arm = (await store.findParticipant('loan-anchor', 'resumer'))!.arm!;
    await answerQuestionnaire(agent, csrf, experiments.get('loan-anchor')!, arm);
    await agent.get('/e/loan-anchor').expect(303).expect('location', '/e/loan-anchor/debrief');
    await agent.get('/e/loan-anchor/questionnaire').expect(303).expect('location', '/e/loan-anchor/debrief');
  });

  it('does not re-enrol a browser that accepts consent twice without a pid', async () => {
    const { app, store } = createTestApp();
    const { agent, csrf } = await consentedParticipant(app, 'loan-anchor');
    await agent.post('/e/loan-anchor/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: '', lang: 'nl' }).expect(303);
    expect((await store.countByArm('loan-anchor')).reduce((sum, row) => sum + row.entered, 0)).toBe(1);
  });
});

describe('idempotency and integrity', () => {
  it('stores a repeated submit once and keeps the first answer', async () => {
    const { app, store } = createTestApp();
    const { agent, csrf } = await consentedParticipant(app, 'loan-anchor', 'double-click');
    await agent.get('/e/loan-anchor/screen').expect(200);
    const [first, second] = await Promise.all([
      agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: '7000', term: '60' }),
      agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: '7000', term: '60' }),
    ]);
    expect([first.status, second.status]).toEqual([303, 303]);
    await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: '50000', term: '84' }).expect(303);
    expect(await listDecisions(store, 'loan-anchor')).toEqual([{ participantId: 'double-click', arm: expect.any(String), values: { amount: 7000, term: 60 } }]);
  });

  it('ignores an arm or experiment smuggled into the URL or the form', async () => {
    const { app, store } = createTestApp();
    const pid = pidFor('control');
    const agent = request.agent(app);
    const csrf = csrfTokenOf((await agent.get(`/e/loan-anchor?pid=${pid}&arm=high-anchor&variation=2`).expect(200)).text);
    await agent
      .post('/e/loan-anchor/consent?arm=high-anchor')
      .type('form')
      .send({ _csrf: csrf, choice: 'accept', pid, arm: 'high-anchor', variation: '2' })
      .expect(303);
    const screen = await agent.get('/e/loan-anchor/screen?arm=high-anchor').expect(200);
    expect(amountFieldValueOf(screen.text)).toBe('');
    await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: '7000', term: '60', arm: 'high-anchor' }).expect(303);
    expect((await store.findParticipant('loan-anchor', pid))?.decision?.arm).toBe('control');
  });
});

describe('bad input', () => {
  it.each([
    ['', 'Vul een leenbedrag in.'],
    ['abc', 'hele euro'],
    ['7500,50', 'hele euro'],
    ['499', 'tussen € 500 en € 75.000'],
    ['75001', 'tussen € 500 en € 75.000'],
    ['-5000', 'hele euro'],
    ['1e5', 'hele euro'],
    ['99999999999999999999', 'hele euro'],
  ])('re-shows the form for amount "%s" with a clear message and stores nothing', async (amount, message) => {
    const { app, store } = createTestApp();
    const { agent, csrf } = await consentedParticipant(app, 'loan-anchor', 'bad-amount');
    await agent.get('/e/loan-anchor/screen').expect(200);
    const page = await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount, term: '60' }).expect(400);
    expect(withPlainSpaces(page.text)).toContain(message);
    expect(page.text).toContain('role="alert"');
    expect(page.text).toContain(`value="${amount}"`);
    expect(await listDecisions(store, 'loan-anchor')).toEqual([]);
  });

  it.each([['48'], [''], ['sixty'], ['60.5']])('re-shows the form for term "%s" and stores nothing', async (term) => {
    const { app, store } = createTestApp();
    const { agent, csrf } = await consentedParticipant(app, 'loan-anchor', 'bad-term');
    const page = await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: '7000', term }).expect(400);
    expect(page.text).toMatch(/Kies (een|een van de getoonde) looptijd/);
    expect(await listDecisions(store, 'loan-anchor')).toEqual([]);
  });

  it('accepts the amount as a Dutch participant writes it', async () => {
    const { app, store } = createTestApp();
    const { agent, csrf } = await consentedParticipant(app, 'loan-anchor', 'dutch-writer');
    await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: '€ 12.500,00', term: '84' }).expect(303);
    expect((await store.findParticipant('loan-anchor', 'dutch-writer'))?.decision?.values).toEqual({ amount: 12500, term: 84 });
  });

  it('answers an unknown experiment with a 404 page', async () => {
    const { app } = createTestApp();
    const page = await request(app).get('/e/no-such-experiment').expect(404);
    expect(page.text).toContain('Pagina niet gevonden');
    await request(app).get('/nowhere').expect(404);
  });

  it('answers an invalid pid with a 400 page, not an error', async () => {
    const { app } = createTestApp();
    for (const pid of ['<script>', 'a'.repeat(129), 'x y']) {
      const page = await request(app).get(`/e/loan-anchor?pid=${encodeURIComponent(pid)}`).expect(400);
      expect(page.text).not.toContain('<script>');
      expect(page.text).not.toMatch(/at .*\.ts:\d+/);
    }
    await request(app).get('/e/loan-anchor?pid=a&pid=b').expect(400);
  });

  it('rejects a form without a valid CSRF token and stores nothing', async () => {
    const { app, store } = createTestApp();
    const { agent } = await consentedParticipant(app, 'loan-anchor', 'forged');
    await agent.post('/e/loan-anchor/screen').type('form').send({ amount: '7000', term: '60' }).expect(403);
    await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: 'x'.repeat(43), amount: '7000', term: '60' }).expect(403);
    const stranger = request.agent(app);
    await stranger.post('/e/loan-anchor/consent').type('form').send({ choice: 'accept', pid: 'forged-2' }).expect(403);
    expect(await listDecisions(store, 'loan-anchor')).toEqual([]);
    expect(await store.findParticipant('loan-anchor', 'forged-2')).toBeUndefined();
  });

  it('answers a broken or oversized form body with 4xx, never 5xx', async () => {
    const { app } = createTestApp();
    const { agent } = await consentedParticipant(app, 'loan-anchor', 'broken-body');
    const broken = await agent.post('/e/loan-anchor/screen').set('content-type', 'application/x-www-form-urlencoded; charset=klingon').send('amount=1');
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    await agent.post('/e/loan-anchor/screen').type('form').send(`amount=${'9'.repeat(200_000)}`).expect(413);
    await agent.post('/e/loan-anchor/consent').type('form').send({ choice: 'maybe' }).expect(403);
  });

  it('needs a participant cookie for the later steps', async () => {
    const { app } = createTestApp();
    const page = await request(app).get('/e/loan-anchor/screen').expect(403);
    expect(page.text).toContain('Open de link van het onderzoek opnieuw');
  });
});

describe('language', () => {
  it('speaks English with ?lang=en, including the legal warning', async () => {
    const { app } = createTestApp();
    const { agent } = await consentedParticipant(app, 'loan-anchor', 'english', 'en');
    const screen = await agent.get('/e/loan-anchor/screen').expect(200);
    expect(screen.text).toContain('Caution! Borrowing money costs money');
    expect(screen.text).toContain('<html lang="en">');
  });

  it("ignores the browser's preference: without lang the experiment's default language (Dutch)", async () => {
    const { app } = createTestApp();
    const consent = await request(app).get('/e/loan-anchor').set('accept-language', 'en-GB,en;q=0.9').expect(200);
    expect(consent.text).toContain('Wilt u meedoen?');
    expect(consent.text).toContain('<html lang="nl">');
  });

  it('says the same about the warning in every arm', async () => {
    const { app } = createTestApp();
    const warnings = new Set<string>();
    for (const arm of loanAnchor.arms.map((candidate) => candidate.key)) {
      const { agent } = await consentedParticipant(app, 'loan-anchor', pidFor(arm));
      const screen = await agent.get('/e/loan-anchor/screen').expect(200);
      warnings.add(/<div class="credit-warning"[\s\S]*?<\/div>/.exec(screen.text)?.[0] ?? 'missing');
    }
    expect(warnings.size).toBe(1);
    expect([...warnings][0]).toContain('Let op! Geld lenen kost geld');
  });
});

describe('security headers', () => {
  it('sends a Content-Security-Policy without inline script and no X-Powered-By', async () => {
    const { app } = createTestApp();
    const response = await request(app).get('/e/loan-anchor').expect(200);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(String(response.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect(String(response.headers['set-cookie'])).toMatch(/SameSite=Lax/);
  });
});
