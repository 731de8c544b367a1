import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { loanAnchor } from '../../../experiments/loan-anchor';
import { participantCsvLines } from '../../../server/results/participant-csv';
import { consentedParticipant, createTestApp, csrfTokenOf } from '../../helpers/test-app';
import type { Store } from '../../../server/store/store';
import type { ExperimentDefinition } from '../../../experiments/definition-schema';

/** The export's `locale` cell of each participant, by participant id. */
async function exportedLocales(store: Store, definition: ExperimentDefinition): Promise<Record<string, string>> {
  const lines: string[] = [];
  for await (const line of participantCsvLines(store, definition)) lines.push(line.trimEnd());
  const header = lines[0]!.split(',');
  const locale = header.indexOf('locale');
  expect(locale).toBeGreaterThan(-1);
  return Object.fromEntries(lines.slice(1).map((line) => [line.split(',')[0]!, line.split(',')[locale]!]));
}

const englishOnly = { ...loanAnchor, key: 'english-only', languages: { available: ['en'], default: 'en' } };
const files = [...experimentRegistry, { file: 'english-only.ts', definition: englishOnly }];

describe('the study language is the experiment’s choice, made by the link', () => {
  it('gives Dutch to an English-language browser whose link has no lang, records it and exports it', async () => {
    const { app, store, experiments } = createTestApp();
    const agent = request.agent(app);
    const consentPage = await agent.get('/e/loan-anchor?pid=browser-en').set('accept-language', 'en-GB,en;q=0.9').expect(200);
    expect(consentPage.text).toContain('<html lang="nl">');
    expect(consentPage.text).toContain('Wilt u meedoen?');
    await agent.post('/e/loan-anchor/consent').set('accept-language', 'en').type('form').send({ _csrf: csrfTokenOf(consentPage.text), choice: 'accept', pid: 'browser-en', lang: 'nl' }).expect(303);
    const scenario = await agent.get('/e/loan-anchor/scenario').set('accept-language', 'en').expect(200);
    expect(scenario.text).toContain('<html lang="nl">');
    expect((await store.findParticipant('loan-anchor', 'browser-en'))?.locale).toBe('nl');
    expect((await exportedLocales(store, experiments.get('loan-anchor')!.definition))['browser-en']).toBe('nl');
  });

  it('gives English to a link with lang=en, whatever the browser prefers, and exports it', async () => {
    const { app, store, experiments } = createTestApp();
    const consentPage = await request(app).get('/e/loan-anchor?pid=link-en&lang=en').set('accept-language', 'nl-NL').expect(200);
    expect(consentPage.text).toContain('Do you want to take part?');
    const { agent } = await consentedParticipant(app, 'loan-anchor', 'link-en', 'en');
    expect((await agent.get('/e/loan-anchor/screen').set('accept-language', 'nl').expect(200)).text).toContain('Caution! Borrowing money costs money');
    expect((await store.findParticipant('loan-anchor', 'link-en'))?.locale).toBe('en');
    expect((await exportedLocales(store, experiments.get('loan-anchor')!.definition))['link-en']).toBe('en');
  });

  it('gives the default language to a language the experiment does not offer (lang=fr), and records that', async () => {
    const { app, store } = createTestApp();
    const agent = request.agent(app);
    const consentPage = await agent.get('/e/loan-anchor?pid=link-fr&lang=fr').expect(200);
    expect(consentPage.text).toContain('<html lang="nl">');
    await agent.post('/e/loan-anchor/consent').type('form').send({ _csrf: csrfTokenOf(consentPage.text), choice: 'accept', pid: 'link-fr', lang: 'fr' }).expect(303);
    expect((await store.findParticipant('loan-anchor', 'link-fr'))?.locale).toBe('nl');
  });

  it('keeps an English-only experiment in English even for lang=nl', async () => {
    const { app, store } = createTestApp({ files });
    const consentPage = await request(app).get('/e/english-only?pid=only-en&lang=nl').expect(200);
    expect(consentPage.text).toContain('<html lang="en">');
    expect(consentPage.text).not.toContain('class="language-switch"');
    const { agent } = await consentedParticipant(app, 'english-only', 'only-en', 'nl');
    expect((await agent.get('/e/english-only/scenario').expect(200)).text).toContain('<html lang="en">');
    expect((await store.findParticipant('english-only', 'only-en'))?.locale).toBe('en');
  });

  it('offers the one-line switch only when the experiment allows it', async () => {
    const { app } = createTestApp();
    expect((await request(app).get('/e/loan-anchor?pid=no-switch').expect(200)).text).not.toContain('class="language-switch"');
    const withSwitch = { ...loanAnchor, key: 'with-switch', languages: { switcher: true } };
    const switched = createTestApp({ files: [...experimentRegistry, { file: 'with-switch.ts', definition: withSwitch }] });
    const page = (await request(switched.app).get('/e/with-switch?pid=p1').expect(200)).text;
    expect(page).toContain('<p class="language-switch"><a href="/e/with-switch?pid=p1&amp;lang=en" lang="en" hreflang="en">English</a></p>');
  });

  it('answers error pages outside an experiment in Dutch unless the link asks for English, never by the browser', async () => {
    const { app } = createTestApp({ files });
    expect((await request(app).get('/e/missing').set('accept-language', 'en').expect(404)).text).toContain('Pagina niet gevonden');
    expect((await request(app).get('/e/missing?lang=en').expect(404)).text).toContain('Page not found');
    // Inside an experiment, its default language: no session in the English-only study is explained in English.
    expect((await request(app).get('/e/english-only/screen').set('accept-language', 'nl').expect(403)).text).toContain('We could not find your participation');
  });
});
