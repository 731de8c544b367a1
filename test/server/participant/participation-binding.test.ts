import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loanAnchor } from '../../../experiments/loan-anchor';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { entryLinkSecret, entryLinkSignature } from '../../../server/participant/entry-link-signature';
import { listDecisions } from '../../helpers/store-reads';
import { answerQuestionnaire, consentedParticipant, csrfTokenOf } from '../../helpers/test-app';
import { workspaceApp } from '../admin/workspace-app';

const testSecret = 'test-secret-that-is-long-enough-0123456789';

/** A second browser: no cookies of the first, only the panel link. */
async function secondBrowserOpens(app: Parameters<typeof request.agent>[0], pid: string) {
  const browser = request.agent(app);
  const entry = await browser.get(`/e/loan-anchor?pid=${pid}&lang=en`);
  return { browser, entry };
}

describe('a participation belongs to the browser that started it', () => {
  it('turns a second browser with the victim’s panel link away: no form, no decision, no code; the first browser completes', async () => {
    const { app, store, experiments } = await workspaceApp();
    const victim = await consentedParticipant(app, 'loan-anchor', 'victim-001', 'en');
    await victim.agent.get('/e/loan-anchor/screen').expect(200);

    const { browser, entry } = await secondBrowserOpens(app, 'victim-001');
    expect(entry.status).toBe(409);
    expect(entry.text).toContain('This link was already used');
    expect(entry.text).not.toContain('<form');
    expect(String(entry.headers['set-cookie'] ?? '')).not.toContain('nudgelab_p_loan-anchor');
    // Forcing the consent form does not bind the victim to this browser either.
    const csrf = csrfTokenOf((await browser.get('/e/loan-anchor?lang=en').expect(200)).text);
    const forced = await browser.post('/e/loan-anchor/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: 'victim-001', lang: 'en' });
    expect(forced.status).toBe(409);
    await browser.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: '70000', term: '60', processData: '' }).expect(403);
    await browser.get('/e/loan-anchor/debrief').expect(403);
    expect(await listDecisions(store, 'loan-anchor')).toEqual([]);

    await victim.agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: victim.csrf, amount: '7000', term: '60', processData: '' }).expect(303);
    const arm = (await store.findParticipant('loan-anchor', 'victim-001'))!.arm!;
    await answerQuestionnaire(victim.agent, victim.csrf, experiments.get('loan-anchor')!, arm);
    const debrief = await victim.agent.get('/e/loan-anchor/debrief').expect(200);
    expect(debrief.text).toMatch(/data-testid="completion-code">[0-9A-F]{12}</);
    expect((await listDecisions(store, 'loan-anchor')).map((row) => [row.participantId, row.values.amount])).toEqual([['victim-001', 7000]]);
  });

  it('lets the same browser come back through the link, and another browser once an admin released the id (audited)', async () => {
    const { app, store, signIn } = await workspaceApp();
    const first = await consentedParticipant(app, 'loan-anchor', 'moved-002', 'nl');
    await first.agent.get('/e/loan-anchor?pid=moved-002').expect(303);
    expect((await secondBrowserOpens(app, 'moved-002')).entry.status).toBe(409);

    const admin = await signIn('admin');
    await admin.agent.get('/admin/participants/release').expect(200);
    const released = await admin.agent.post('/admin/participants/release').type('form').send({ _csrf: admin.csrf, participantId: 'moved-002', experiment: 'loan-anchor' }).expect(200);
    expect(released.text).toContain('data-released');
    const unknown = await admin.agent.post('/admin/participants/release').type('form').send({ _csrf: admin.csrf, participantId: 'nobody', experiment: 'loan-anchor' });
    expect(unknown.status).toBe(404);
    expect((await store.listAudit(5)).find((entry) => entry.action === 'participant.release')).toMatchObject({ actor: 'admin', subject: 'moved-002', details: { experiment: 'loan-anchor' } });

    const { browser, entry } = await secondBrowserOpens(app, 'moved-002');
    expect(entry.status).toBe(303);
    await browser.get('/e/loan-anchor/scenario').expect(200);
    // The release lets exactly one more browser in.
    expect((await secondBrowserOpens(app, 'moved-002')).entry.status).toBe(409);
  });

  it('keeps a lender’s units and panel participants apart: neither channel enters the other’s participation', async () => {
    const { app, store } = await workspaceApp();
    const { secret } = await createApiKey(store, { name: 'Lender', experiments: null });
    await request(app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: 'loan-anchor', unitId: 'unit-77' }).expect(200);
    expect((await secondBrowserOpens(app, 'unit-77')).entry.status).toBe(409);

    await consentedParticipant(app, 'loan-anchor', 'panel-78', 'nl');
    const taken = await request(app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: 'loan-anchor', unitId: 'panel-78' }).expect(409);
    expect(taken.body.error).toMatch(/participant pages/);
    expect((await store.findParticipant('loan-anchor', 'panel-78'))?.exposedAt).toBeNull();
  });
});

describe('signed entry links', () => {
  const signedStudy = { file: 'test/signed-study.ts', definition: { ...loanAnchor, key: 'signed-study', entryLinks: { signed: true } } };

  it('refuses an unsigned or wrongly signed link and admits a correctly signed one, on entry and at consent', async () => {
    const { app } = await workspaceApp({ files: [signedStudy] });
    const sig = entryLinkSignature(entryLinkSecret(testSecret, 'signed-study'), 'panel-9');
    const unsigned = await request(app).get('/e/signed-study?pid=panel-9&lang=en').expect(400);
    expect(unsigned.text).toContain('This link is not valid');
    expect(unsigned.text).not.toContain('<form');
    await request(app).get(`/e/signed-study?pid=panel-9&sig=${'0'.repeat(64)}`).expect(400);
    await request(app).get(`/e/signed-study?pid=panel-10&sig=${sig}`).expect(400);
    await request(app).get(`/e/signed-study?sig=${sig}`).expect(400);

    const browser = request.agent(app);
    const consentPage = await browser.get(`/e/signed-study?pid=panel-9&sig=${sig}`).expect(200);
    expect(consentPage.text).toContain(`name="sig" value="${sig}"`);
    const csrf = csrfTokenOf(consentPage.text);
    await browser.post('/e/signed-study/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: 'panel-9', lang: 'nl' }).expect(400);
    await browser.post('/e/signed-study/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: 'panel-9', lang: 'nl', sig }).expect(303);
  });

  it('shows admins, and only admins, the link secret on the dashboard', async () => {
    const { signIn } = await workspaceApp({ files: [signedStudy] });
    const secret = entryLinkSecret(testSecret, 'signed-study');
    expect((await (await signIn('admin')).agent.get('/admin').expect(200)).text).toContain(secret);
    expect((await (await signIn('anna')).agent.get('/admin').expect(200)).text).not.toContain(secret);
  });
});

/** One showing of the consent page: the cookies it set (CSRF) and its form's values, to accept from it as often as a test likes, with no other cookie. */
async function consentPageFor(app: Parameters<typeof request>[0], link: string) {
  const page = await request(app).get(link).expect(200);
  const cookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]!).join('; ');
  const consentPage = /name="consent_page" value="([^"]+)"/.exec(page.text)?.[1];
  expect(consentPage).toMatch(/^[0-9a-f-]{36}$/);
  const form = { _csrf: csrfTokenOf(page.text), choice: 'accept', lang: 'en', consent_page: consentPage! };
  const accept = (pid: string | undefined, overrides: Record<string, string> = {}) =>
    request(app).post('/e/loan-anchor/consent').set('cookie', cookies).type('form').send({ ...form, ...(pid ? { pid } : {}), ...overrides });
  return { accept, consentPage: consentPage! };
}

const participantCookieOf = (answer: request.Response) =>
  ([] as string[]).concat(answer.headers['set-cookie'] ?? []).find((line) => line.startsWith('nudgelab_p_loan-anchor='))?.split(';')[0];

describe('a double click on accept (the second sent before the first answer set the cookie)', () => {
  it('goes on from the same consent page, one after the other, with a panel id; another page with that link is still turned away', async () => {
    const { app, store } = await workspaceApp();
    const page = await consentPageFor(app, '/e/loan-anchor?pid=double-001&lang=en');
    const [first, second] = [await page.accept('double-001'), await page.accept('double-001')];
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.location).toBe(first.headers.location);
    expect(participantCookieOf(second)).toBe(participantCookieOf(first));
    expect((await store.countByArm('loan-anchor')).reduce((sum, arm) => sum + arm.entered, 0)).toBe(1);
    // Another showing of the consent page (another browser with the same link, which got there before the first enrolled) is not the same page.
    const other = await consentPageFor(app, '/e/loan-anchor?lang=en');
    expect((await other.accept('double-001')).status).toBe(409);
    // Nor is a page value made up, or taken from another page.
    expect((await other.accept('double-001', { consent_page: 'not-a-page' })).status).toBe(409);
    const third = await consentPageFor(app, '/e/loan-anchor?pid=double-002&lang=en');
    await third.accept('double-002').expect(303);
    expect((await other.accept('double-001', { consent_page: third.consentPage })).status).toBe(409);
  });

  it('goes on from the same consent page when three accepts from it arrive at once', async () => {
    const { app, store } = await workspaceApp();
    const page = await consentPageFor(app, '/e/loan-anchor?pid=double-003&lang=en');
    const answers = await Promise.all([page.accept('double-003'), page.accept('double-003'), page.accept('double-003')]);
    expect(answers.map((answer) => answer.status)).toEqual([303, 303, 303]);
    expect(new Set(answers.map(participantCookieOf)).size).toBe(1);
    expect((await store.countByArm('loan-anchor')).reduce((sum, arm) => sum + arm.entered, 0)).toBe(1);
  });

  it('enrols one participant, not two, from a link without a panel id', async () => {
    const { app, store } = await workspaceApp();
    const page = await consentPageFor(app, '/e/loan-anchor?lang=en');
    const [first, second] = [await page.accept(undefined), await page.accept(undefined)];
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(participantCookieOf(second)).toBe(participantCookieOf(first));
    // Another showing of the page is another participant.
    await (await consentPageFor(app, '/e/loan-anchor?lang=en')).accept(undefined).expect(303);
    expect((await store.countByArm('loan-anchor')).reduce((sum, arm) => sum + arm.entered, 0)).toBe(2);
  });
});
