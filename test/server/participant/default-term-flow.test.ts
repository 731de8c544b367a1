import { describe, expect, it } from 'vitest';
import { listDecisions } from '../../helpers/store-reads';
import { creditTable } from '../../../experiments/arithmetic/credit-table';
import { deriveOutcomes } from '../../../experiments/derive-outcomes';
import { observeScreen } from '../../../server/cli/simulate-participants';
import { formatEuros } from '../../../server/i18n/format';
import { codebook } from '../../../server/results/export-columns';
import { idsInArm } from '../../helpers/ids-in-arm';
import { answerQuestionnaire, consentedParticipant, createTestApp, withPlainSpaces } from '../../helpers/test-app';

const { experiments } = createTestApp();
const defaultTerm = experiments.get('default-term')!;
const pidFor = (arm: string, tag = 'dt'): string => idsInArm(defaultTerm.definition, arm, tag, 1)[0]!;
const armOf = (key: string) => defaultTerm.definition.arms.find((arm) => arm.key === key)!;
const terms = [12, 24, 36, 48, 60, 72, 84];

async function screenOf(arm: string, lang = 'nl', tag = 'dt') {
  const app = createTestApp();
  const pid = pidFor(arm, tag);
  const participant = await consentedParticipant(app.app, 'default-term', pid, lang);
  const page = await participant.agent.get('/e/default-term/screen').expect(200);
  return { ...participant, ...app, pid, html: page.text, text: withPlainSpaces(page.text) };
}

describe('default-term screens', () => {
  it('control shows the fixed €10,000, seven terms from 12 to 84 months and none selected, the krediettabel pending', async () => {
    const { html, text } = await screenOf('control');
    expect(observeScreen(html)).toEqual({ template: 'amount', startingAmount: null, slider: null, termOptions: terms, checkedTerm: null, fixedAmount: 10000 });
    expect(text).toContain('<p class="fixed-amount" id="amount-value">€ 10.000</p>');
    expect(html).not.toMatch(/<input id="amount" name="amount" type="text"/);
    expect(text).toContain('<td data-figure="monthly">—</td>');
    expect(text).toContain('Let op! Geld lenen kost geld');
  });

  it.each([
    ['short-default', 24],
    ['long-default', 72],
  ])('%s pre-selects %i months and fills the krediettabel for it, to the cent', async (arm, months) => {
    const { html, text } = await screenOf(arm);
    expect(observeScreen(html)).toMatchObject({ checkedTerm: months, fixedAmount: 10000 });
    const table = creditTable(10000, months, 0.079);
    expect(text).toContain(`<td data-figure="monthly">${withPlainSpaces(formatEuros(table.monthlyPayment, 'nl', 2))}</td>`);
    expect(text).toContain(`<td data-figure="total">${withPlainSpaces(formatEuros(table.totalPayable, 'nl', 2))}</td>`);
  });

  it('stores the chosen term with the fixed amount, whatever amount the form claims, and whether the default was kept', async () => {
    const { agent, csrf, store, pid } = await screenOf('short-default', 'en');
    await agent.post('/e/default-term/screen').type('form').send({ _csrf: csrf, amount: '500', term: '60' }).expect(303).expect('location', '/e/default-term/questionnaire');
    expect((await store.findParticipant('default-term', pid))?.decision).toMatchObject({ values: { amount: 10000, term: 60 }, keptDefault: false });
    await answerQuestionnaire(agent, csrf, defaultTerm, 'short-default');
    const debrief = withPlainSpaces((await agent.get('/e/default-term/debrief').expect(200)).text);
    expect(debrief).toContain(formatEuros(creditTable(10000, 60, 0.079).totalPayable, 'en', 2));
  });

  it('records a kept default as kept, and no default as missing', async () => {
    const kept = await screenOf('long-default', 'nl', 'dt-kept');
    await kept.agent.post('/e/default-term/screen').type('form').send({ _csrf: kept.csrf, term: '72' }).expect(303);
    expect((await kept.store.findParticipant('default-term', kept.pid))?.decision?.keptDefault).toBe(true);
    const none = await screenOf('control', 'nl', 'dt-none');
    await none.agent.post('/e/default-term/screen').type('form').send({ _csrf: none.csrf, term: '72' }).expect(303);
    expect((await none.store.findParticipant('default-term', none.pid))?.decision?.keptDefault).toBeNull();
  });

  it.each([[''], ['30'], ['120'], ['sixty']])('re-shows the screen for term "%s" (400) and stores nothing', async (term) => {
    const { agent, csrf, store } = await screenOf('control');
    const page = await agent.post('/e/default-term/screen').type('form').send({ _csrf: csrf, term }).expect(400);
    expect(page.text).toMatch(/Kies een looptijd|Kies een van de getoonde looptijden/);
    expect(await listDecisions(store, 'default-term')).toEqual([]);
  });
});

describe('default-term outcomes and codebook', () => {
  const outcomesOf = (arm: string, term: number) => deriveOutcomes(defaultTerm.definition, armOf(arm), { values: { amount: 10000, term }, timeToDecisionMs: 4000, changesByField: { term: 1 } });

  it('derives the total payable from the krediettabel arithmetic', () => {
    expect(outcomesOf('control', 48)).toMatchObject({ term: 48, total_payable: creditTable(10000, 48, 0.079).totalPayable, kept_default_term: null, term_changes: 1 });
  });

  it('kept_default_term is 1 or 0 only in arms with a default', () => {
    expect(outcomesOf('short-default', 24)).toMatchObject({ kept_default_term: 1 });
    expect(outcomesOf('long-default', 24)).toMatchObject({ kept_default_term: 0 });
  });

  it('exports the chosen term and amount from the template’s decision fields', () => {
    const names = codebook(defaultTerm.definition).map((column) => column.name);
    expect(names).toEqual(expect.arrayContaining(['chosen_amount', 'chosen_term', 'changes_term', 'kept_default', 'term', 'total_payable', 'kept_default_term']));
  });
});
