import { describe, expect, it } from 'vitest';
import type { ObservedProductChoiceScreen } from '../../../experiments/templates/product-choice/simulated-product-choice';
import { observeScreen } from '../../../server/cli/simulate-participants';
import { idsInArm } from '../../helpers/ids-in-arm';
import { answerQuestionnaire, consentedParticipant, createTestApp, withPlainSpaces } from '../../helpers/test-app';
import { listDecisions } from '../../helpers/store-reads';

const { experiments } = createTestApp();
const creditChoice = experiments.get('credit-choice')!;

const pidsFor = (arm: string, count: number): string[] => idsInArm(creditChoice.definition, arm, 'cc', count);

async function screenOf(pid: string, app = createTestApp()) {
  const participant = await consentedParticipant(app.app, 'credit-choice', pid);
  const page = await participant.agent.get('/e/credit-choice/screen').expect(200);
  return { ...participant, ...app, html: page.text, screen: observeScreen(page.text) };
}

describe('credit-choice screens (3 × 2 factorial: default × disclosure)', () => {
  it('has the six cells of default × disclosure as arms, the all-reference cell first', () => {
    expect(creditChoice.definition.arms.map((arm) => [arm.key, arm.factorLevels])).toEqual([
      ['revolving-hidden', { default: 'revolving', disclosure: 'hidden' }],
      ['revolving-shown', { default: 'revolving', disclosure: 'shown' }],
      ['none-hidden', { default: 'none', disclosure: 'hidden' }],
      ['none-shown', { default: 'none', disclosure: 'shown' }],
      ['fixed-hidden', { default: 'fixed', disclosure: 'hidden' }],
      ['fixed-shown', { default: 'fixed', disclosure: 'shown' }],
    ]);
  });

  it('the control (revolving-hidden) pre-selects revolving credit, without totals', async () => {
    const { html, screen } = await screenOf(pidsFor('revolving-hidden', 1)[0]!);
    expect(screen).toMatchObject({ template: 'product-choice', preselected: 'revolving', showsTotalCostAndPayoff: false });
    expect(html).not.toContain('Totaal terug te betalen');
    expect(withPlainSpaces(html)).toContain('€ 200,00 (2,0% van de limiet)');
    expect(withPlainSpaces(html)).toContain('€ 197,00');
  });

  it('fixed-shown pre-selects the fixed loan and shows total cost and payoff time for both', async () => {
    const { html, screen } = await screenOf(pidsFor('fixed-shown', 1)[0]!);
    expect(screen).toMatchObject({ template: 'product-choice', preselected: 'fixed', showsTotalCostAndPayoff: true });
    const text = withPlainSpaces(html);
    expect(text).toContain('€ 11.819,94');
    expect(text).toContain('60 maanden');
    expect(text).toContain('€ 12.771,38');
    expect(text).toContain('64 maanden');
  });

  it('revolving-shown keeps the revolving default but shows the totals: the disclosure alone changes', async () => {
    const { html, screen } = await screenOf(pidsFor('revolving-shown', 1)[0]!);
    expect(screen).toMatchObject({ preselected: 'revolving', showsTotalCostAndPayoff: true });
    expect(withPlainSpaces(html)).toContain('€ 12.771,38');
  });

  it.each(['revolving-hidden', 'none-shown', 'fixed-hidden'])('%s randomises the order per participant, stable on return and logged with the exposure', async (arm) => {
    const orders = new Set<string>();
    // One app for all: a first view is rendered once per presentation and remembered, so the orders must be kept apart.
    const app = createTestApp();
    for (const pid of pidsFor(arm, 10)) {
      const { agent, html, screen: observed, store } = await screenOf(pid, app);
      expect(observed.template).toBe('product-choice');
      const screen = observed as ObservedProductChoiceScreen;
      if (arm.startsWith('none')) {
        expect(screen.preselected).toBeNull();
        expect(html).not.toMatch(/name="product"[^>]*checked/);
      }
      orders.add(screen.productOrder.join());
      const again = observeScreen((await agent.get('/e/credit-choice/screen').expect(200)).text);
      expect(again).toEqual(screen);
      expect((await store.findParticipant('credit-choice', pid))?.presentation).toMatchObject({ productOrder: screen.productOrder, preselected: screen.preselected });
    }
    expect(orders).toEqual(new Set(['fixed,revolving', 'revolving,fixed']));
  });

  it('stores the product, whether the pre-selection was kept, and ends at a debrief naming the choice', async () => {
    const pid = pidsFor('revolving-hidden', 1)[0]!;
    const { agent, csrf, store } = await screenOf(pid);
    await agent.post('/e/credit-choice/screen').type('form').send({ _csrf: csrf, product: 'fixed' }).expect(303).expect('location', '/e/credit-choice/questionnaire');
    await answerQuestionnaire(agent, csrf, creditChoice, 'revolving-hidden');
    const stored = await store.findParticipant('credit-choice', pid);
    expect(stored?.decision).toMatchObject({ values: { product: 'fixed' }, keptDefault: false, processDataStatus: 'missing', timingSource: 'server' });
    const debrief = withPlainSpaces((await agent.get('/e/credit-choice/debrief').expect(200)).text);
    expect(debrief).toContain('Persoonlijke lening');
    expect(debrief).toContain('€ 197,00');
  });

  it('marks "kept the pre-selection" missing in the cells without one', async () => {
    const pid = pidsFor('none-hidden', 1)[0]!;
    const { agent, csrf, store } = await screenOf(pid);
    await agent.post('/e/credit-choice/screen').type('form').send({ _csrf: csrf, product: 'revolving' }).expect(303);
    expect((await store.findParticipant('credit-choice', pid))?.decision?.keptDefault).toBeNull();
  });

  it.each([[''], ['both'], ['fixed-loan'], ['<script>']])('re-shows the choice for product "%s" and stores nothing', async (product) => {
    const pid = pidsFor('none-hidden', 1)[0]!;
    const { agent, csrf, store } = await screenOf(pid);
    const page = await agent.post('/e/credit-choice/screen').type('form').send({ _csrf: csrf, product }).expect(400);
    expect(page.text).toContain('Kies een van de kredieten.');
    expect(page.text).not.toContain('<script>');
    expect(await listDecisions(store, 'credit-choice')).toEqual([]);
  });
});
