import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/admin/password-hash';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { testTrafficToken } from '../../../server/test-traffic/test-traffic-token';
import { compareBinary } from '../../../analysis/compare-binary';
import { compareContinuous } from '../../../analysis/compare-continuous';
import { outcomeUnitFormat, pValueCell, pValueText } from '../../../server/results/figure-format';
import { comparisonInWords } from '../../../server/results/plain-words';
import { csrfTokenOf } from '../../helpers/test-app';
import { listeningTestApp } from '../../helpers/listening-app';
import { runNudgelab } from '../../helpers/nudgelab-command';

const root = new URL('../../..', import.meta.url).pathname;

describe('results page, preview, report and export commands', () => {
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  const databasePath = join(mkdtempSync(join(tmpdir(), 'nudgelab-results-')), 'results.db');
  const signIn = async (username: string, password: string) => {
    const agent = request.agent(server.app);
    const csrf = csrfTokenOf((await agent.get('/admin/login')).text);
    await agent.post('/admin/login').type('form').send({ _csrf: csrf, username, password }).expect(303);
    return agent;
  };

  beforeAll(async () => {
    server = await listeningTestApp({ databasePath });
    await simulateParticipants({ baseUrl: server.baseUrl, definition: server.experiments.get('loan-anchor')!.definition, participants: 150, idPrefix: 'page', effect: 1.5, concurrency: 6 });
    // Only test traffic in credit-choice: its page must stay empty and say what it left out.
    const testToken = testTrafficToken('test-secret-that-is-long-enough-0123456789', 'credit-choice'); // the test app's secret, see test/helpers/test-app.ts
    await simulateParticipants({ baseUrl: server.baseUrl, definition: server.experiments.get('credit-choice')!.definition, participants: 5, idPrefix: 'page-test', concurrency: 2, testToken });
    await server.store.createUser({ username: 'anna', role: 'researcher', passwordHash: await hashPassword('researcher-password'), createdAt: new Date() });
    await server.store.createUser({ username: 'root', role: 'admin', passwordHash: await hashPassword('admin-password-x'), createdAt: new Date() });
  }, 120_000);
  afterAll(async () => server.close());

  it('leads with the verdict per primary comparison, the family, and while running the peeking-safe interval', async () => {
    const agent = await signIn('anna', 'researcher-password');
    const page = (await agent.get('/admin/experiments/loan-anchor/results').expect(200)).text;
    const results = (await agent.get('/api/v1/experiments/loan-anchor/results').expect(200)).body;
    const amount = results.metrics.find((metric: { metric: string }) => metric.metric === 'amount');
    const low = amount.comparisons.find((comparison: { arm: string }) => comparison.arm === 'low-anchor');
    expect(results.families[0]).toEqual({ name: 'primary', metrics: ['amount'], correction: 'holm', size: 2 });
    expect(low).toMatchObject({ family: 'primary', familySize: 2, expectedDirection: 'lower', smallestEffectOfInterest: 500 });
    expect(low.sequentialConfidenceLevel).toBeCloseTo(0.975, 12);
    // The verdict section comes before everything else: the sample, the secondary outcomes, the researcher figures.
    const verdictAt = page.indexOf('id="verdict-heading"');
    expect(verdictAt).toBeGreaterThan(0);
    expect(verdictAt).toBeLessThan(page.indexOf('id="sample-heading"'));
    expect(page.indexOf('id="sample-heading"')).toBeLessThan(page.indexOf('id="secondary-heading"'));
    expect(page.indexOf('id="secondary-heading"')).toBeLessThan(page.indexOf('id="researcher-heading"'));
    // Every figure of each comparison is on the page, folded (closed) under a line that says what it holds, so the page reads at a glance.
    const folded = [...page.matchAll(/<details class="comparison-figures" data-comparison-figures>\s*<summary>([^<]*)<\/summary>\s*<table class="data-table data-table--figures" data-comparison>([\s\S]*?)<\/table>\s*<\/details>/g)];
    expect(folded.length).toBe((page.match(/data-comparison>/g) ?? []).length);
    expect(folded.length).toBe(results.metrics.reduce((sum: number, metric: { comparisons: unknown[] }) => sum + metric.comparisons.length, 0));
    const lowFigures = folded.find(([, summary]) => summary!.startsWith('Pre-filled €2,500 against Empty amount field'))!;
    expect(lowFigures[1]).toMatch(/^Pre-filled €2,500 against Empty amount field: every figure \(\d+\)/);
    expect(Number(/every figure \((\d+)\)/.exec(lowFigures[1]!)![1])).toBe((lowFigures[2]!.match(/<tr><th scope="row">(?!Note)/g) ?? []).length);
    expect(lowFigures[2]).toContain('p (Welch t-test)');
    // 50 per arm of the planned 125 while running: the headline is the confidence sequence and its verdict.
    expect(page).toContain('data-interim>The experiment is running and has not reached the planned 125 per arm');
    expect(page).toContain('Holm over all 2 primary comparisons together (family: primary).');
    expect(low.sequentialVerdict).toBe('lower');
    expect(page).toMatch(/<li class="verdict verdict--as-hypothesised" data-verdict="lower"><strong>Pre-filled €2,500:<\/strong> <span data-verdict-line>Lower than Empty amount field, as hypothesised\.<\/span>/);
    const magnitude = `€${Math.round(Math.abs(low.diff)).toLocaleString('en-GB')}`;
    expect(page).toContain(`<span class="verdict__words" data-words>Pre-filled €2,500 lowered requested amount by ${magnitude} (97.5% confidence sequence €`);
    expect(page).toContain('compared with Empty amount field, in the hypothesised direction; the confidence sequence excludes zero.</span>');
    // The forest chart of the primary outcome at both widths, with its text alternative and downloads.
    expect(page.match(/<svg role="img" aria-label="Requested amount, difference from Empty amount field with the headline interval and the equivalence band ±€500: Pre-filled €2,500 −€/g)).toHaveLength(2);
    expect(page).toContain('class="chart chart--wide"');
    expect(page).toContain('class="chart chart--narrow"');
    expect(page).toContain('href="/admin/experiments/loan-anchor/charts/forest-amount.svg"');
    expect(page).toContain('href="/admin/experiments/loan-anchor/charts/distribution.csv"');
    // Flow and sample in words.
    // Analysed: those no pre-registered rule excludes (simulated participants sometimes fail the attention check).
    const analysed = (results.participantFlow.arms as { analysed: number }[]).reduce((sum, arm) => sum + arm.analysed, 0);
    expect(analysed).toBeLessThanOrEqual(150);
    expect(page).toContain(`<li data-flow-line>Analysed ${analysed} of 150 entered (${((100 * analysed) / 150).toFixed(1)}%); completed by arm: Empty amount field 100.0%`);
    // This app never started the experiment through the lifecycle: running, without a start date (it read "Not started (running)").
    expect(page).toContain('<li data-running>Running; no start date is recorded.</li>');
    expect(page).toMatch(/<li data-progress>Smallest arm [^:]+: \d+ analysed of the planned 125 per arm \(\d+\.\d%\)\.<\/li>/);
    expect(page).toMatch(/<li data-srm="ok">No sample-ratio mismatch detected \(chi-square \d+\.\d\d, df 2, p = 0\.\d{3}\)\.<\/li>/);
    // Charts: distribution with the anchors, enrolment, flow; no inline style or script in any of them.
    expect(page).toContain('aria-label="Requested amount per arm, as the share of each arm in bins of €');
    expect(page).toContain('with the pre-filled amounts (€2,500, €25,000) marked');
    expect(page).toMatch(/aria-label="Participants so far per arm, by day from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(UTC\): Empty amount field \d+/);
    expect(page).toContain('aria-label="Participants per arm at each step (entered → saw the screen → decided → completed → analysed): Empty amount field');
    expect(page).not.toMatch(/<svg[^>]*style=|<script(?! src="\/static\/)/);
    // Achieved power: Welch with both arms' SDs at α/2, and the formula named.
    expect(page).toMatch(/<td data-power>\d+\.\d%<\/td><td>Welch t-test, two-sided at α = 0.025, with the observed SDs/);
    // The planned effect in the primary outcome's unit (for credit-choice it would read in percentage points, not 0.15).
    expect(page).toContain('<tr><th scope="row">Minimum detectable effect</th><td>€1,000 (Requested amount)</td></tr>');
    // Every figure of the JSON in the researcher section, in units, with real minus signs.
    expect(page).toContain('<th scope="row">Difference (€)</th><td>−' + Math.round(Math.abs(low.diff)).toLocaleString('en-GB') + '</td>');
    for (const name of ['95% CI', '97.5% confidence sequence (peeking-safe)', 'Standard error', "Hedges' g 95% CI", 'Mann–Whitney p', 'Rank-biserial correlation', 'Relative lift 95% CI (delta method)', 'Equivalence p (TOST)', 'Chance to beat control (Bayesian)', 'Expected loss of acting on the hypothesis (relative)', 'Relative risk 95% CI', "Fisher's exact p", 'Odds ratio 95% CI']) {
      expect(page).toContain(`<th scope="row">${name.replace(/'/g, '&#39;')}</th>`);
    }
    expect(page).not.toMatch(/p 0\.0000|<td>-\d/);
    // A chance is never rounded to a certainty: the low anchor's is beyond 99.9%.
    expect(lowFigures[2]).toContain('<th scope="row">Chance in the hypothesised direction</th><td>&gt; 99.9%</td>');
    expect(page).not.toMatch(/Chance[^<]*<\/th><td>(100\.0|0\.0)%/);
  }, 60_000);

  it('folds the secondary outcomes away and serves every chart as SVG and its data as CSV', async () => {
    const agent = await signIn('anna', 'researcher-password');
    const page = (await agent.get('/admin/experiments/loan-anchor/results').expect(200)).text;
    expect(page).toMatch(/<details class="metric" data-metric="kept_prefill">\s*<summary>Kept the pre-filled amount \(secondary — exploratory\)<\/summary>/);
    const names = [...page.matchAll(/href="\/admin\/experiments\/loan-anchor\/charts\/([a-z0-9_-]+)\.svg"/g)].map((match) => match[1]);
    expect(names).toEqual(expect.arrayContaining(['forest-amount', 'distribution', 'enrolment', 'participant-flow']));
    for (const name of names) {
      const svg = await agent.get(`/admin/experiments/loan-anchor/charts/${name}.svg`).expect(200);
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(svg.headers['cache-control']).toContain('no-store');
      const text = svg.body instanceof Buffer ? svg.body.toString('utf8') : svg.text;
      expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg role="img" aria-label="[^"]+" class="chart chart--wide" xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(text.match(/^<svg[^>]*>/m)![0].match(/ class=/g)).toHaveLength(1);
    }
    const flow = await agent.get('/admin/experiments/loan-anchor/charts/participant-flow.csv').expect(200);
    expect(flow.headers['content-disposition']).toBe('attachment; filename="loan-anchor-participant-flow.csv"');
    const rows = parse(flow.text, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.arm)).toEqual(['control', 'low-anchor', 'high-anchor']);
    expect(rows.reduce((sum, row) => sum + Number(row.entered), 0)).toBe(150);
    const distribution = parse((await agent.get('/admin/experiments/loan-anchor/charts/distribution.csv').expect(200)).text, { columns: true }) as Record<string, string>[];
    expect(distribution.reduce((sum, row) => sum + Number(row.participants), 0)).toBe(150);
    const high = distribution.filter((row) => row.arm === 'high-anchor');
    expect(high.reduce((sum, row) => sum + Number(row.share), 0)).toBeCloseTo(1, 9);
    await agent.get('/admin/experiments/loan-anchor/charts/nope.svg').expect(404);
    await agent.get('/admin/experiments/loan-anchor/charts/distribution.png').expect(404);
    await agent.get('/admin/experiments/no-such/charts/distribution.svg').expect(404);
    await request(server.app).get('/admin/experiments/loan-anchor/charts/distribution.svg').expect((response) => expect([302, 303, 401]).toContain(response.status));
  }, 60_000);

  it('says in words that an experiment without participants has nothing to show, instead of drawing axes', async () => {
    const agent = await signIn('anna', 'researcher-password');
    const page = (await agent.get('/admin/experiments/credit-choice/results').expect(200)).text;
    expect(page).toContain('data-empty>Nobody has taken part yet, so there is nothing to conclude.');
    expect(page).toContain('<li data-test-traffic>5 test participants (simulated, or from test links) are left out of everything on this page.</li>');
    expect(page).not.toContain('<svg');
    expect(page).not.toContain('1970');
    expect(page).not.toContain('p = 1.00');
    expect(page).toContain('Sample ratio not checked yet: the check counts once the planned weights expect at least 8 participants in every arm (0 enrolled so far).');
    expect(page).toContain('data-chart-empty>Nobody has entered yet: enrolment over time appears with the first participant.');
    expect(page).toContain('<li data-flow-line>Nobody has entered yet.</li>');
    await agent.get('/admin/experiments/credit-choice/charts/enrolment.svg').expect(404);
    expect((await agent.get('/admin/experiments/credit-choice/charts/enrolment.csv').expect(200)).text).toBe('');
  }, 30_000);

  it('puts a sample-ratio mismatch at the top, over the verdicts, even when an arm got nobody at all', async () => {
    // 60 enrolled, every one in the control: the most broken randomisation there is (expected 20 per arm).
    for (let index = 0; index < 60; index += 1) {
      await server.store.enrolParticipant({ experimentKey: 'default-term', participantId: `srm-${index}`, panelId: null, locale: 'nl', userAgentClass: 'desktop', arm: 'control', definitionHash: 'x', at: new Date() });
    }
    const agent = await signIn('anna', 'researcher-password');
    const page = (await agent.get('/admin/experiments/default-term/results').expect(200)).text;
    expect(page).toMatch(/<li data-srm="mismatch">Sample-ratio MISMATCH \(chi-square 120\.00, df 2, p &lt; 0\.001\): check randomisation and logging before reading any effect\.<\/li>/);
    const alarm = page.indexOf('data-integrity-alarm>');
    expect(alarm).toBeGreaterThan(page.indexOf('id="verdict-heading"'));
    expect(alarm).toBeLessThan(page.indexOf('data-verdicts'));
    expect(page).toContain('data-integrity-alarm>Sample-ratio mismatch: the arms do not hold the shares the design planned (chi-square p &lt; 0.001), so randomisation or logging may be broken. Do not act on any verdict below until that is explained.</p>');
    // Without a mismatch there is no alarm.
    expect((await agent.get('/admin/experiments/loan-anchor/results').expect(200)).text).not.toContain('data-integrity-alarm');
    // Permuted blocks: a participant with an arm but no block position breaks the design, whatever the counts.
    await server.store.enrolParticipant({ experimentKey: 'minimum-repayment', participantId: 'stray', panelId: null, locale: 'nl', userAgentClass: 'desktop', arm: 'control', definitionHash: 'x', at: new Date() });
    const blocks = (await agent.get('/admin/experiments/minimum-repayment/results').expect(200)).text;
    expect(blocks).toContain('data-integrity-alarm>Block-balance alarm: 1 participant(s) have no recorded block, so randomisation or logging may be broken. Do not act on any verdict below until that is explained.</p>');
  }, 30_000);

  it('compares "kept the pre-filled amount" between the two arms that have one, and labels secondary outcomes exploratory', async () => {
    const agent = await signIn('anna', 'researcher-password');
    const results = (await agent.get('/api/v1/experiments/loan-anchor/results').expect(200)).body;
    const kept = results.metrics.find((metric: { metric: string }) => metric.metric === 'kept_prefill');
    expect(kept.family).toBe('secondary');
    expect(kept.comparisons).toHaveLength(1);
    expect(kept.comparisons[0]).toMatchObject({ arm: 'high-anchor', control: 'low-anchor', correction: 'bh' });
    expect(kept.comparisons[0].diff).not.toBeNull();
    const page = (await agent.get('/admin/experiments/loan-anchor/results').expect(200)).text;
    expect(page).toContain('Kept the pre-filled amount (secondary — exploratory)');
    // Its chart compares the two pre-filled arms, not each with the empty field.
    expect(page).not.toContain('Kept the pre-filled amount, difference from Empty amount field');
    expect(page).toContain('aria-label="Kept the pre-filled amount, difference between the arms named (the first minus the second) with the headline interval: Pre-filled €25,000 vs Pre-filled €2,500 ');
    expect(page).toContain('aria-label="Requested amount, difference from Empty amount field with the headline interval and the equivalence band ±€500: ');
    expect(page).toContain('Secondary outcomes are exploratory: unadjusted p, and Benjamini–Hochberg over their');
  }, 30_000);

  it('lets an admin preview any arm without recording anything, and keeps researchers out', async () => {
    const before = await server.store.countByArm('loan-anchor');
    const admin = await signIn('root', 'admin-password-x');
    const previewPage = (await admin.get('/admin/experiments/loan-anchor/preview/high-anchor?lang=en').expect(200)).text;
    expect(previewPage).toContain('data-preview');
    // The pre-fill is written as the page’s language writes amounts.
    expect(previewPage).toMatch(/<input id="amount" name="amount"[^>]*value="25,000"/);
    expect(previewPage).toMatch(/<button type="submit" class="button button--primary" disabled>/);
    expect(previewPage).toContain('Caution! Borrowing money costs money');
    const choice = (await admin.get('/admin/experiments/credit-choice/preview/none-hidden').expect(200)).text;
    expect(choice).toContain('random order');
    expect(await server.store.countByArm('loan-anchor')).toEqual(before);
    expect(await server.store.countByArm('credit-choice')).toEqual([]);
    await admin.get('/admin/experiments/loan-anchor/preview/no-such-arm').expect(404);
    const researcher = await signIn('anna', 'researcher-password');
    await researcher.get('/admin/experiments/loan-anchor/preview/control').expect(403);
  });

  it('nudgelab report prints the same figures as the results endpoint; nudgelab export writes CSV and JSON', async () => {
    const run = (...args: string[]) => runNudgelab([...args], { env: { ...process.env, NUDGELAB_DB: databasePath }, timeout: 60_000 });
    const agent = await signIn('anna', 'researcher-password');
    const fromApi = (await agent.get('/api/v1/experiments/loan-anchor/results').expect(200)).body;
    const report = run('report', '--experiment', 'loan-anchor', '--format', 'json');
    expect(report.status).toBe(0);
    expect(JSON.parse(report.stdout).metrics).toEqual(fromApi.metrics);
    expect(run('report', '--experiment', 'loan-anchor').stdout).toContain('amount (continuous)');

    const folder = mkdtempSync(join(tmpdir(), 'nudgelab-export-'));
    const csv = run('export', '--experiment', 'loan-anchor', '--format', 'csv', '--out', join(folder, 'a.csv'));
    expect(csv.stdout).toContain('wrote 150 participants');
    const fromFile = readFileSync(join(folder, 'a.csv'), 'utf8');
    expect(fromFile).toBe((await agent.get('/api/v1/experiments/loan-anchor/export.csv')).text);
    const json = run('export', '--experiment', 'loan-anchor', '--format', 'json', '--out', join(folder, 'a.json'));
    expect(json.status).toBe(0);
    const rows = JSON.parse(readFileSync(join(folder, 'a.json'), 'utf8')) as Record<string, unknown>[];
    const csvRows = parse(fromFile, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(150);
    expect(rows.map((row) => row.participant_id)).toEqual(csvRows.map((row) => row.participant_id));
    expect(run('export', '--experiment', 'nope', '--out', join(folder, 'x.csv')).status).toBe(2);
  }, 120_000);

  it('says when exclusions, not waiting, leave a comparison too small to test', async () => {
    // Ten decide in each of two credit-choice cells and nobody completes: the plan's did-not-complete rule excludes them all.
    for (const arm of ['revolving-hidden', 'none-hidden']) {
      for (let index = 0; index < 10; index += 1) {
        const participantId = `short-${arm}-${index}`;
        await server.store.enrolParticipant({ experimentKey: 'credit-choice', participantId, panelId: null, locale: 'nl', userAgentClass: 'desktop', arm, definitionHash: 'x', at: new Date() });
        await server.store.recordDecision({ experimentKey: 'credit-choice', participantId, values: { product: 'revolving' }, keptDefault: null, timeToDecisionMs: 9000, timingSource: 'client', processData: { status: 'missing' }, at: new Date() });
      }
    }
    const agent = await signIn('anna', 'researcher-password');
    const page = (await agent.get('/admin/experiments/credit-choice/results').expect(200)).text;
    expect(page).toMatch(/data-words>[^<]*against [^<]*: too early to test: 0 and 0 analysed, at least 8 per arm are needed\. In [^<]+ all 10 who decided are excluded by pre-registered rules \(did not complete: 10\); in [^<]+ all 10 \(did not complete: 10\): check the rule and the screen before waiting for more participants\.<\/span>/);
    // A cell that simply has nobody yet is not blamed: only the emptied control is named.
    expect(page).toMatch(/data-words>default=fixed, disclosure=shown against default=revolving, disclosure=hidden: too early to test: 0 and 0 analysed, at least 8 per arm are needed\. In default=revolving, disclosure=hidden all 10 who decided are excluded by pre-registered rules \(did not complete: 10\): check/);
  }, 30_000);
});

describe('plots and words', () => {
  const words = (comparison: Parameters<typeof comparisonInWords>[0], type: 'continuous' | 'binary', unit: string | undefined, outcomeLabel: string, headline: 'fixed' | 'sequential' = 'fixed') =>
    comparisonInWords(comparison, { armLabel: 'Treatment', controlLabel: 'Control', outcomeLabel, type, format: outcomeUnitFormat(type, unit), headline, confidence: 0.95 });
  const sample = (n: number, mean: number, spread = 1) => Array.from({ length: n }, (_, index) => mean + spread * Math.sqrt(3) * ((2 * index) / (n - 1) - 1));

  it('binary outcomes read as shares in percentage points', () => {
    const comparison = compareBinary('t', { n: 200, count: 40 }, 'c', { n: 200, count: 110 }, 0.95, { expectedDirection: 'lower' });
    expect(words(comparison, 'binary', undefined, 'Chose revolving credit')).toMatch(
      /^With Treatment, the share of participants who chose revolving credit fell by 35\.0 percentage points \(95% CI \d+\.\d percentage points to \d+\.\d percentage points\) compared with Control, in the hypothesised direction; adjusted p < 0\.001, no correction over this outcome’s 1 comparison\.$/,
    );
  });

  it('an inconclusive effect never reads as a rise or fall', () => {
    const comparison = compareContinuous('t', sample(30, 62.7, 12), 'c', sample(30, 60, 12), 0.95, { expectedDirection: 'higher' });
    const sentence = words(comparison, 'continuous', 'months', 'Chosen term');
    expect(comparison.verdict).toBe('inconclusive');
    expect(sentence).toContain('With Treatment, chosen term was 2.7 months higher than with Control (in the hypothesised direction; 95% CI −');
    expect(sentence).toContain('but the data cannot tell whether it is higher, lower or the same; no smallest effect of interest is declared');
    expect(sentence).not.toMatch(/raised|lowered|no change/);
  });

  it('a zero difference is "the same in the sample", not "no change", unless equivalence is shown', () => {
    const zero = compareContinuous('t', sample(40, 10), 'c', sample(40, 10));
    const sentence = words(zero, 'continuous', 'seconds', 'Time to decide');
    expect(sentence).toContain('time to decide was the same in the sample as with Control (difference 0.0 s');
    expect(sentence).not.toContain('no change');
    const equivalent = compareContinuous('t', sample(100, 10), 'c', sample(100, 10), 0.95, { smallestEffectOfInterest: 0.5 });
    expect(words(equivalent, 'continuous', 'seconds', 'Time to decide')).toMatch(
      /^Treatment made no change to time to decide beyond the smallest effect of interest \(±0\.5 s\) compared with Control: the difference is 0\.0 s \(95% CI −0\.\d s to 0\.\d s\); equivalence test p < 0\.001\.$/,
    );
  });

  it('a significant effect against the hypothesis says so, with a real minus sign in euros', () => {
    const comparison = compareContinuous('t', sample(60, 7000, 900), 'c', sample(60, 6000, 900), 0.95, { expectedDirection: 'lower' });
    expect(words(comparison, 'continuous', 'EUR', 'Requested amount')).toMatch(
      /^Treatment raised requested amount by €1,000 \(95% CI €\d+ to €1,\d{3}\) compared with Control, opposite to the hypothesis \(expected lower\); adjusted p < 0\.001/,
    );
    expect(outcomeUnitFormat('continuous', 'EUR').amount(-2549.063)).toBe('−€2,549');
    expect(outcomeUnitFormat('binary', undefined).cell(-0.352)).toBe('−35.2');
  });

  it('too early, and while running the confidence sequence', () => {
    expect(words(compareContinuous('t', sample(5, 12), 'c', sample(7, 10)), 'continuous', 'EUR', 'Requested amount', 'sequential')).toBe(
      'Treatment against Control: too early to test: 5 and 7 analysed, at least 8 per arm are needed.',
    );
    const running = compareContinuous('t', sample(60, 12), 'c', sample(60, 10), 0.95, { expectedDirection: 'higher' });
    expect(words(running, 'continuous', undefined, 'Score', 'sequential')).toMatch(/^Treatment raised score by 2\.00 \(95% confidence sequence 0\.8\d to 3\.1\d\) compared with Control, in the hypothesised direction; the confidence sequence excludes zero\.$/);
  });

  it('p-values as p < 0.001 or with three decimals', () => {
    expect(pValueText(0.00002)).toBe('p < 0.001');
    expect(pValueText(0.2554)).toBe('p = 0.255');
    expect(pValueText(null)).toBe('p not computable');
    expect(pValueCell(0.00002)).toBe('< 0.001');
    expect(pValueCell(0.0174)).toBe('0.017');
  });

  it('an inconclusive result while running names the confidence sequence and no p-value', () => {
    const comparison = compareContinuous('t', sample(30, 10.3, 2), 'c', sample(30, 10, 2), 0.95, { expectedDirection: 'higher' });
    expect(words(comparison, 'continuous', 'seconds', 'Time to decide', 'sequential')).toMatch(
      /^With Treatment, time to decide was 0\.3 s higher than with Control \(in the hypothesised direction; 95% confidence sequence −\d\.\d s to \d\.\d s\), but the data cannot tell whether it is higher, lower or the same; no smallest effect of interest is declared, so equivalence could not be tested\.$/,
    );
  });
});
