import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeScreen, simulateParticipants } from '../../../server/cli/simulate-participants';
import { testTrafficToken } from '../../../server/test-traffic/test-traffic-token';
import { listeningTestApp } from '../../helpers/listening-app';
import { listAnswers, listDecisions } from '../../helpers/store-reads';
import { experimentRegistry } from '../../../experiments/registry';
import { labAnchorByAnswerFile, labAnchorFile } from '../../helpers/block-experiment';

describe('simulated participants through the real HTTP flow', () => {
  let app: Awaited<ReturnType<typeof listeningTestApp>>;
  beforeAll(async () => {
    app = await listeningTestApp();
  });
  afterAll(async () => app.close());

  it('brings 200 participants across both experiments to completion, with process data and answers stored', async () => {
    const progress: number[] = [];
    for (const key of ['loan-anchor', 'credit-choice']) {
      const definition = app.experiments.get(key)!.definition;
      const summary = await simulateParticipants({
        baseUrl: app.baseUrl,
        definition,
        participants: 100,
        idPrefix: `test-${key}`,
        concurrency: 6,
        onProgress: (done) => progress.push(done),
      });
      expect(summary.failures).toEqual([]);
      expect(summary.completed).toBe(100);
      expect(Object.values(summary.byArm).reduce((sum, arm) => sum + arm.completed, 0)).toBe(100);
      const counts = await app.store.countByArm(key);
      expect(counts.reduce((sum, arm) => sum + arm.completed, 0)).toBe(100);
      for (const arm of definition.arms) expect(counts.find((row) => row.arm === arm.key)?.completed).toBe(summary.byArm[arm.key]!.completed);
      const sample = await app.store.findParticipant(key, `test-${key}-7`);
      expect(sample?.decision?.processDataStatus).toBe('recorded');
      expect(sample?.decision?.timingSource).toBe('client');
      expect((await listAnswers(app.store, key, `test-${key}-7`)).length).toBe(definition.questionnaire.length);
    }
    expect(progress.at(-1)).toBe(100);
    expect(progress.length).toBe(200);
  }, 120_000);

  it('behaves by arm: anchors pull amounts, a revolving default raises revolving choices', async () => {
    const simulate = (key: string) =>
      simulateParticipants({ baseUrl: app.baseUrl, definition: app.experiments.get(key)!.definition, participants: 240, idPrefix: `effect-${key}`, effect: 2, concurrency: 8 });
    await simulate('loan-anchor');
    await simulate('credit-choice');
    const meanBy = async (key: string, value: (values: Record<string, number | string>) => number) => {
      const rows = await listDecisions(app.store, key);
      const byArm = new Map<string, number[]>();
      for (const row of rows.filter((candidate) => candidate.participantId.startsWith('effect-'))) {
        byArm.set(row.arm, [...(byArm.get(row.arm) ?? []), value(row.values)]);
      }
      return Object.fromEntries([...byArm].map(([arm, values]) => [arm, values.reduce((sum, x) => sum + x, 0) / values.length]));
    };
    const amounts = await meanBy('loan-anchor', (values) => Number(values.amount));
    expect(amounts['low-anchor']).toBeLessThan(amounts.control!);
    expect(amounts['high-anchor']).toBeGreaterThan(amounts.control!);
    const revolving = await meanBy('credit-choice', (values) => Number(values.product === 'revolving'));
    // Per default level, pooled over the disclosure cells (40 per cell): revolving pre-selected > none > fixed pre-selected.
    const pooled = (level: string) => (revolving[`${level}-hidden`]! + revolving[`${level}-shown`]!) / 2;
    expect(pooled('revolving')).toBeGreaterThan(pooled('none'));
    expect(pooled('none')).toBeGreaterThan(pooled('fixed'));
  }, 120_000);

  it('simulates the statement and fixed-amount screens by arm: a shown minimum lowers repayments, a term default pulls chosen terms', async () => {
    const termsAndRepayments: Record<string, Record<string, number>> = {};
    for (const [key, field] of [['minimum-repayment', 'repayment'], ['default-term', 'term']] as const) {
      const summary = await simulateParticipants({ baseUrl: app.baseUrl, definition: app.experiments.get(key)!.definition, participants: 180, idPrefix: `flagship-${key}`, effect: 2, concurrency: 8 });
      expect(summary.failures).toEqual([]);
      expect(summary.completed).toBe(180);
      const byArm = new Map<string, number[]>();
      for (const row of await listDecisions(app.store, key)) byArm.set(row.arm, [...(byArm.get(row.arm) ?? []), Number(row.values[field])]);
      termsAndRepayments[key] = Object.fromEntries([...byArm].map(([arm, values]) => [arm, values.reduce((sum, x) => sum + x, 0) / values.length]));
    }
    const repayments = termsAndRepayments['minimum-repayment']!;
    expect(repayments['minimum-shown']).toBeLessThan(repayments.control!);
    const terms = termsAndRepayments['default-term']!;
    expect(terms['short-default']).toBeLessThan(terms.control!);
    expect(terms['long-default']).toBeGreaterThan(terms.control!);
    const amounts = (await listDecisions(app.store, 'default-term')).map((row) => row.values.amount);
    expect(new Set(amounts)).toEqual(new Set([10000]));
  }, 120_000);

  it('counts a participant who cannot complete as failed, with the reason', async () => {
    const definition = app.experiments.get('loan-anchor')!.definition;
    const summary = await simulateParticipants({ baseUrl: app.baseUrl, definition: { ...definition, key: 'no-such-experiment' }, participants: 2, concurrency: 1 });
    expect(summary.completed).toBe(0);
    expect(summary.failed).toBe(2);
    expect(summary.failures[0]).toContain('answered 404');
  });
});

describe('simulated participants under permuted blocks', () => {
  let app: Awaited<ReturnType<typeof listeningTestApp>>;
  beforeAll(async () => {
    app = await listeningTestApp();
  });
  afterAll(async () => app.close());
  /** The secret test/helpers/test-app.ts gives the app. */
  const testToken = testTrafficToken('test-secret-that-is-long-enough-0123456789', 'minimum-repayment');

  it('learn their arm from the server (test traffic only), fill all three arms of minimum-repayment in balanced blocks, and answer as their arm', async () => {
    const definition = app.experiments.get('minimum-repayment')!.definition;
    expect(definition.randomisation.method).toBe('permuted-blocks');
    const summary = await simulateParticipants({ baseUrl: app.baseUrl, definition, participants: 36, idPrefix: 'blocks', concurrency: 6, testToken });
    expect(summary.failures).toEqual([]);
    expect(summary.armUnknown).toBe(0);
    expect(summary.byArm).toEqual({ control: { completed: 12 }, 'minimum-shown': { completed: 12 }, 'payoff-prompt': { completed: 12 } });
    const stored = await Promise.all(Array.from({ length: 36 }, (_, index) => app.store.findParticipant('minimum-repayment', `blocks-${index}`)));
    // The arms the simulator counted are the arms the server stored.
    const storedByArm: Record<string, number> = {};
    for (const participant of stored) storedByArm[participant!.arm!] = (storedByArm[participant!.arm!] ?? 0) + 1;
    expect(storedByArm).toEqual({ control: 12, 'minimum-shown': 12, 'payoff-prompt': 12 });
    // Six whole blocks of six, each holding every arm twice.
    const blocks = new Map<number, string[]>();
    for (const participant of stored) blocks.set(participant!.block!.blockIndex, [...(blocks.get(participant!.block!.blockIndex) ?? []), participant!.arm!]);
    expect([...blocks.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const arms of blocks.values()) expect(arms.sort()).toEqual(['control', 'control', 'minimum-shown', 'minimum-shown', 'payoff-prompt', 'payoff-prompt']);
    // The manipulation check is answered as the arm saw it (right 80% of the time; by chance it would be about 1 in 4).
    const recalled = await Promise.all(stored.map(async (participant) => (await listAnswers(app.store, 'minimum-repayment', participant!.participantId)).find((answer) => answer.questionKey === 'recall_minimum')!.correct));
    expect(recalled.filter(Boolean).length).toBeGreaterThanOrEqual(24);
  }, 120_000);

  it('without the test link the server keeps the arm to itself, and the simulator says it does not know', async () => {
    const definition = app.experiments.get('minimum-repayment')!.definition;
    const summary = await simulateParticipants({ baseUrl: app.baseUrl, definition, participants: 3, idPrefix: 'real', concurrency: 1 });
    expect(summary.failures).toEqual([]);
    expect(summary.armUnknown).toBe(3);
    expect(Object.values(summary.byArm).every((arm) => arm.completed === 0)).toBe(true);
  }, 60_000);
});

describe('simulated participants under stratified permuted blocks', () => {
  let app: Awaited<ReturnType<typeof listeningTestApp>>;
  beforeAll(async () => {
    app = await listeningTestApp({ files: [...experimentRegistry, labAnchorByAnswerFile, labAnchorFile] });
  });
  afterAll(async () => app.close());
  const key = 'lab-anchor-by-answer';
  const testToken = testTrafficToken('test-secret-that-is-long-enough-0123456789', key);

  it('answer the stratum question first, are drawn from their answer’s blocks, and learn their arm from the server', async () => {
    const definition = app.experiments.get(key)!.definition;
    const summary = await simulateParticipants({ baseUrl: app.baseUrl, definition, participants: 30, idPrefix: 'by-answer', concurrency: 6, testToken });
    expect(summary.failures).toEqual([]);
    expect(summary.completed).toBe(30);
    expect(summary.armUnknown).toBe(0);
    const stored = await Promise.all(Array.from({ length: 30 }, (_, index) => app.store.findParticipant(key, `by-answer-${index}`)));
    const storedByArm: Record<string, number> = { control: 0, 'low-anchor': 0, 'high-anchor': 0 };
    for (const participant of stored) storedByArm[participant!.arm!] = storedByArm[participant!.arm!]! + 1;
    expect(Object.fromEntries(Object.entries(summary.byArm).map(([arm, { completed }]) => [arm, completed]))).toEqual(storedByArm);
    const rows = [];
    for await (const row of app.store.streamParticipantRows(key, { includeTest: true })) rows.push(row);
    expect(rows).toHaveLength(30);
    for (const row of rows) expect(row.block!.stratum).toBe(row.answers.current_loan!.answer);
    for (const stratum of ['yes', 'no']) {
      const inStratum = rows.filter((row) => row.block!.stratum === stratum);
      // Both answers occur (the simulator picks among the options), and their positions are taken without gaps.
      expect(inStratum.length).toBeGreaterThan(0);
      expect(inStratum.map((row) => row.block!.blockIndex * 6 + row.block!.position).sort((a, b) => a - b)).toEqual(inStratum.map((_, index) => index));
      for (let blockIndex = 0; blockIndex < Math.floor(inStratum.length / 6); blockIndex += 1) {
        const arms = inStratum.filter((row) => row.block!.blockIndex === blockIndex).map((row) => row.arm);
        expect(arms.sort()).toEqual(['control', 'control', 'high-anchor', 'high-anchor', 'low-anchor', 'low-anchor']);
      }
    }
  }, 120_000);

  it('put the stratum in the link of a design stratified by an entry parameter, the levels in turn', async () => {
    const definition = app.experiments.get('lab-anchor')!.definition;
    const summary = await simulateParticipants({ baseUrl: app.baseUrl, definition, participants: 24, idPrefix: 'by-link', concurrency: 6, testToken: testTrafficToken('test-secret-that-is-long-enough-0123456789', 'lab-anchor') });
    expect(summary.failures).toEqual([]);
    expect(summary.armUnknown).toBe(0);
    const rows = [];
    for await (const row of app.store.streamParticipantRows('lab-anchor', { includeTest: true })) rows.push(row);
    expect(rows.filter((row) => row.block!.stratum === 'low')).toHaveLength(12);
    for (const row of rows) expect(row.block!.stratum).toBe(Number(row.participantId.split('-').pop()) % 2 === 0 ? 'low' : 'high');
    expect(Object.values(summary.byArm).map((arm) => arm.completed)).toEqual([8, 8, 8]);
  }, 120_000);
});

describe('observeScreen', () => {
  it('reads a slider, a pre-filled term and a product order from the page', () => {
    expect(
      observeScreen('<form data-screen="amount"><input id="amount" name="amount" type="range" min="1000" max="15000" step="100" value="8000"><input type="radio" name="term" value="36"><input type="radio" name="term" value="60" checked></form>'),
    ).toEqual({ template: 'amount', startingAmount: 8000, slider: { min: 1000, max: 15000, step: 100 }, termOptions: [36, 60], checkedTerm: 60 });
    expect(
      observeScreen('<form data-screen="product-choice"><input type="radio" name="product" value="revolving" checked><input type="radio" name="product" value="fixed"></form>'),
    ).toEqual({ template: 'product-choice', productOrder: ['revolving', 'fixed'], preselected: 'revolving', showsTotalCostAndPayoff: false });
    expect(
      observeScreen('<form data-screen="product-choice" data-shows-total-cost="true"><input type="radio" name="product" value="fixed"><input type="radio" name="product" value="revolving"></form>'),
    ).toEqual({ template: 'product-choice', productOrder: ['fixed', 'revolving'], preselected: null, showsTotalCostAndPayoff: true });
  });
});
