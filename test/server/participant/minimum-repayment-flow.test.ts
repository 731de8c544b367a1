import { describe, expect, it } from 'vitest';
import { listDecisions } from '../../helpers/store-reads';
import { deriveOutcomes } from '../../../experiments/derive-outcomes';
import { codebook } from '../../../server/results/export-columns';
import { observeScreen } from '../../../server/cli/simulate-participants';
import { answerQuestionnaire, consentedParticipant, createTestApp, withPlainSpaces } from '../../helpers/test-app';

const { experiments } = createTestApp();
const minimumRepayment = experiments.get('minimum-repayment')!;
const armOf = (key: string) => minimumRepayment.definition.arms.find((arm) => arm.key === key)!;

/**
 * A participant in `arm`: minimum-repayment is randomised in permuted blocks of
 * 6, so the arm depends on who entered before; participants enter until one
 * lands in the arm (each block holds every arm twice, so within six).
 */
async function screenOf(arm: string, lang = 'nl', tag = 'mr') {
  const app = createTestApp();
  for (let index = 0; index < 6; index += 1) {
    const pid = `${tag}-${index}`;
    const participant = await consentedParticipant(app.app, 'minimum-repayment', pid, lang);
    if ((await app.store.findParticipant('minimum-repayment', pid))?.arm !== arm) continue;
    const page = await participant.agent.get('/e/minimum-repayment/screen').expect(200);
    return { ...participant, ...app, pid, html: page.text, text: withPlainSpaces(page.text) };
  }
  throw new Error(`no participant reached ${arm} within one block`);
}

describe('minimum-repayment statements', () => {
  it('control shows the balance, the JKP and next month’s interest, but no minimum and no payoff amount', async () => {
    const { html, text } = await screenOf('control');
    expect(text).toContain('€ 1.250,00');
    expect(text).toContain('€ 13,72');
    expect(html).not.toContain('data-figure="minimum"');
    expect(html).not.toContain('data-figure="payoff"');
    expect(observeScreen(html)).toEqual({ template: 'statement', balance: 1250, minimumPayment: null, payoffPayment: null });
  });

  it('minimum-shown shows the €25.00 minimum and no payoff amount', async () => {
    const { html, text } = await screenOf('minimum-shown');
    expect(text).toMatch(/Minimaal te betalen deze maand<\/th><td data-figure="minimum" data-amount="25">€ 25,00</);
    expect(html).not.toContain('data-figure="payoff"');
  });

  it('payoff-prompt shows the minimum and the €111.75 a month that clears the balance in 12 months', async () => {
    const { html, text, store, pid } = await screenOf('payoff-prompt', 'en');
    expect(text).toContain('€25.00');
    expect(text).toContain('Want to repay the balance within 12 months? Then pay €111.75 a month.');
    expect(observeScreen(html)).toEqual({ template: 'statement', balance: 1250, minimumPayment: 25, payoffPayment: 111.75 });
    expect((await store.findParticipant('minimum-repayment', pid))?.presentation).toEqual({ template: 'statement', minimumShown: true, minimumPayment: 25, payoffPayment: 111.75, payoffMonths: 12 });
  });

  it.each([
    ['nl', '37,50'],
    ['nl', '37.50'],
    ['en', '37.50'],
    ['en', '37,50'],
  ])('in %s reads "%s" as €37.50, stores it, and ends at a debrief with the remaining balance', async (lang, typed) => {
    const { agent, csrf, store, pid } = await screenOf('minimum-shown', lang, `mr-${lang}-${typed.replace(/\W/g, '')}`);
    await agent.post('/e/minimum-repayment/screen').type('form').send({ _csrf: csrf, repayment: typed }).expect(303).expect('location', '/e/minimum-repayment/questionnaire');
    await answerQuestionnaire(agent, csrf, minimumRepayment, 'minimum-shown');
    const stored = await store.findParticipant('minimum-repayment', pid);
    expect(stored?.decision).toMatchObject({ values: { repayment: 37.5 }, keptDefault: null });
    const debrief = withPlainSpaces((await agent.get('/e/minimum-repayment/debrief').expect(200)).text);
    expect(debrief).toContain(lang === 'nl' ? '€ 37,50' : '€37.50');
    expect(debrief).toContain(lang === 'nl' ? '€ 1.212,50' : '€1,212.50');
    expect(debrief).toMatch(/data-testid="completion-code">[0-9A-F]{12}</);
  });

  it.each([
    ['', 'Vul in hoeveel u deze maand terugbetaalt.'],
    ['veel', 'met hooguit twee cijfers achter de komma'],
    ['12,345', 'met hooguit twee cijfers achter de komma'],
    ['1250,01', 'Het bedrag moet tussen € 0,00 en € 1.250,00 liggen.'],
    ['-5', 'Het bedrag moet tussen € 0,00 en € 1.250,00 liggen.'],
  ])('re-shows the statement for "%s" with a clear message (400) and stores nothing', async (typed, message) => {
    const { agent, csrf, store } = await screenOf('control');
    const page = await agent.post('/e/minimum-repayment/screen').type('form').send({ _csrf: csrf, repayment: typed }).expect(400);
    expect(withPlainSpaces(page.text)).toContain(message);
    expect(page.text).toContain(`value="${typed}"`);
    expect(await listDecisions(store, 'minimum-repayment')).toEqual([]);
  });

  it('accepts the whole balance and nothing at all', async () => {
    const full = await screenOf('control', 'nl', 'mr-full');
    await full.agent.post('/e/minimum-repayment/screen').type('form').send({ _csrf: full.csrf, repayment: '1.250' }).expect(303);
    expect((await full.store.findParticipant('minimum-repayment', full.pid))?.decision?.values).toEqual({ repayment: 1250 });
    const none = await screenOf('control', 'en', 'mr-none');
    await none.agent.post('/e/minimum-repayment/screen').type('form').send({ _csrf: none.csrf, repayment: '0' }).expect(303);
    expect((await none.store.findParticipant('minimum-repayment', none.pid))?.decision?.values).toEqual({ repayment: 0 });
  });
});

describe('minimum-repayment outcomes and codebook', () => {
  const outcomesOf = (arm: string, repayment: number) => deriveOutcomes(minimumRepayment.definition, armOf(arm), { values: { repayment }, timeToDecisionMs: 9000, changesByField: { repayment: 2 } });

  it('paying exactly the minimum counts as paid_minimum, in every arm', () => {
    expect(outcomesOf('minimum-shown', 25)).toMatchObject({ repayment: 25, paid_minimum: 1, paid_in_full: 0, time_to_decide: 9, repayment_changes: 2 });
    expect(outcomesOf('control', 25)).toMatchObject({ paid_minimum: 1 });
    expect(outcomesOf('control', 25.01)).toMatchObject({ paid_minimum: 0 });
  });

  it('paying the balance counts as paid_in_full', () => {
    expect(outcomesOf('payoff-prompt', 1250)).toMatchObject({ repayment: 1250, paid_minimum: 0, paid_in_full: 1 });
  });

  it('exports the repayment in euros with its change count, derived from the template’s decision field', () => {
    const columns = codebook(minimumRepayment.definition);
    expect(columns.find((column) => column.name === 'chosen_repayment')).toMatchObject({ type: 'number', unit: 'EUR' });
    expect(columns.map((column) => column.name)).toContain('changes_repayment');
    expect(columns.map((column) => column.name)).not.toContain('chosen_amount');
    expect(columns.find((column) => column.name === 'arm')?.allowedValues).toEqual(['control', 'minimum-shown', 'payoff-prompt']);
  });
});
