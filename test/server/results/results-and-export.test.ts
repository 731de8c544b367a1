import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../../analysis/analyze-experiment';
import { initializeExperimentStates } from '../../../server/lifecycle/experiment-lifecycle';
import { hashPassword } from '../../../server/admin/password-hash';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { analysisInputFromCsv } from '../../../server/cli/analysis-input-from-csv';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { csvLine } from '../../../server/results/csv-line';
import { codebook } from '../../../server/results/export-columns';
import { outcomeMetricInput } from '../../../server/results/outcome-metric-input';
import { csrfTokenOf } from '../../helpers/test-app';
import { listeningTestApp } from '../../helpers/listening-app';
import { listAnswers, listProcessEvents } from '../../helpers/store-reads';
import { withoutModels } from '../../helpers/without-models';

describe('results, export and codebook of stored data', () => {
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  let researcher: ReturnType<typeof request.agent>;
  let lender: { secret: string };
  let narrowLender: { secret: string };

  beforeAll(async () => {
    server = await listeningTestApp();
    await initializeExperimentStates(server.store, server.experiments, new Date());
    for (const key of ['loan-anchor', 'credit-choice']) {
      const summary = await simulateParticipants({ baseUrl: server.baseUrl, definition: server.experiments.get(key)!.definition, participants: 90, idPrefix: `res-${key}`, concurrency: 6 });
      expect(summary.completed).toBe(90);
    }
    lender = await createApiKey(server.store, { name: 'Lender', experiments: null, scopes: ['results'] });
    narrowLender = await createApiKey(server.store, { name: 'Narrow', experiments: ['loan-anchor'] });
    await request(server.app).post('/api/v1/assignments').set('authorization', `Bearer ${lender.secret}`).send({ experiment: 'credit-choice', unitId: 'api-only', attributes: { income_band: '2000-3500' } }).expect(200);
    await request(server.app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${lender.secret}`)
      .send([{ experiment: 'credit-choice', unitId: 'api-only', name: 'loan_accepted', value: true }])
      .expect(200);
    await server.store.createUser({ username: 'anna', role: 'researcher', passwordHash: await hashPassword('researcher-password'), createdAt: new Date() });
    researcher = request.agent(server.app);
    const csrf = csrfTokenOf((await researcher.get('/admin/login')).text);
    await researcher.post('/admin/login').type('form').send({ _csrf: csrf, username: 'anna', password: 'researcher-password' }).expect(303);
  }, 120_000);
  afterAll(async () => server.close());

  it.each(['loan-anchor', 'credit-choice'])('%s: the CSV has one row per participant, the codebook’s columns, and the stored values', async (key) => {
    const definition = server.experiments.get(key)!.definition;
    const response = await researcher.get(`/api/v1/experiments/${key}/export.csv`).expect(200).expect('content-type', /text\/csv/);
    const [header, ...rows] = parse(response.text) as string[][];
    expect(header).toEqual(codebook(definition).map((column) => column.name));
    expect(rows.length).toBe(key === 'credit-choice' ? 91 : 90);
    const records = rows.map((row) => Object.fromEntries(header!.map((name, index) => [name, row[index]!])));
    const sample = records.find((record) => record.participant_id === `res-${key}-17`)!;
    const stored = (await server.store.findParticipant(key, `res-${key}-17`))!;
    expect(sample.arm).toBe(stored.arm);
    expect(sample.panel_id).toBe(`res-${key}-17`);
    expect(sample.process_data).toBe('recorded');
    expect(Number(sample.seconds_to_decide)).toBeCloseTo(stored.decision!.timeToDecisionMs! / 1000, 6);
    // The outcome is the browser's timing; the server's own timing is a separate column.
    expect(sample.timing_source).toBe('client');
    expect(sample.time_to_decide).toBe(sample.seconds_to_decide);
    expect(Number(sample.server_time_to_decide)).toBeCloseTo((Date.parse(sample.decided_at!) - Date.parse(sample.exposed_at!)) / 1000, 6);
    if (key === 'loan-anchor') {
      expect(Number(sample.chosen_amount)).toBe(stored.decision!.values.amount);
      expect(sample.amount).toBe(sample.chosen_amount);
      expect(sample.above_highest_quote).toBe(Number(stored.decision!.values.amount) > 9000 ? '1' : '0');
    } else {
      expect(sample.chosen_product).toBe(stored.decision!.values.product);
      expect(sample.chose_revolving).toBe(stored.decision!.values.product === 'revolving' ? '1' : '0');
      expect(sample.product_order!.split('|').sort()).toEqual(['fixed', 'revolving']);
      const apiOnly = records.find((record) => record.participant_id === 'api-only')!;
      expect(apiOnly).toMatchObject({ source: 'api', chosen_product: '', completed_at: '' });
    }
    const answers = new Map((await listAnswers(server.store, key, `res-${key}-17`)).map((answer) => [answer.questionKey, answer]));
    expect(sample.q_attention_check).toBe(answers.get('attention_check')!.answer);
    expect(sample.q_attention_check_correct).toBe(answers.get('attention_check')!.correct ? '1' : '0');
  });

  it('credit-choice: exports a column per factor, the lender attribute, the product order and the before-screen answers', async () => {
    const definition = server.experiments.get('credit-choice')!.definition;
    const [header, ...rows] = parse((await researcher.get('/api/v1/experiments/credit-choice/export.csv').expect(200)).text) as string[][];
    const records = rows.map((row) => Object.fromEntries(header!.map((name, index) => [name, row[index]!])));
    expect(header).toEqual(expect.arrayContaining(['default', 'disclosure', 'income_band', 'product_order', 'q_age_band', 'q_literacy_interest', 'q_literacy_interest_correct']));
    expect(header!.indexOf('default')).toBe(header!.indexOf('arm') + 1);
    for (const record of records) {
      const cell = definition.arms.find((arm) => arm.key === record.arm)!;
      expect([record.default, record.disclosure]).toEqual([cell.factorLevels!.default, cell.factorLevels!.disclosure]);
    }
    const panel = records.filter((record) => record.source === 'panel');
    expect(panel.every((record) => ['fixed|revolving', 'revolving|fixed'].includes(record.product_order!))).toBe(true);
    expect(new Set(panel.map((record) => record.product_order))).toEqual(new Set(['fixed|revolving', 'revolving|fixed']));
    expect(panel.every((record) => record.q_age_band !== '' && record.q_literacy_interest !== '' && record.income_band === '')).toBe(true);
    expect(records.find((record) => record.participant_id === 'api-only')).toMatchObject({ income_band: '2000-3500', source: 'api', q_age_band: '' });
    const columns = codebook(definition);
    expect(columns.find((column) => column.name === 'disclosure')).toMatchObject({ type: 'category', allowedValues: ['hidden', 'shown'] });
    expect(columns.find((column) => column.name === 'disclosure')!.meaning).toContain('The first level, hidden, is the reference');
    expect(columns.find((column) => column.name === 'q_age_band')!.meaning).toContain('asked before the screen, so pre-treatment');
    expect(columns.find((column) => column.name === 'income_band')).toMatchObject({ allowedValues: ['below-2000', '2000-3500', 'above-3500', 'unknown'] });
    expect(columns.some((column) => column.name === 'block_number')).toBe(false);
  });

  it('minimum-repayment (permuted blocks): the codebook has the stratum and block number columns', () => {
    const columns = codebook(server.experiments.get('minimum-repayment')!.definition).map((column) => column.name);
    expect(columns.slice(columns.indexOf('arm') + 1, columns.indexOf('arm') + 3)).toEqual(['stratum', 'block_number']);
  });

  it('exports the process events in long format, one row per stored interaction', async () => {
    const response = await researcher.get('/api/v1/experiments/loan-anchor/process-events.csv').expect(200);
    const [header, ...rows] = parse(response.text) as string[][];
    expect(header).toEqual(['participant_id', 'arm', 'sequence', 'kind', 'field', 'value', 'at_ms']);
    const stored = await listProcessEvents(server.store, 'loan-anchor', 'res-loan-anchor-17');
    const exported = rows.filter((row) => row[0] === 'res-loan-anchor-17');
    expect(exported.map((row) => [row[3], row[4], row[5], Number(row[6])])).toEqual(stored.map((event) => [event.kind, event.field, event.value, event.atMs]));
    expect(new Set(exported.map((row) => row[1]))).toEqual(new Set([(await server.store.findParticipant('loan-anchor', 'res-loan-anchor-17'))!.arm]));
  });

  it('shows a readable codebook with every column and the plan', async () => {
    const page = (await researcher.get('/admin/experiments/credit-choice/codebook').expect(200)).text;
    const document = (await researcher.get('/api/v1/experiments/credit-choice/codebook.json').expect(200)).body;
    for (const column of [...document.columns, ...document.processEventColumns]) expect(page).toContain(`<code>${column.name}</code>`);
    expect(page).toContain('read.csv');
  });

  it('describes every column in the codebook with meaning and type, with the frozen plan', async () => {
    const response = await researcher.get('/api/v1/experiments/credit-choice/codebook.json').expect(200);
    expect(response.body.analysisPlan).toMatchObject({ correction: 'holm', plannedPerArm: 125 });
    for (const column of response.body.columns) {
      expect(column.meaning.length, column.name).toBeGreaterThan(10);
      expect(['string', 'integer', 'number', 'binary', 'category', 'datetime']).toContain(column.type);
    }
    expect(response.body.columns.find((column: { name: string }) => column.name === 'arm').allowedValues).toEqual(['revolving-hidden', 'revolving-shown', 'none-hidden', 'none-shown', 'fixed-hidden', 'fixed-shown']);
    expect(response.body.analysisPlanFrozenAt).not.toBeNull();
    expect(response.body.definitionSha256).toBe(server.experiments.get('credit-choice')!.definitionHash);
  });

  it.each(['loan-anchor', 'credit-choice'])('%s: the results JSON equals the analysis engine run on the exported CSV', async (key) => {
    const definition = server.experiments.get(key)!.definition;
    const results = (await researcher.get(`/api/v1/experiments/${key}/results`).expect(200)).body;
    const exported = (await researcher.get(`/api/v1/experiments/${key}/export.csv`).expect(200)).text;
    // The results analyse the rows that no pre-registered rule excludes (excluded_by empty).
    const [header, ...rows] = parse(exported) as string[][];
    const excludedBy = header!.indexOf('excluded_by');
    const csv = [header!, ...rows.filter((row) => row[excludedBy] === '')].map((row) => csvLine(row)).join('');
    const metrics = definition.outcomes.map((outcome) => {
      const [metric] = analysisInputFromCsv(csv, { armColumn: 'arm', outcomes: [outcome.key], type: outcome.type, control: definition.arms[0]!.key }).metrics;
      return outcomeMetricInput(outcome, metric!.valuesByArm);
    });
    const arms = definition.arms.map((arm) => arm.key);
    const participantsByArm = new Map(arms.map((arm) => [arm, results.srm.observed[arm] as number]));
    const fromCsv = analyzeExperiment({ arms, participantsByArm, metrics, correction: 'holm', weights: definition.arms.map((arm) => arm.weight) });
    // The plan's models (adjusted effects, moderators, factorial effects) are compared with R in results-models.test.ts;
    // here the unadjusted figures must equal the engine's on the exported rows.
    expect(results.metrics.map(withoutModels)).toEqual(JSON.parse(JSON.stringify(fromCsv.metrics)));
    if (definition.analysisPlan.covariates.length > 0) {
      const primary = results.metrics.find((metric: { metric: string }) => metric.metric === results.plan.primaryMetric);
      expect(primary.comparisons.every((comparison: Record<string, unknown>) => 'adjusted' in comparison)).toBe(true);
    }
    expect(results.families).toEqual(fromCsv.families);
    expect(results.families.map((family: { name: string }) => family.name)).toEqual(['primary', 'secondary']);
    expect(results.srm.observed).toEqual(Object.fromEntries((await server.store.countByArm(key)).map((row) => [row.arm, row.entered])));
    expect(results.plan.primaryMetric).toBe(definition.outcomes.find((outcome) => outcome.primary)!.key);
    expect(results.plan.primaryMetrics).toEqual(definition.outcomes.filter((outcome) => outcome.primary).map((outcome) => outcome.key));
  });

  it('serves lenders with an API key that has access, and nobody else', async () => {
    await request(server.app).get('/api/v1/experiments/credit-choice/results').expect(401);
    await request(server.app).get('/api/v1/experiments/credit-choice/results').set('authorization', `Bearer ${lender.secret}`).expect(200);
    await request(server.app).get('/api/v1/experiments/credit-choice/export.csv').set('authorization', `Bearer ${narrowLender.secret}`).expect(403);
    // Without the results scope a key reads its own units only, not the aggregate results.
    await request(server.app).get('/api/v1/experiments/loan-anchor/results').set('authorization', `Bearer ${narrowLender.secret}`).expect(403);
    const ownUnits = (await request(server.app).get('/api/v1/experiments/credit-choice/export.csv').set('authorization', `Bearer ${lender.secret}`).expect(200)).text;
    expect(ownUnits.trim().split('\n').slice(1).map((line) => line.split(',')[0])).toEqual(['api-only']);
    await request(server.app).get('/api/v1/experiments/credit-choice/codebook.json').set('authorization', 'Bearer nlsk_wrong').expect(401);
    await researcher.get('/api/v1/experiments/nope/results').expect(404);
  });
});

describe('csvLine', () => {
  it('quotes what needs quoting and leaves missing values empty', () => {
    expect(csvLine(['a,b', 'say "hi"', 'line\nbreak', 12.5, true, false, null])).toBe('"a,b","say ""hi""","line\nbreak",12.5,1,0,\n');
  });

  it('neutralises text that a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(csvLine(['=HYPERLINK("http://x","y")', '+1+1', '@SUM(A1)', '-2+3', '\tx', '-3', '+4.5', -7, '1e-3'])).toBe(
      `"'=HYPERLINK(""http://x"",""y"")",'+1+1,'@SUM(A1),'-2+3,'\tx,-3,+4.5,-7,1e-3\n`,
    );
  });
});
