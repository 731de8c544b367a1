import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { assignArm } from '../../../server/assignment/assign-arm';
import { entryLinkSecret, entryLinkSignature } from '../../../server/participant/entry-link-signature';
import { participantCsvLines } from '../../../server/results/participant-csv';
import { createTestApp, csrfTokenOf } from '../../helpers/test-app';
import { prolificId, prolificStudy, prolificStudyFile } from '../../helpers/prolific-study';

const files = [...experimentRegistry, prolificStudyFile];
const secret = 'test-secret-that-is-long-enough-0123456789';
const signedStudy = { ...prolificStudy, key: 'signed-prolific', entryLinks: { signed: true } };

/** The hidden fields of the consent form, as a browser would post them back. */
const hiddenFields = (html: string) => Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [match[1]!, match[2]!]));

/** Opens a Prolific link and consents in one browser; returns the agent. */
async function enterFromProlific(app: Parameters<typeof request.agent>[0], query: string, key = 'prolific-study') {
  const agent = request.agent(app);
  const consentPage = await agent.get(`/e/${key}?${query}`).expect(200);
  await agent.post(`/e/${key}/consent`).type('form').send({ ...hiddenFields(consentPage.text), _csrf: csrfTokenOf(consentPage.text), choice: 'accept' }).expect(303);
  return { agent, consentPage };
}

describe('a panel’s own entry parameters (Prolific)', () => {
  it('takes the id from PROLIFIC_PID, records STUDY_ID and SESSION_ID, and exports them as columns', async () => {
    const { app, store, experiments } = createTestApp({ files });
    const id = prolificId(1);
    const { consentPage } = await enterFromProlific(app, `PROLIFIC_PID=${id}&STUDY_ID=study-7&SESSION_ID=session-42`);
    expect(consentPage.text).toContain('<html lang="en">');
    const participant = await store.findParticipant('prolific-study', id);
    expect(participant).toMatchObject({ participantId: id, panelId: id, locale: 'en' });
    expect(await store.findPanelParameters('prolific-study', id)).toEqual({ STUDY_ID: 'study-7', SESSION_ID: 'session-42' });
    const lines: string[] = [];
    for await (const line of participantCsvLines(store, experiments.get('prolific-study')!.definition)) lines.push(line.trimEnd());
    const header = lines[0]!.split(',');
    const row = lines[1]!.split(',');
    expect(row[header.indexOf('panel_id')]).toBe(id);
    expect(row[header.indexOf('panel_STUDY_ID')]).toBe('study-7');
    expect(row[header.indexOf('panel_SESSION_ID')]).toBe('session-42');
  });

  it('erases the recorded panel parameters with the participant', async () => {
    const { app, store } = createTestApp({ files });
    const id = prolificId(8);
    await enterFromProlific(app, `PROLIFIC_PID=${id}&STUDY_ID=study-to-erase`);
    expect(await store.eraseParticipant(id)).toEqual(['prolific-study']);
    expect(await store.findPanelParameters('prolific-study', id)).toEqual({});
  });

  it('resumes a returning participant by PROLIFIC_PID, keeping the parameters first recorded', async () => {
    const { app, store } = createTestApp({ files });
    const id = prolificId(2);
    const { agent } = await enterFromProlific(app, `PROLIFIC_PID=${id}&STUDY_ID=study-7`);
    await agent.get(`/e/prolific-study?PROLIFIC_PID=${id}&STUDY_ID=other-study`).expect(303).expect('location', '/e/prolific-study/scenario');
    expect(await store.findPanelParameters('prolific-study', id)).toEqual({ STUDY_ID: 'study-7' });
  });

  it.each([
    ['an id that is not Prolific’s 24 hex digits', 'PROLIFIC_PID=not-a-prolific-id', 'PROLIFIC_PID'],
    ['markup in a recorded parameter', `PROLIFIC_PID=${prolificId(3)}&STUDY_ID=%3Cscript%3E`, 'STUDY_ID'],
    ['a repeated parameter', `PROLIFIC_PID=${prolificId(3)}&SESSION_ID=a&SESSION_ID=b`, 'SESSION_ID'],
    ['an overlong value', `PROLIFIC_PID=${prolificId(3)}&STUDY_ID=${'x'.repeat(129)}`, 'STUDY_ID'],
  ])('answers %s with the friendly "link not valid" page naming it and the researcher, storing nothing', async (_case, query, parameter) => {
    const { app, store } = createTestApp({ files });
    const page = await request(app).get(`/e/prolific-study?${query}`).expect(400);
    expect(page.text).toContain('This link is not valid');
    expect(page.text.replaceAll('&#34;', '"')).toContain(`the parameter "${parameter}"`);
    expect(page.text).toContain('<a href="mailto:a.devries@example.nl">a.devries@example.nl</a>');
    expect(page.text).not.toContain('<script>');
    expect(await store.countByArm('prolific-study')).toEqual([]);
  });

  it('refuses a broken panel id posted to the consent form with the same page, enrolling nobody', async () => {
    const { app, store } = createTestApp({ files });
    const agent = request.agent(app);
    const consentPage = await agent.get(`/e/prolific-study?PROLIFIC_PID=${prolificId(4)}`).expect(200);
    const form = { ...hiddenFields(consentPage.text), pid: 'forged id', _csrf: csrfTokenOf(consentPage.text), choice: 'accept' };
    expect((await agent.post('/e/prolific-study/consent').type('form').send(form).expect(400)).text).toContain('This link is not valid');
    expect(await store.countByArm('prolific-study')).toEqual([]);
  });

  it('says "contact the researcher through the panel" when the experiment declares no contact (Dutch default)', async () => {
    const { app } = createTestApp();
    const page = await request(app).get('/e/loan-anchor?pid=%3Cbad%3E').expect(400);
    expect(page.text).toContain('Deze link klopt niet');
    expect(page.text.replaceAll('&#34;', '"')).toContain('de parameter "pid"');
    expect(page.text).toContain('Neem contact op met de onderzoeker via het panel');
  });

  it('checks signed links on the panel’s id parameter', async () => {
    const { app, store } = createTestApp({ files: [...files, { file: 'signed.ts', definition: signedStudy }] });
    const id = prolificId(5);
    const sig = entryLinkSignature(entryLinkSecret(secret, 'signed-prolific'), id);
    expect((await request(app).get(`/e/signed-prolific?PROLIFIC_PID=${id}&sig=${'0'.repeat(64)}`).expect(400)).text).toContain('This link is not valid');
    await enterFromProlific(app, `PROLIFIC_PID=${id}&STUDY_ID=s&sig=${sig}`, 'signed-prolific');
    expect((await store.findParticipant('signed-prolific', id))?.panelId).toBe(id);
  });

  it('binds the participation to the first browser: the same PROLIFIC_PID in another browser gets 409', async () => {
    const { app } = createTestApp({ files });
    const id = prolificId(6);
    await enterFromProlific(app, `PROLIFIC_PID=${id}`);
    const elsewhere = await request(app).get(`/e/prolific-study?PROLIFIC_PID=${id}`).expect(409);
    expect(elsewhere.text).toContain('This link was already used');
    expect(elsewhere.text).toContain('mailto:a.devries@example.nl');
  });

  it('sends the participant back to the panel with the completion code after a short notice, without inline script', async () => {
    const { app, experiments, store } = createTestApp({ files });
    const definition = experiments.get('prolific-study')!.definition;
    const id = prolificId(7);
    const { agent, consentPage } = await enterFromProlific(app, `PROLIFIC_PID=${id}`);
    const csrf = csrfTokenOf(consentPage.text);
    await agent.post('/e/prolific-study/screen').type('form').send({ _csrf: csrf, amount: '7000', term: '60' }).expect(303);
    const arm = assignArm(definition, id);
    const { validAnswers } = await import('../../helpers/test-app');
    await agent.post('/e/prolific-study/questionnaire').type('form').send({ _csrf: csrf, ...validAnswers(definition.questionnaire, arm) }).expect(303);
    const debrief = await agent.get('/e/prolific-study/debrief').expect(200);
    const code = (await store.findParticipant('prolific-study', id))!.completion!.code;
    const returnUrl = `https://app.prolific.example/submissions/complete?cc=${code}`;
    expect(debrief.text).toContain(`<noscript><meta http-equiv="refresh" content="5;url=${returnUrl}"></noscript>`);
    expect(debrief.text).toContain('<script src="/static/return-to-panel.js" defer></script>');
    expect(debrief.text).toContain(`href="${returnUrl}" data-return-to-panel data-seconds="5"`);
    expect(debrief.text).toContain('You will go back to the panel automatically in 5 seconds');
    expect(debrief.text).not.toMatch(/<script>(?!<\/script>)/);
    expect(debrief.headers['content-security-policy']).toContain("script-src 'self'");
    expect(debrief.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(debrief.text).toContain('This study was about pre-filled loan amounts.');
    expect(debrief.text).toContain('FETC 24-123');
  });

  it('shows no return notice and no refresh without a return link', async () => {
    const { app, experiments } = createTestApp();
    const definition = experiments.get('loan-anchor')!.definition;
    const agent = request.agent(app);
    const consentPage = await agent.get('/e/loan-anchor?pid=no-return').expect(200);
    const csrf = csrfTokenOf(consentPage.text);
    await agent.post('/e/loan-anchor/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: 'no-return', lang: 'nl' }).expect(303);
    await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: '7000', term: '60' }).expect(303);
    const { validAnswers } = await import('../../helpers/test-app');
    await agent.post('/e/loan-anchor/questionnaire').type('form').send({ _csrf: csrf, ...validAnswers(definition.questionnaire, assignArm(definition, 'no-return')) }).expect(303);
    const debrief = await agent.get('/e/loan-anchor/debrief').expect(200);
    expect(debrief.text).not.toContain('http-equiv="refresh"');
    expect(debrief.text).not.toContain('return-to-panel.js');
    expect(debrief.text).toContain('data-testid="completion-code"');
  });
});
