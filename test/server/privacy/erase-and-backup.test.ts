import { parse } from 'csv-parse/sync';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../../analysis/analyze-experiment';
import { hashPassword } from '../../../server/admin/password-hash';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { analysisInputFromCsv } from '../../../server/cli/analysis-input-from-csv';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { erasureAuditSubject } from '../../../server/privacy/erasure-audit-subject';
import { csvLine } from '../../../server/results/csv-line';
import { outcomeMetricInput } from '../../../server/results/outcome-metric-input';
import { csrfTokenOf } from '../../helpers/test-app';
import { listeningTestApp } from '../../helpers/listening-app';
import { listAnswers, listApiEvents, listProcessEvents } from '../../helpers/store-reads';
import { withoutModels } from '../../helpers/without-models';
import { runNudgelab, runNudgelabInBackground } from '../../helpers/nudgelab-command';

const root = new URL('../../..', import.meta.url).pathname;
const nudgelab = (database: string, ...args: string[]) =>
  runNudgelab([...args], { env: { ...process.env, NUDGELAB_DB: database }, timeout: 60_000 });
/** The same, without blocking this process, whose server must keep answering the participants meanwhile. */
const nudgelabInBackground = (database: string, ...args: string[]) =>
  runNudgelabInBackground([...args], { env: { ...process.env, NUDGELAB_DB: database }, timeout: 60_000 });

describe('erasure and backup', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nudgelab-privacy-'));
  const databasePath = join(folder, 'live.db');
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  let admin: ReturnType<typeof request.agent>;
  let csrf: string;

  beforeAll(async () => {
    server = await listeningTestApp({ databasePath });
    await simulateParticipants({ baseUrl: server.baseUrl, definition: server.experiments.get('credit-choice')!.definition, participants: 60, idPrefix: 'p', concurrency: 6 });
    const { secret } = await createApiKey(server.store, { name: 'Lender', experiments: null });
    // A lender may send events only for units it assigned itself, so the lender's p-3 is in another experiment than the panel's p-3.
    await request(server.app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: 'loan-anchor', unitId: 'p-3' }).expect(200);
    await request(server.app).post('/api/v1/events').set('authorization', `Bearer ${secret}`).send([{ experiment: 'loan-anchor', unitId: 'p-3', name: 'loan_accepted', value: true }]).expect(200);
    await server.store.createUser({ username: 'root', role: 'admin', passwordHash: await hashPassword('admin-password-x'), createdAt: new Date() });
    admin = request.agent(server.app);
    csrf = csrfTokenOf((await admin.get('/admin/login')).text);
    await admin.post('/admin/login').type('form').send({ _csrf: csrf, username: 'root', password: 'admin-password-x' }).expect(303);
  }, 120_000);
  afterAll(async () => server.close());

  it('erases one participant everywhere, audited, and the analysis equals the analysis without them', async () => {
    const before = (await admin.get('/api/v1/experiments/credit-choice/export.csv').expect(200)).text;
    const withoutThem = before.split('\n').filter((line) => !line.startsWith('p-3,')).join('\n');
    await admin.post('/admin/participants/erase').type('form').send({ _csrf: csrf, participantId: 'p-3', confirm: 'yes' }).expect(303);
    expect(await server.store.findParticipant('credit-choice', 'p-3')).toBeUndefined();
    expect(await listAnswers(server.store, 'credit-choice', 'p-3')).toEqual([]);
    expect(await listProcessEvents(server.store, 'credit-choice', 'p-3')).toEqual([]);
    expect(await listApiEvents(server.store, 'loan-anchor', 'p-3')).toEqual([]);
    expect((await server.store.listAudit(1))[0]).toMatchObject({ action: 'participant.erase', subject: await erasureAuditSubject(server.store, 'p-3'), actor: 'root' });

    const after = (await admin.get('/api/v1/experiments/credit-choice/export.csv').expect(200)).text;
    expect(after).toBe(withoutThem);
    const results = (await admin.get('/api/v1/experiments/credit-choice/results').expect(200)).body;
    const definition = server.experiments.get('credit-choice')!.definition;
    const outcome = definition.outcomes.find((candidate) => candidate.primary)!;
    // The results analyse the rows that no pre-registered rule excludes (excluded_by empty).
    const [header, ...rows] = parse(withoutThem) as string[][];
    const excludedBy = header!.indexOf('excluded_by');
    const analysed = [header!, ...rows.filter((row) => row[excludedBy] === '')].map((row) => csvLine(row)).join('');
    const input = analysisInputFromCsv(analysed, { armColumn: 'arm', outcomes: [outcome.key], type: outcome.type, control: definition.arms[0]!.key });
    const expected = analyzeExperiment({ ...input, arms: definition.arms.map((arm) => arm.key), metrics: [outcomeMetricInput(outcome, input.metrics[0]!.valuesByArm)] });
    // The unadjusted figures; the plan's models are checked against R in results-models.test.ts.
    expect(withoutModels(results.metrics.find((metric: { metric: string }) => metric.metric === outcome.key))).toEqual(JSON.parse(JSON.stringify(expected.metrics[0])));
    await admin.post('/admin/participants/erase').type('form').send({ _csrf: csrf, participantId: 'p-3', confirm: 'yes' }).expect(404);
  });

  it('erases from the command line too, and says so when there is nobody to erase', async () => {
    const erased = await nudgelabInBackground(databasePath, 'erase', '--participant', 'p-4', '--experiment', 'credit-choice');
    expect(erased.stdout).toContain('erased participant "p-4" from credit-choice');
    const again = await nudgelabInBackground(databasePath, 'erase', '--participant', 'p-4').catch((error: { code: number; stderr: string }) => error);
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining('no participant "p-4"') });
  }, 60_000);

  it('takes a consistent online backup while participants keep arriving', async () => {
    const definition = server.experiments.get('loan-anchor')!.definition;
    const writing = simulateParticipants({ baseUrl: server.baseUrl, definition, participants: 80, idPrefix: 'during-backup', concurrency: 4 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const target = join(folder, 'backup.db');
    const countNow = () => new Database(databasePath, { readonly: true }).prepare("SELECT count(*) FROM participants WHERE experiment_key = 'loan-anchor'").pluck().get() as number;
    const before = countNow();
    const run = await nudgelabInBackground(databasePath, 'backup', '--out', target);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('backed up');
    const summary = await writing;
    expect(summary.failures).toEqual([]);
    expect(summary.completed).toBe(80);
    const backup = new Database(target, { readonly: true });
    expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
    const backedUp = backup.prepare("SELECT count(*) FROM participants WHERE experiment_key = 'loan-anchor'").pluck().get() as number;
    expect(backedUp).toBeGreaterThanOrEqual(before);
    expect(backedUp).toBeLessThanOrEqual(countNow());
    const orphans = backup.prepare('SELECT count(*) FROM decisions d LEFT JOIN participants p USING (experiment_key, participant_id) WHERE p.participant_id IS NULL').pluck().get();
    expect(orphans).toBe(0);
    expect(nudgelab(databasePath, 'backup', '--out', target).stderr).toContain('exists already');
  }, 120_000);
});
