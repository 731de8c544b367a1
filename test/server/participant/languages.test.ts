import { describe, expect, it } from 'vitest';
import { messagesEn } from '../../../server/i18n/messages-en';
import { messagesNl } from '../../../server/i18n/messages-nl';
import type { TemplateName } from '../../../experiments/templates/template-registry';
import { statementMessages } from '../../../server/templates/statement/statement-messages';
import { idInArm } from '../../helpers/ids-in-arm';
import { consentedParticipant, createTestApp, csrfTokenOf, validAnswers } from '../../helpers/test-app';
import request from 'supertest';

/** Distinctive sentences of one language that must not appear on the other language's pages. */
const sentencesOf = (catalogue: Record<string, string>, other: Record<string, string>) =>
  Object.entries(catalogue)
    .filter(([key, text]) => text.length > 14 && text !== other[key] && !text.includes('{'))
    .map(([, text]) => text);

/** A refused and an accepted decision on each template's screen. */
const decisionsByTemplate: Record<TemplateName, { invalid: Record<string, string>; valid: Record<string, string> }> = {
  amount: { invalid: { amount: '12', term: '7' }, valid: { amount: '7000', term: '60' } },
  'product-choice': { invalid: { product: 'none' }, valid: { product: 'fixed' } },
  statement: { invalid: { repayment: '12,345' }, valid: { repayment: '100' } },
};

/** The shared catalogue plus the texts templates keep with themselves. */
const catalogueNl = { ...messagesNl, ...Object.fromEntries(Object.entries(statementMessages.nl).map(([key, text]) => [`statement.${key}`, text])) };
const catalogueEn = { ...messagesEn, ...Object.fromEntries(Object.entries(statementMessages.en).map(([key, text]) => [`statement.${key}`, text])) };

async function walk(experimentKey: string, lang: 'nl' | 'en', arm: string) {
  const { app, experiments } = createTestApp();
  const experiment = experiments.get(experimentKey)!;
  const pid = idInArm(experiment.definition, arm, 'lang');
  const pages: string[] = [(await request(app).get(`/e/${experimentKey}?pid=${pid}&lang=${lang}`).expect(200)).text];
  const { agent, csrf } = await consentedParticipant(app, experimentKey, pid, lang);
  pages.push((await agent.get(`/e/${experimentKey}/scenario`).expect(200)).text);
  pages.push((await agent.get(`/e/${experimentKey}/screen`).expect(200)).text);
  const { invalid, valid } = decisionsByTemplate[experiment.definition.template];
  pages.push((await agent.post(`/e/${experimentKey}/screen`).type('form').send({ _csrf: csrf, ...invalid }).expect(400)).text);
  await agent.post(`/e/${experimentKey}/screen`).type('form').send({ _csrf: csrf, ...valid }).expect(303);
  pages.push((await agent.get(`/e/${experimentKey}/questionnaire`).expect(200)).text);
  pages.push((await agent.post(`/e/${experimentKey}/questionnaire`).type('form').send({ _csrf: csrf }).expect(400)).text);
  await agent.post(`/e/${experimentKey}/questionnaire`).type('form').send({ _csrf: csrf, ...validAnswers(experiment.definition.questionnaire, arm) }).expect(303);
  pages.push((await agent.get(`/e/${experimentKey}/debrief`).expect(200)).text);
  const declined = request.agent(app);
  const consentPage = (await declined.get(`/e/${experimentKey}?lang=${lang}`).expect(200)).text;
  pages.push((await declined.post(`/e/${experimentKey}/consent`).type('form').send({ _csrf: csrfTokenOf(consentPage), choice: 'decline', lang }).expect(200)).text);
  pages.push((await request(app).get(`/e/missing?lang=${lang}`).expect(404)).text);
  return { pages, experiment };
}

describe.each(['loan-anchor', 'credit-choice', 'minimum-repayment', 'default-term'])('%s speaks one language per page', (experimentKey) => {
  const arms = createTestApp().experiments.get(experimentKey)!.definition.arms.map((arm) => arm.key);

  it.each(arms)('in English, arm %s', async (arm) => {
    const { pages, experiment } = await walk(experimentKey, 'en', arm);
    const dutch = [...sentencesOf(catalogueNl, catalogueEn), experiment.definition.scenario.body.nl.split('\n')[0]!];
    for (const page of pages) expect(page).toContain('<html lang="en">');
    for (const page of pages) for (const sentence of dutch) expect(page).not.toContain(sentence);
    expect(pages.join('')).toContain('Caution! Borrowing money costs money');
  });

  it('in Dutch', async () => {
    const { pages } = await walk(experimentKey, 'nl', arms[0]!);
    const english = sentencesOf(catalogueEn, catalogueNl);
    for (const page of pages) for (const sentence of english) expect(page).not.toContain(sentence);
    expect(pages.join('')).toContain('Let op! Geld lenen kost geld');
  });
});
