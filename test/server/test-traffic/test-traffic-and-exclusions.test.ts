import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../experiments/simulation/seeded-random';
import { simulatedDecision } from '../../../experiments/simulation/simulated-behaviour';
import { hashPassword } from '../../../server/admin/password-hash';
import { exportCommand } from '../../../server/cli/export-command';
import { purgeTestCommand } from '../../../server/cli/purge-test-command';
import { simulateCommand } from '../../../server/cli/simulate-command';
import { observeScreen, SimulatedBrowser, simulateParticipants, csrfOf } from '../../../server/cli/simulate-participants';
import { initializeExperimentStates } from '../../../server/lifecycle/experiment-lifecycle';
import { experimentResults } from '../../../server/results/experiment-results';
import { testTrafficToken } from '../../../server/test-traffic/test-traffic-token';
import { listeningTestApp } from '../../helpers/listening-app';
import { csrfTokenOf, validAnswers } from '../../helpers/test-app';

const secret = 'test-secret-that-is-long-enough-0123456789'; // the test app's, see test/helpers/test-app.ts
const key = 'loan-anchor';

type Records = Record<string, string>[];
const csvRecords = (text: string): Records => {
  const [header, ...rows] = parse(text) as string[][];
  return rows.map((row) => Object.fromEntries(header!.map((name, index) => [name, row[index]!])));
};

describe('test traffic never counts; exclusions and the participant flow', () => {
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  let folder: string;
  let admin: ReturnType<typeof request.agent>;
  const previousDatabase = process.env.NUDGELAB_DB;

  /** A real participant through the pages: decides, then (unless `stopAfterDecision`) answers, failing the attention check if asked. */
  async function walkRealParticipant(pid: string, { stopAfterDecision = false, failAttentionCheck = false } = {}) {
    const definition = server.experiments.get(key)!.definition;
    const browser = new SimulatedBrowser(server.baseUrl);
    const base = `/e/${key}`;
    const csrf = csrfOf(await browser.page(`${base}?pid=${pid}`));
    await browser.submit(`${base}/consent`, { _csrf: csrf, choice: 'accept', pid, lang: 'nl' }, `${base}/scenario`);
    const decision = simulatedDecision(observeScreen(await browser.page(`${base}/screen`)), seededRandom(pid.length), 1);
    await browser.submit(`${base}/screen`, { _csrf: csrf, ...decision.fields, processData: JSON.stringify(decision.processData) }, `${base}/questionnaire`);
    if (stopAfterDecision) return;
    const arm = (await server.store.findParticipant(key, pid))!.arm!;
    const answers = { ...validAnswers(definition.questionnaire, arm), ...(failAttentionCheck ? { q_attention_check: 'blue' } : {}) };
    await browser.submit(`${base}/questionnaire`, { _csrf: csrf, ...answers }, `${base}/debrief`);
    await browser.page(`${base}/debrief`);
  }

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'nudgelab-test-traffic-'));
    process.env.NUDGELAB_DB = join(folder, 'nudgelab.db');
    server = await listeningTestApp({ databasePath: process.env.NUDGELAB_DB });
    await initializeExperimentStates(server.store, server.experiments, new Date());
    const definition = server.experiments.get(key)!.definition;
    const simulated = await simulateParticipants({ baseUrl: server.baseUrl, definition, participants: 36, idPrefix: 'sim', concurrency: 4, testToken: testTrafficToken(secret, key) });
    expect(simulated.completed).toBe(36);
    const real = await simulateParticipants({ baseUrl: server.baseUrl, definition, participants: 30, idPrefix: 'real', concurrency: 4 });
    expect(real.completed).toBe(30);
    await walkRealParticipant('attention-fails', { failAttentionCheck: true });
    await walkRealParticipant('leaves-early', { stopAfterDecision: true });
    await walkRealParticipant('completes');
    await server.store.createUser({ username: 'ada', role: 'admin', passwordHash: await hashPassword('admin-password-long'), createdAt: new Date() });
    admin = request.agent(server.app);
    const csrf = csrfTokenOf((await admin.get('/admin/login')).text);
    await admin.post('/admin/login').type('form').send({ _csrf: csrf, username: 'ada', password: 'admin-password-long' }).expect(303);
  }, 120_000);

  afterAll(async () => {
    await server.close();
    if (previousDatabase === undefined) delete process.env.NUDGELAB_DB;
    else process.env.NUDGELAB_DB = previousDatabase;
    rmSync(folder, { recursive: true, force: true });
  });

  it('marks participants from the test link as test, and nobody else', async () => {
    expect((await server.store.findParticipant(key, 'sim-3'))).toBeDefined();
    const rows = [];
    for await (const row of server.store.streamParticipantRows(key, { includeTest: true })) rows.push(row);
    expect(rows.filter((row) => row.isTest).map((row) => row.participantId).every((id) => id.startsWith('sim-'))).toBe(true);
    expect(rows.filter((row) => row.isTest).length).toBe(36);
    expect(rows.filter((row) => !row.isTest).length).toBe(33);
    expect(await server.store.countTestParticipants(key)).toBe(36);
  });

  it('refuses a forged or another experiment’s test token with a 400, storing nothing', async () => {
    await request(server.app).get(`/e/${key}?pid=forger&test=${'0'.repeat(32)}`).expect(400);
    await request(server.app).get(`/e/${key}?pid=forger&test=${testTrafficToken(secret, 'credit-choice')}`).expect(400);
    await request(server.app).get(`/e/${key}?pid=forger&test=1`).expect(400);
    expect(await server.store.findParticipant(key, 'forger')).toBeUndefined();
  });

  it('a test cookie a participant writes themselves (unsigned) does not make them test traffic', async () => {
    const agent = request.agent(server.app);
    const csrf = csrfTokenOf((await agent.get(`/e/${key}?pid=cookie-forger`).set('cookie', `nudgelab_test_${key}=1`).expect(200)).text);
    await agent.post(`/e/${key}/consent`).set('cookie', `nudgelab_test_${key}=1`).type('form').send({ _csrf: csrf, choice: 'accept', pid: 'cookie-forger', lang: 'nl' }).expect(303);
    const rows = [];
    for await (const row of server.store.streamParticipantRows(key, { includeTest: true })) if (row.participantId === 'cookie-forger') rows.push(row);
    expect(rows.map((row) => row.isTest)).toEqual([false]);
    await server.store.eraseParticipant('cookie-forger', key);
  });

  it('the start page offers a test link that enrols as test traffic', async () => {
    const page = (await request(server.app).get('/').expect(200)).text;
    const link = new RegExp(`/e/${key}\\?test=([0-9a-f]{32})`).exec(page);
    expect(link?.[1]).toBe(testTrafficToken(secret, key));
  });

  it('leaves test participants out of counts, SRM, results and the default export', async () => {
    const counts = await server.store.countByArm(key);
    expect(counts.reduce((sum, arm) => sum + arm.entered, 0)).toBe(33);
    const results = (await admin.get(`/api/v1/experiments/${key}/results`).expect(200)).body;
    expect(Object.values(results.srm.observed as Record<string, number>).reduce((sum, n) => sum + n, 0)).toBe(33);
    const flowEntered = results.participantFlow.arms.reduce((sum: number, arm: { entered: number }) => sum + arm.entered, 0);
    expect(flowEntered).toBe(33);
    const records = csvRecords((await admin.get(`/api/v1/experiments/${key}/export.csv`).expect(200)).text);
    expect(records.length).toBe(33);
    expect(records.some((record) => record.participant_id!.startsWith('sim-'))).toBe(false);
    expect(Object.keys(records[0]!)).not.toContain('is_test');
    const times = await server.store.listDecisionTimes(key);
    expect(times.length).toBe(33);
  });

  it('shows the test count on the dashboard, apart from the funnel', async () => {
    const page = (await admin.get('/admin').expect(200)).text;
    expect(page).toContain('data-test-participants="36"');
    expect(page).toContain(`/e/${key}?test=${testTrafficToken(secret, key)}`);
  });

  it('names the exclusion rules per participant in the export, empty when analysed', async () => {
    const records = csvRecords((await admin.get(`/api/v1/experiments/${key}/export.csv`).expect(200)).text);
    const byId = new Map(records.map((record) => [record.participant_id, record]));
    expect(byId.get('attention-fails')!.excluded_by).toBe('failed-attention-check');
    expect(byId.get('leaves-early')!.excluded_by).toBe('did-not-complete');
    expect(byId.get('completes')!.excluded_by).toBe('');
    for (const record of records) {
      expect(record.excluded_by!.split(';').includes('failed-attention-check')).toBe(record.q_attention_check_correct === '0');
      expect(record.excluded_by!.split(';').includes('did-not-complete')).toBe(record.completed_at === '');
    }
    const codebook = (await admin.get(`/api/v1/experiments/${key}/codebook.json`).expect(200)).body;
    expect(codebook.columns.find((column: { name: string }) => column.name === 'excluded_by').meaning).toContain('failed-attention-check');
  });

  it('counts the participant flow per arm and computes every metric on the analysed participants only', async () => {
    const results = (await admin.get(`/api/v1/experiments/${key}/results`).expect(200)).body;
    const records = csvRecords((await admin.get(`/api/v1/experiments/${key}/export.csv`).expect(200)).text);
    for (const flow of results.participantFlow.arms) {
      const ofArm = records.filter((record) => record.arm === flow.arm);
      const decided = ofArm.filter((record) => record.decided_at !== '');
      expect(flow.entered).toBe(ofArm.length);
      expect(flow.consented).toBe(ofArm.length);
      expect(flow.exposed).toBe(ofArm.filter((record) => record.exposed_at !== '').length);
      expect(flow.decided).toBe(decided.length);
      expect(flow.completed).toBe(ofArm.filter((record) => record.completed_at !== '').length);
      expect(flow.excludedByRule['failed-attention-check']).toBe(decided.filter((record) => record.excluded_by!.includes('failed-attention-check')).length);
      expect(flow.excludedByRule['did-not-complete']).toBe(decided.filter((record) => record.excluded_by!.includes('did-not-complete')).length);
      expect(flow.analysed).toBe(decided.filter((record) => record.excluded_by === '').length);
      expect(flow.analysed + flow.excluded).toBe(flow.decided);
      const amount = results.metrics.find((metric: { metric: string }) => metric.metric === 'amount');
      const analysedAmounts = decided.filter((record) => record.excluded_by === '').map((record) => Number(record.amount));
      const armSummary = amount.arms.find((summary: { arm: string }) => summary.arm === flow.arm);
      expect(armSummary.n).toBe(analysedAmounts.length);
      expect(armSummary.mean).toBeCloseTo(analysedAmounts.reduce((sum, x) => sum + x, 0) / analysedAmounts.length, 9);
      const sensitivityAmount = results.sensitivity.metrics.find((metric: { metric: string }) => metric.metric === 'amount');
      expect(sensitivityAmount.arms.find((summary: { arm: string }) => summary.arm === flow.arm).n).toBe(decided.length);
    }
    const totals = (step: string) => results.participantFlow.arms.reduce((sum: number, arm: Record<string, number>) => sum + arm[step]!, 0);
    expect(totals('excluded')).toBeGreaterThanOrEqual(2);
    expect(totals('decided') - totals('analysed')).toBe(totals('excluded'));
  });

  it('tests differential attrition with a chi-square of completion by arm', async () => {
    const results = (await admin.get(`/api/v1/experiments/${key}/results`).expect(200)).body;
    const { attrition, arms } = results.participantFlow;
    expect(attrition.available).toBe(true);
    expect(attrition.degreesOfFreedom).toBe(arms.length - 1);
    expect(attrition.pValue).toBeGreaterThan(0);
    expect(attrition.pValue).toBeLessThanOrEqual(1);
    for (const arm of arms) expect(attrition.completedShare[arm.arm]).toBeCloseTo(arm.completed / arm.entered, 12);
  });

  it('exports test participants with --include-test and an is_test column, then purge-test deletes only them (audited)', async () => {
    const out = join(folder, 'with-test.csv');
    expect(await exportCommand(['--experiment', key, '--format', 'csv', '--out', out, '--include-test'])).toContain('wrote 69 participants');
    const records = csvRecords(readFileSync(out, 'utf8'));
    expect(records.filter((record) => record.is_test === '1').map((record) => record.participant_id!.slice(0, 4))).toEqual(Array(36).fill('sim-'));
    expect(records.filter((record) => record.is_test === '0').length).toBe(33);
    await exportCommand(['--experiment', key, '--format', 'csv', '--out', join(folder, 'default.csv')]);
    expect(csvRecords(readFileSync(join(folder, 'default.csv'), 'utf8')).length).toBe(33);

    expect(await purgeTestCommand(['--experiment', key])).toBe(`deleted 36 test participants of ${key}`);
    expect(await server.store.countTestParticipants(key)).toBe(0);
    expect(await server.store.findParticipant(key, 'sim-3')).toBeUndefined();
    expect((await server.store.countByArm(key)).reduce((sum, arm) => sum + arm.entered, 0)).toBe(33);
    const audit = await server.store.listAudit(10);
    expect(audit.find((entry) => entry.action === 'test-traffic.purge')).toMatchObject({ subject: key, details: { participants: 36 } });
    await expect(purgeTestCommand(['--experiment', 'nope'])).rejects.toThrow(/--experiment must be one of/);
  });

  it('nudgelab simulate enrols as test traffic with the server secret or a --test-token, and refuses a malformed token', async () => {
    const previousSecret = process.env.NUDGELAB_SECRET;
    process.env.NUDGELAB_SECRET = secret;
    try {
      const before = (await server.store.countByArm(key)).reduce((sum, arm) => sum + arm.entered, 0);
      expect(await simulateCommand(['--experiment', key, '--participants', '3', '--url', server.baseUrl, '--id-prefix', 'cli'])).toContain('3 of 3');
      expect(await simulateCommand(['--experiment', key, '--participants', '2', '--url', server.baseUrl, '--id-prefix', 'token', '--test-token', testTrafficToken(secret, key)])).toContain('2 of 2');
      expect(await server.store.countTestParticipants(key)).toBe(5);
      expect((await server.store.countByArm(key)).reduce((sum, arm) => sum + arm.entered, 0)).toBe(before);
      await expect(simulateCommand(['--experiment', key, '--participants', '1', '--url', server.baseUrl, '--test-token', 'nope'])).rejects.toThrow(/--test-token/);
    } finally {
      if (previousSecret === undefined) delete process.env.NUDGELAB_SECRET;
      else process.env.NUDGELAB_SECRET = previousSecret;
    }
  }, 60_000);

  it('computes the same participant flow directly from the store', async () => {
    const results = await experimentResults(server.store, server.experiments.get(key)!);
    expect(results.participantFlow.arms.reduce((sum, arm) => sum + arm.entered, 0)).toBe(33);
  });
});
