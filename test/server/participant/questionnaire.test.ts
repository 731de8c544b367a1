import { describe, expect, it } from 'vitest';
import { parseLocaleNumber } from '../../../server/participant/parse-locale-number';
import { consentedParticipant, createTestApp, validAnswers } from '../../helpers/test-app';
import { listAnswers } from '../../helpers/store-reads';

async function decided(pid: string) {
  const testApp = createTestApp();
  const { agent, csrf } = await consentedParticipant(testApp.app, 'credit-choice', pid);
  await agent.get('/e/credit-choice/screen').expect(200);
  await agent.post('/e/credit-choice/screen').type('form').send({ _csrf: csrf, product: 'fixed' }).expect(303);
  const arm = (await testApp.store.findParticipant('credit-choice', pid))!.arm;
  const definition = testApp.experiments.get('credit-choice')!.definition;
  return { ...testApp, agent, csrf, arm, answers: validAnswers(definition.questionnaire, arm) };
}

describe('questionnaire', () => {
  it('shows every declared question with its answers', async () => {
    const { agent } = await decided('q-show');
    const page = (await agent.get('/e/credit-choice/questionnaire').expect(200)).text;
    expect(page).toContain('Was er al een optie geselecteerd');
    expect(page).toContain('name="q_estimate_revolving_total"');
    expect(page).toContain('kies bij deze vraag het antwoord &#34;Oranje&#34;');
    expect(page.match(/name="q_literacy_interest"/g)).toHaveLength(4);
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
    expect(page.text).toContain('Beantwoord deze vraag.');
    expect(page.text).toContain('Vul een getal in.');
    expect(page.text).toContain('Vul een getal tussen 0 en 1000000 in.');
    expect(page.text).toContain('value="lots"');
    expect(page.text.match(/class="field-error"/g)).toHaveLength(4);
    expect(await listAnswers(store, 'credit-choice', 'q-invalid')).toEqual([]);
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
