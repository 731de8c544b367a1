import { describe, expect, it } from 'vitest';
import { parseLocaleNumber } from '../../../server/participant/parse-locale-number';
import { consentedParticipant, createTestApp, csrfTokenOf, validAnswers } from '../../helpers/test-app';
import { listAnswers } from '../../helpers/store-reads';

async function decided(pid: string) {
  const testApp = createTestApp();
  const { agent, csrf } = await consentedParticipant(testApp.app, 'credit-choice', pid);
  await agent.get('/e/credit-choice/screen').expect(200);
  await agent.post('/e/credit-choice/screen').type('form').send({ _csrf: csrf, product: 'fixed' }).expect(303);
  const arm = (await testApp.store.findParticipant('credit-choice', pid))!.arm!;
  const definition = testApp.experiments.get('credit-choice')!.definition;
  return { ...testApp, agent, csrf, arm, answers: validAnswers(definition.questionnaire, arm) };
}

describe('questionnaire', () => {
  it('shows every question declared after the screen with its answers, and none of the before-screen ones', async () => {
    const { agent } = await decided('q-show');
    const page = (await agent.get('/e/credit-choice/questionnaire').expect(200)).text;
    expect(page).toContain('Was er al een optie geselecteerd');
    expect(page).toContain('name="q_estimate_revolving_total"');
    expect(page).toContain('kies bij deze vraag het antwoord &#34;Oranje&#34;');
    expect(page.match(/name="q_literacy_inflation"/g)).toHaveLength(4);
    expect(page).not.toContain('name="q_literacy_interest"');
    expect(page).not.toContain('name="q_age_band"');
  });

  it('stores all answers scored, including a failed attention check as data, and completes', async () => {
    const { agent, csrf, store, answers } = await decided('q-store');
    await agent
      .post('/e/credit-choice/questionnaire')
      .type('form')
      .send({ _csrf: csrf, ...answers, q_attention_check: 'blue', q_estimate_revolving_total: '13.000', q_estimate_revolving_months: '120' })
      .expect(303)
      .expect('location', '/e/credit-choice/debrief');
    const stored = new Map((await listAnswers(store, 'credit-choice', 'q-store')).map((answer) => [answer.questionKey, answer]));
    expect(stored.get('attention_check')).toEqual({ questionKey: 'attention_check', answer: 'blue', correct: false });
    expect(stored.get('estimate_revolving_total')).toEqual({ questionKey: 'estimate_revolving_total', answer: '13000', correct: true });
    expect(stored.get('estimate_revolving_months')).toMatchObject({ answer: '120', correct: false });
    expect(stored.get('recall_preselection')?.correct).toBe(true);
    expect(stored.get('age_band')?.correct).toBeNull();
    expect((await store.findParticipant('credit-choice', 'q-store'))?.completion).not.toBeNull();
  });

  it('re-shows the form with a message at each unanswered or invalid question and stores nothing', async () => {
    const { agent, csrf, store, answers } = await decided('q-invalid');
    const { q_age_band: _omitted, ...withoutAge } = answers;
    const page = await agent
      .post('/e/credit-choice/questionnaire')
      .type('form')
      .send({ _csrf: csrf, ...withoutAge, q_estimate_revolving_months: 'lots', q_estimate_revolving_total: '-5', q_attention_check: 'purple' })
      .expect(400);
    expect(page.text).toContain('Beantwoord de vraag ‘Om te controleren of u de vragen leest');
    expect(page.text).toContain('Vul bij de vraag ‘En hoeveel maanden duurt het dan naar schatting voordat alles is afbetaald?’ een getal in.');
    expect(page.text).toContain('een getal tussen 0 en 1000000 in.');
    expect(page.text).toContain('Nog niet alle vragen zijn goed beantwoord');
    expect(page.text).not.toContain('Controleer uw aanvraag');
    expect(page.text).toContain('value="lots"');
    expect(page.text.match(/class="field-error"/g)).toHaveLength(3);
    // Only the before-screen answers (given at entry) are stored.
    expect((await listAnswers(store, 'credit-choice', 'q-invalid')).map((answer) => answer.questionKey).sort()).toEqual(['age_band', 'literacy_interest']);
    expect((await store.findParticipant('credit-choice', 'q-invalid'))?.completion).toBeNull();
  });

  it('cannot be answered before the decision or twice', async () => {
    const { app } = createTestApp();
    const early = await consentedParticipant(app, 'credit-choice', 'q-early');
    await early.agent.get('/e/credit-choice/questionnaire').expect(303).expect('location', '/e/credit-choice/scenario');
    const { agent, csrf, store, answers } = await decided('q-twice');
    await agent.post('/e/credit-choice/questionnaire').type('form').send({ _csrf: csrf, ...answers }).expect(303);
    await agent.post('/e/credit-choice/questionnaire').type('form').send({ _csrf: csrf, ...answers, q_attention_check: 'red' }).expect(303).expect('location', '/e/credit-choice/debrief');
    expect((await listAnswers(store, 'credit-choice', 'q-twice')).find((answer) => answer.questionKey === 'attention_check')?.answer).toBe('orange');
  });
});

describe('questions before the screen', () => {
  async function consented(pid: string, lang?: string) {
    const testApp = createTestApp();
    const participant = await consentedParticipant(testApp.app, 'credit-choice', pid, lang, { answerBeforeScreen: false });
    return { ...testApp, ...participant };
  }

  it('come after consent on their own page, and the screen is refused until they are answered', async () => {
    const { app, store } = createTestApp();
    const agent = (await import('supertest')).default.agent(app);
    const csrf = csrfTokenOf((await agent.get('/e/credit-choice?pid=b-order').expect(200)).text);
    await agent.post('/e/credit-choice/consent').type('form').send({ _csrf: csrf, choice: 'accept', pid: 'b-order', lang: 'nl' }).expect(303).expect('location', '/e/credit-choice/before-screen');
    const page = (await agent.get('/e/credit-choice/before-screen').expect(200)).text;
    expect(page).toContain('Eerst een paar vragen over uzelf');
    expect(page).toContain('Wat is uw leeftijd?');
    expect(page.match(/name="q_literacy_interest"/g)).toHaveLength(4);
    expect(page).not.toContain('name="q_attention_check"');
    await agent.get('/e/credit-choice/screen').expect(303).expect('location', '/e/credit-choice/before-screen');
    await agent.post('/e/credit-choice/screen').type('form').send({ _csrf: csrf, product: 'fixed' }).expect(303).expect('location', '/e/credit-choice/before-screen');
    const participant = await store.findParticipant('credit-choice', 'b-order');
    expect(participant?.exposedAt).toBeNull();
    expect(participant?.decision).toBeNull();
  });

  it('name the question in each error, under the questionnaire’s own heading, and store nothing', async () => {
    const { agent, csrf, store } = await consented('b-invalid');
    const page = (await agent.post('/e/credit-choice/before-screen').type('form').send({ _csrf: csrf, q_literacy_interest: 'more' }).expect(400)).text;
    expect(page).toContain('Beantwoord de vraag ‘Wat is uw leeftijd?’.');
    expect(page).toContain('Nog niet alle vragen zijn goed beantwoord');
    expect(page).not.toContain('Controleer uw aanvraag');
    expect(page).toContain('value="more" checked');
    expect(await listAnswers(store, 'credit-choice', 'b-invalid')).toEqual([]);
  });

  it('name the question in English too', async () => {
    const { agent, csrf } = await consented('b-english', 'en');
    const page = (await agent.post('/e/credit-choice/before-screen').type('form').send({ _csrf: csrf }).expect(400)).text;
    expect(page).toContain('Please answer the question ‘What is your age?’.');
    expect(page).toContain('Some questions are not answered correctly yet');
  });

  it('are stored scored, lead to the scenario and then the screen, once', async () => {
    const { agent, csrf, store } = await consented('b-store');
    await agent.post('/e/credit-choice/before-screen').type('form').send({ _csrf: csrf, q_age_band: '35-44', q_literacy_interest: 'more' }).expect(303).expect('location', '/e/credit-choice/scenario');
    const stored = new Map((await listAnswers(store, 'credit-choice', 'b-store')).map((answer) => [answer.questionKey, answer]));
    expect(stored.get('age_band')).toEqual({ questionKey: 'age_band', answer: '35-44', correct: null });
    expect(stored.get('literacy_interest')).toEqual({ questionKey: 'literacy_interest', answer: 'more', correct: true });
    await agent.get('/e/credit-choice/before-screen').expect(303).expect('location', '/e/credit-choice/scenario');
    await agent.post('/e/credit-choice/before-screen').type('form').send({ _csrf: csrf, q_age_band: '18-24', q_literacy_interest: 'less' }).expect(303);
    expect((await listAnswers(store, 'credit-choice', 'b-store')).find((answer) => answer.questionKey === 'age_band')?.answer).toBe('35-44');
    await agent.get('/e/credit-choice/screen').expect(200);
    await agent.post('/e/credit-choice/screen').type('form').send({ _csrf: csrf, product: 'fixed' }).expect(303).expect('location', '/e/credit-choice/questionnaire');
    const arm = (await store.findParticipant('credit-choice', 'b-store'))!.arm!;
    const definition = createTestApp().experiments.get('credit-choice')!.definition;
    // The after-screen page stores its own answers although the before-screen ones exist.
    await agent.post('/e/credit-choice/questionnaire').type('form').send({ _csrf: csrf, ...validAnswers(definition.questionnaire, arm) }).expect(303).expect('location', '/e/credit-choice/debrief');
    const all = await listAnswers(store, 'credit-choice', 'b-store');
    expect(all.map((answer) => answer.questionKey).sort()).toEqual(definition.questionnaire.map((question) => question.key).sort());
    expect(all.find((answer) => answer.questionKey === 'age_band')?.answer).toBe('35-44');
  });
});

describe('parseLocaleNumber', () => {
  it.each([
    ['12.771', 'nl', 12771],
    ['12.771,38', 'nl', 12771.38],
    ['€ 12.771', 'nl', 12771],
    ['12,5', 'nl', 12.5],
    ['12.5', 'nl', 12.5],
    ['12,771', 'en', 12771],
    ['12,771.38', 'en', 12771.38],
    ['64', 'en', 64],
    ['', 'en', null],
  ] as const)('reads "%s" in %s as %s', (text, locale, expected) => {
    expect(parseLocaleNumber(text, locale)).toBe(expected);
  });

  it.each([['1.2.3'], ['abc'], ['1e5'], ['--1']])('does not read "%s"', (text) => {
    expect(parseLocaleNumber(text, 'nl')).toBeNaN();
  });
});
