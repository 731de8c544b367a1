import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/admin/password-hash';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { compareBinary } from '../../../analysis/compare-binary';
import { compareContinuous } from '../../../analysis/compare-continuous';
import { outcomeUnitFormat, pValueCell, pValueText } from '../../../server/results/figure-format';
import { comparisonInWords } from '../../../server/results/plain-words';
import { distributionPlotSvg } from '../../../server/results/plots/distribution-plot';
import { forestPlotSvg } from '../../../server/results/plots/forest-plot';
import { csrfTokenOf } from '../../helpers/test-app';
import { listeningTestApp } from '../../helpers/listening-app';

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
    // 50 per arm of the planned 125 while running: the headline is the confidence sequence and its verdict.
    expect(page).toContain('data-interim>The experiment is running and has not reached the planned 125 per arm');
    expect(page).toContain('Holm over all 2 primary comparisons together (family: primary).');
    expect(low.sequentialVerdict).toBe('lower');
    expect(page).toMatch(/<td data-verdict="lower">lower<\/td><td>as hypothesised<\/td>/);
    const magnitude = `€${Math.round(Math.abs(low.diff)).toLocaleString('en-GB')}`;
    expect(page).toContain(`<li data-words>Pre-filled €2,500 lowered requested amount by ${magnitude} (97.5% confidence sequence €`);
    expect(page).toContain('compared with Empty amount field, in the hypothesised direction; the confidence sequence excludes zero.</li>');
    expect(page.match(/<svg [^>]*role="img"/g)!.length).toBeGreaterThanOrEqual(results.metrics.length);
    expect(page).toContain('<title id="distribution-title">Distribution of requested amount per arm</title>');
    expect(page).toContain('<title id="enrolment-title">');
    expect(page).toContain('Planned per arm</th><td>125');
    // Achieved power: Welch with both arms' SDs at α/2, and the formula named.
    expect(page).toMatch(/<td data-power>\d+\.\d%<\/td><td>Welch t-test, two-sided at α = 0.025, with the observed SDs/);
    // Tables in the outcome's unit, p-values readable, real minus signs.
    expect(page).toContain('Difference (€)');
    expect(page).not.toMatch(/p 0\.0000|<td>-\d/);
    expect(page).toContain(`<td>−${Math.round(Math.abs(low.diff)).toLocaleString('en-GB')}</td>`);
  });

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
    expect(page).toContain('Secondary outcomes are exploratory: unadjusted p, and Benjamini–Hochberg over their');
  });

  it('lets an admin preview any arm without recording anything, and keeps researchers out', async () => {
    const before = await server.store.countByArm('loan-anchor');
    const admin = await signIn('root', 'admin-password-x');
    const previewPage = (await admin.get('/admin/experiments/loan-anchor/preview/high-anchor?lang=en').expect(200)).text;
    expect(previewPage).toContain('data-preview');
    expect(previewPage).toMatch(/<input id="amount" name="amount"[^>]*value="25000"/);
    expect(previewPage).toMatch(/<button type="submit" class="button button--primary" disabled>/);
    expect(previewPage).toContain('Caution! Borrowing money costs money');
    const choice = (await admin.get('/admin/experiments/credit-choice/preview/neutral').expect(200)).text;
    expect(choice).toContain('random order');
    expect(await server.store.countByArm('loan-anchor')).toEqual(before);
    expect(await server.store.countByArm('credit-choice')).toEqual([]);
    await admin.get('/admin/experiments/loan-anchor/preview/no-such-arm').expect(404);
    const researcher = await signIn('anna', 'researcher-password');
    await researcher.get('/admin/experiments/loan-anchor/preview/control').expect(403);
  });

  it('nudgelab report prints the same figures as the results endpoint; nudgelab export writes CSV and JSON', async () => {
    const run = (...args: string[]) => spawnSync('npx', ['--no-install', 'nudgelab', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NUDGELAB_DB: databasePath }, timeout: 60_000 });
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
});

describe('plots and words', () => {
  it('escape labels and describe the figures in words', () => {
    const svg = forestPlotSvg([{ label: '<script>alert(1)</script>', estimate: -2, low: -3, high: -1 }], { title: 'Effect & more', format: (value) => value.toFixed(1) });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('<title id="forest-title">Effect &amp; more</title>');
    expect(svg).toContain('-2.0 (from -3.0 to -1.0)');
    const histogram = distributionPlotSvg([{ label: 'A', values: [2500, 2500, 2500, 7000] }], { title: 'Amounts', bins: 10, format: String, markers: [{ value: 2500, label: '€2,500' }] });
    expect(histogram).toContain('most common range 2500 to 2950');
    expect(histogram).toContain('stroke="#b00020"');
  });

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
    expect(words(compareContinuous('t', sample(5, 12), 'c', sample(7, 10)), 'continuous', 'EUR', 'Requested amount')).toBe(
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
