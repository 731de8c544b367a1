import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MetricReport } from '../../../analysis/analysis-report';
import { compareContinuous } from '../../../analysis/compare-continuous';
import type { ArmFlow } from '../../../analysis/participant-flow';
import type { Outcome } from '../../../experiments/definition-schema';
import { sensitivityView } from '../../../server/results/sensitivity-view';
import { hashPassword } from '../../../server/admin/password-hash';
import { sensitivityLines } from '../../../server/cli/report-command';
import { experimentResults } from '../../../server/results/experiment-results';
import { csrfTokenOf } from '../../helpers/test-app';
import { workspaceApp } from '../admin/workspace-app';

/** n values evenly spread over mean ± spread·√3 (SD = spread). */
const sample = (n: number, mean: number, spread: number) => Array.from({ length: n }, (_, index) => mean + spread * Math.sqrt(3) * ((2 * index) / (n - 1) - 1));

const outcome = { key: 'amount', label: 'Requested amount', type: 'continuous', unit: 'EUR', primary: true } as unknown as Outcome;
const labels: Record<string, string> = { control: 'Empty field', low: 'Low anchor', high: 'High anchor' };
const labelOf = (arm: string) => labels[arm] ?? arm;

/** A primary metric made of real comparisons (only the fields the view reads). */
const metric = (comparisons: ReturnType<typeof compareContinuous>[]) => ({ metric: 'amount', type: 'continuous', family: 'primary', comparisons }) as unknown as MetricReport;
const flow = (excluded: number): ArmFlow[] => [
  { arm: 'control', entered: 20, consented: 20, exposed: 20, decided: 20, completed: 20, excluded: 0, excludedByRule: {}, analysed: 20 },
  { arm: 'low', entered: 60, consented: 60, exposed: 60, decided: 60, completed: 60 - excluded, excluded, excludedByRule: { 'did-not-complete': excluded }, analysed: 60 - excluded },
];
const input = (metrics: MetricReport[], sensitivityMetrics: MetricReport[], excluded: number) => ({ metrics, sensitivityMetrics, flow: flow(excluded), state: 'stopped', plannedPerArm: 20, confidenceLevel: 0.95 });

describe('sensitivityView', () => {
  const control = sample(20, 10_000, 300);
  const analysedLow = compareContinuous('low', sample(20, 7_000, 300), 'control', control, 0.95, { expectedDirection: 'lower' });

  it('is absent when nobody was excluded: the two analyses are the same', () => {
    expect(sensitivityView(input([metric([analysedLow])], [metric([analysedLow])], 0), () => outcome, labelOf)).toBeNull();
  });

  it('says the verdict is the same when it survives the exclusions', () => {
    // The 40 excluded decided like the analysed: everyone together is still clearly lower.
    const everyone = compareContinuous('low', sample(60, 7_100, 300), 'control', control, 0.95, { expectedDirection: 'lower' });
    const view = sensitivityView(input([metric([analysedLow])], [metric([everyone])], 40), () => outcome, labelOf)!;
    expect(view.summary).toBe('Without the pre-registered exclusions (everyone who decided: 40 more participants), the primary verdict is the same.');
    expect(view.dependsOnExclusions).toBe(false);
    expect(view.rows).toEqual([{ label: 'Requested amount: Low anchor against Empty field', analysed: 'Lower than Empty field, as hypothesised.', withoutExclusions: 'Lower than Empty field, as hypothesised.', sizes: '60 / 20', differs: false }]);
  });

  it('says the conclusion depends on the exclusions when a verdict changes without them', () => {
    // 40 who never completed asked for far more: with them the low anchor no longer reads lower.
    const everyone = compareContinuous('low', [...sample(20, 7_000, 300), ...sample(40, 11_500, 3_000)], 'control', control, 0.95, { expectedDirection: 'lower' });
    expect(everyone.verdict).not.toBe('lower');
    const view = sensitivityView(input([metric([analysedLow])], [metric([everyone])], 40), () => outcome, labelOf)!;
    expect(view.dependsOnExclusions).toBe(true);
    expect(view.summary).toBe(
      'Without the pre-registered exclusions (everyone who decided: 40 more participants), the primary verdict differs: the conclusion depends on who is excluded, so report both analyses.',
    );
    expect(view.rows[0]!.analysed).toBe('Lower than Empty field, as hypothesised.');
    expect(view.rows[0]!.withoutExclusions).not.toMatch(/^Lower/);
    expect(view.rows[0]!.differs).toBe(true);
  });

  it('reads both populations the way the analysed headline is read, so a verdict differs by who is in it, not by the method', () => {
    // While running and short of the plan (30 per arm) the analysed headline is the confidence sequence; everyone who decided (60 against 40) has passed the plan.
    const wideControl = sample(40, 10_000, 3_000);
    const analysed = compareContinuous('low', sample(20, 8_500, 3_000), 'control', wideControl, 0.95, { expectedDirection: 'lower' });
    const everyone = compareContinuous('low', sample(60, 8_500, 3_000), 'control', wideControl, 0.95, { expectedDirection: 'lower' });
    // The fixed horizon calls everyone lower; the sequence does not.
    expect([everyone.verdict, everyone.sequentialVerdict]).toEqual(['lower', 'inconclusive']);
    const flowOf: ArmFlow[] = [
      { arm: 'control', entered: 40, consented: 40, exposed: 40, decided: 40, completed: 40, excluded: 0, excludedByRule: {}, analysed: 40 },
      { arm: 'low', entered: 60, consented: 60, exposed: 60, decided: 60, completed: 20, excluded: 40, excludedByRule: { 'did-not-complete': 40 }, analysed: 20 },
    ];
    const view = sensitivityView({ metrics: [metric([analysed])], sensitivityMetrics: [metric([everyone])], flow: flowOf, state: 'running', plannedPerArm: 30, confidenceLevel: 0.95 }, () => outcome, labelOf)!;
    expect(view.rows[0]!.differs).toBe(false);
    expect(view.rows[0]!.withoutExclusions).toBe('Inconclusive: the data cannot tell yet whether it is higher, lower or the same as Empty field.');
  });

  it('counts how many of several verdicts differ', () => {
    const high = compareContinuous('high', sample(20, 10_050, 300), 'control', control, 0.95, { expectedDirection: 'higher' });
    const everyoneLow = compareContinuous('low', [...sample(20, 7_000, 300), ...sample(40, 11_500, 3_000)], 'control', control, 0.95, { expectedDirection: 'lower' });
    const view = sensitivityView(input([metric([analysedLow, high])], [metric([everyoneLow, high])], 40), () => outcome, labelOf)!;
    expect(view.summary).toMatch(/, 1 of 2 primary verdicts differ: the conclusion depends on who is excluded, so report both analyses\.$/);
    expect(view.rows.map((row) => row.differs)).toEqual([true, false]);
    // Two the same read "both", not "all 2".
    const same = sensitivityView(input([metric([high, high])], [metric([high, high])], 40), () => outcome, labelOf)!;
    expect(same.summary).toMatch(/, both primary verdicts are the same\.$/);
  });
});

describe('the results page and the report with exclusions that change a verdict', () => {
  let workspace: Awaited<ReturnType<typeof workspaceApp>>;

  beforeAll(async () => {
    workspace = await workspaceApp();
    const { store, experiments } = workspace;
    await store.createUser({ username: 'reader', role: 'researcher', passwordHash: await hashPassword('reader-password-long'), createdAt: new Date() });
    const definitionHash = experiments.get('loan-anchor')!.definitionHash;
    const at = new Date();
    /** A participant of loan-anchor who decides `amount` (term 60) and, when `completes`, finishes. */
    const decide = async (participantId: string, arm: string, amount: number, completes: boolean) => {
      await store.enrolParticipant({ experimentKey: 'loan-anchor', participantId, panelId: null, locale: 'nl', userAgentClass: 'desktop', arm, definitionHash, at });
      await store.recordDecision({ experimentKey: 'loan-anchor', participantId, values: { amount, term: 60 }, keptDefault: null, timeToDecisionMs: 20_000, timingSource: 'client', processData: { status: 'missing' }, at });
      if (completes) await store.recordCompletion('loan-anchor', participantId, participantId.padEnd(12, '0').slice(0, 12), at);
    };
    const amounts = (n: number, mean: number, spread: number) => sample(n, mean, spread).map((value) => Math.round(value));
    for (const [index, amount] of amounts(20, 10_000, 300).entries()) await decide(`c-${index}`, 'control', amount, true);
    for (const [index, amount] of amounts(20, 7_000, 300).entries()) await decide(`l-${index}`, 'low-anchor', amount, true);
    for (const [index, amount] of amounts(20, 10_050, 300).entries()) await decide(`h-${index}`, 'high-anchor', amount, true);
    // 40 in the low anchor decide on far more and never complete: the plan's did-not-complete rule leaves them out.
    for (const [index, amount] of amounts(40, 11_500, 3_000).entries()) await decide(`l-gone-${index}`, 'low-anchor', amount, false);
  }, 30_000);

  it('states it above the verdicts and lists each primary comparison both ways', async () => {
    const agent = request.agent(workspace.app);
    const csrf = csrfTokenOf((await agent.get('/admin/login')).text);
    await agent.post('/admin/login').type('form').send({ _csrf: csrf, username: 'reader', password: 'reader-password-long' }).expect(303);
    const page = (await agent.get('/admin/experiments/loan-anchor/results').expect(200)).text;

    const alarm = page.match(/<p class="notice" data-sensitivity-alarm>([^<]*)<\/p>/)?.[1];
    expect(alarm).toBe(
      'Without the pre-registered exclusions (everyone who decided: 40 more participants), 1 of 2 primary verdicts differ: the conclusion depends on who is excluded, so report both analyses. See “Participants and the sample”.',
    );
    // Stated before the verdict lines it qualifies.
    expect(page.indexOf('data-sensitivity-alarm')).toBeLessThan(page.indexOf('data-verdicts'));
    expect(page).toMatch(/<li data-sensitivity-row="differs"><strong>Requested amount: [^<]+ against [^<]+<\/strong>\. Analysed: Lower than [^<]+, as hypothesised\. Everyone who decided \(60 \/ 20\): (?!Lower)[^<]+<\/li>/);
    expect(page).toMatch(/<li data-sensitivity-row="same"><strong>Requested amount: [^<]+ against [^<]+<\/strong>\. Analysed: Inconclusive[^<]+Everyone who decided \(20 \/ 20\): Inconclusive[^<]+<\/li>/);
  });

  it('gives `nudgelab report` the same lines, marking the verdict that differs', async () => {
    const lines = sensitivityLines(await experimentResults(workspace.store, workspace.experiments.get('loan-anchor')!));
    expect(lines[0]).toBe('Sensitivity, everyone who decided (40 more participants, no exclusions):');
    expect(lines.filter((line) => line.includes('DIFFERS'))).toEqual([expect.stringMatching(/^ {2}amount, low-anchor vs control: (?!lower)\S+.* — DIFFERS from the analysed verdict \(lower\)$/)]);
    // The report gives fixed-horizon verdicts: €50 apart with SDs of €300 is within the ±€500 margin, with or without the exclusions.
    expect(lines.find((line) => line.includes('high-anchor vs control'))).toMatch(/^ {2}amount, high-anchor vs control: equivalent \(adjusted p = [0-9.]+\)$/);
  });
});
