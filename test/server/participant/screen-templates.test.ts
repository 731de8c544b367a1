import { describe, expect, it } from 'vitest';
import type { ExperimentDefinitionInput } from '../../../experiments/definition-schema';
import type { AssignableExperiment } from '../../../server/assignment/assign-arm';
import { idInArm } from '../../helpers/ids-in-arm';
import { observeScreen } from '../../../server/cli/simulate-participants';
import { consentedParticipant, createTestApp, withPlainSpaces } from '../../helpers/test-app';
import { sliderStudy } from '../../e2e/slider-study';
import { listDecisions } from '../../helpers/store-reads';

/** A product choice with a revolving credit that never amortises (14%, 1% of the limit). */
const neverPaysOff = {
  template: 'product-choice',
  key: 'never-pays-off',
  initialState: 'running',
  title: 'Minimum payments',
  hypothesis: 'Showing that a minimum payment never repays the debt lowers revolving choices.',
  citation: 'Stewart (2009).',
  scenario: { title: { nl: 'Situatie', en: 'Situation' }, body: { nl: 'Een aankoop.', en: 'A purchase.' } },
  screen: {
    products: [
      { kind: 'revolving-credit', key: 'revolving', limit: 10000, annualPercentageRate: 0.14, monthlyPaymentPercentOfLimit: 1 },
      { kind: 'fixed-loan', key: 'fixed', amount: 10000, annualPercentageRate: 0.07, termMonths: 60 },
    ],
  },
  arms: [
    { key: 'plain', label: 'No totals', weight: 1, params: { productOrder: ['revolving', 'fixed'], preselected: null } },
    { key: 'totals', label: 'Totals shown', weight: 1, params: { productOrder: ['revolving', 'fixed'], preselected: null, showTotalCostAndPayoff: true } },
  ],
  outcomes: [{ key: 'chose_revolving', label: 'Chose revolving', type: 'binary', primary: true, derive: { from: 'equals', field: 'product', value: 'revolving' } }],
  analysisPlan: { minimumDetectableEffect: 0.1, plannedPerArm: 100 },
} as const satisfies ExperimentDefinitionInput;

const testApp = () =>
  createTestApp({
    files: [
      { file: 'experiments/slider-study.ts', definition: sliderStudy },
      { file: 'experiments/never-pays-off.ts', definition: neverPaysOff },
    ],
  });

const pidFor = (definition: AssignableExperiment, arm: string): string => idInArm(definition, arm, 't');

describe('amount screen options', () => {
  it('shows a narrow slider at its start, with the default term selected and the krediettabel filled in', async () => {
    const { app } = testApp();
    const { agent } = await consentedParticipant(app, 'slider-study', pidFor(sliderStudy, 'narrow'));
    const html = (await agent.get('/e/slider-study/screen').expect(200)).text;
    expect(observeScreen(html)).toEqual({ template: 'amount', startingAmount: 8000, slider: { min: 1000, max: 15000, step: 100 }, termOptions: [36, 60, 84], checkedTerm: 60 });
    expect(html).toContain('aria-valuetext="€');
    const text = withPlainSpaces(html);
    expect(text).toContain('<td data-figure="monthly">€ 160,79</td>');
    expect(text.indexOf('data-figure="monthly"')).toBeLessThan(text.indexOf('data-figure="total"'));
    expect(html).toContain('Persoonlijke lening aanvragen');
  });

  it('puts the total cost first and uses the arm’s wording when the arm says so', async () => {
    const { app } = testApp();
    const { agent } = await consentedParticipant(app, 'slider-study', pidFor(sliderStudy, 'wide'), 'en');
    const html = (await agent.get('/e/slider-study/screen').expect(200)).text;
    expect(html).toContain('<h1>How much would you like to borrow?</h1>');
    expect(html).toContain('>Next</button>');
    expect(html.indexOf('data-figure="total"')).toBeLessThan(html.indexOf('data-figure="monthly"'));
  });

  it('refuses an amount outside the slider’s range, though inside the experiment’s limits', async () => {
    const { app, store } = testApp();
    const pid = pidFor(sliderStudy, 'narrow');
    const { agent, csrf } = await consentedParticipant(app, 'slider-study', pid);
    const page = await agent.post('/e/slider-study/screen').type('form').send({ _csrf: csrf, amount: '20000', term: '60' }).expect(400);
    expect(withPlainSpaces(page.text)).toContain('tussen € 1.000 en € 15.000');
    expect(await listDecisions(store, 'slider-study')).toEqual([]);
  });

  it('completes without a questionnaire, counts the slider start as the default, and links back to the panel', async () => {
    const { app, store } = testApp();
    const pid = pidFor(sliderStudy, 'narrow');
    const { agent, csrf } = await consentedParticipant(app, 'slider-study', pid);
    await agent.get('/e/slider-study/screen').expect(200);
    await agent.post('/e/slider-study/screen').type('form').send({ _csrf: csrf, amount: '8000', term: '60' }).expect(303).expect('location', '/e/slider-study/debrief');
    const stored = await store.findParticipant('slider-study', pid);
    expect(stored?.decision?.keptDefault).toBe(true);
    const debrief = (await agent.get('/e/slider-study/debrief').expect(200)).text;
    expect(debrief).toContain(`href="https://panel.example/complete?code=${stored!.completion!.code}"`);
  });
});

describe('product-choice screen options', () => {
  it('says the revolving credit never pays off instead of showing a payoff time', async () => {
    const { app } = testApp();
    const { agent } = await consentedParticipant(app, 'never-pays-off', pidFor(neverPaysOff, 'totals'));
    const html = (await agent.get('/e/never-pays-off/screen').expect(200)).text;
    expect(html).toContain('lost u de schuld nooit af');
    expect(html.match(/Afgelost na/g)).toHaveLength(1);
  });

  it('shows no warning where the arm does not show totals', async () => {
    const { app } = testApp();
    const { agent } = await consentedParticipant(app, 'never-pays-off', pidFor(neverPaysOff, 'plain'));
    const html = (await agent.get('/e/never-pays-off/screen').expect(200)).text;
    expect(html).not.toContain('nooit af');
    expect(html).not.toContain('Afgelost na');
  });
});
