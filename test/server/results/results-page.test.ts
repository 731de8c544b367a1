import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/admin/password-hash';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { comparisonInWords, outcomeFormatter } from '../../../server/results/plain-words';
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

  it('shows the plan, every outcome in plain words with a forest plot, the distribution and enrolment plots', async () => {
    const agent = await signIn('anna', 'researcher-password');
    const page = (await agent.get('/admin/experiments/loan-anchor/results').expect(200)).text;
    const results = (await agent.get('/api/v1/experiments/loan-anchor/results').expect(200)).body;
    const low = results.metrics[0].comparisons[0];
    expect(page).toMatch(/<li data-words>Pre-filled €2,500 lowered requested amount by €[\d,]+ \(95% CI €[\d,]+ to €[\d,]+\) compared with Empty amount field; p &lt; 0.001/);
    expect(page).toContain(`by €${Math.round(Math.abs(low.diff)).toLocaleString('en-GB')} `);
    expect(page.match(/<svg [^>]*role="img"/g)!.length).toBeGreaterThanOrEqual(results.metrics.length);
    expect(page).toContain('<title id="distribution-title">Distribution of requested amount per arm</title>');
    expect(page).toContain('<title id="enrolment-title">');
    expect(page).toMatch(/data-power>\d+%</);
    expect(page).toContain('Planned per arm</th><td>125');
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

  it('say which way an effect goes and in which unit', () => {
    const words = comparisonInWords(
      { diff: 0.05, diffCi: [0.01, 0.09], pValue: 0.02, pAdjusted: 0.04, problems: [] } as never,
      { armLabel: 'Neutral', controlLabel: 'Revolving pre-selected', outcomeLabel: 'Chose revolving credit', format: outcomeFormatter('binary', undefined), confidence: 0.95 },
    );
    expect(words).toBe('Neutral raised chose revolving credit by 5.0 percentage points (95% CI 1.0 percentage points to 9.0 percentage points) compared with Revolving pre-selected; p = 0.020, adjusted p = 0.040.');
  });
});
