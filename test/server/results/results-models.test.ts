import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustPValues } from '../../../analysis/adjust-p-values';
import { modelsReport } from '../../../analysis/models-report';
import type { ExperimentDefinitionInput } from '../../../experiments/definition-schema';
import { loanAnchor } from '../../../experiments/loan-anchor';
import { validateExperiments, type Experiment } from '../../../experiments/validate-experiments';
import { hashPassword } from '../../../server/admin/password-hash';
import { experimentResults } from '../../../server/results/experiment-results';
import { replicationPackageFiles } from '../../../server/results/replication-package';
import { query } from '../../../server/store/sql-database';
import { sqlDatabaseOf } from '../../../server/store/sql-store';
import { openPostgresStore } from '../../../server/store/postgres-store';
import type { Store } from '../../../server/store/store';
import { seededRandom } from '../../../experiments/simulation/seeded-random';
import { createTestApp, csrfTokenOf } from '../../helpers/test-app';
import { freshPostgresDatabase, postgresSkipNote, postgresTestUrl } from '../../helpers/postgres';

/**
 * A test-only experiment that declares every model of the plan: two
 * covariates (a before-screen age and a lender's income band), two
 * moderators (region exploratory, income band confirmatory) and an
 * arm-versus-arm comparison; and a 2 × 2 factorial design with an empty cell.
 */
const modelled: ExperimentDefinitionInput = {
  ...loanAnchor,
  key: 'anchor-models',
  title: 'Anchor with the plan’s models',
  lenderAttributes: [{ key: 'income_band', label: 'Income band', levels: ['low', 'high'] }],
  questionnaire: [
    { kind: 'number', key: 'age', role: 'other', timing: 'before-screen', text: { nl: 'Uw leeftijd?', en: 'Your age?' }, unit: 'years', min: 18, max: 99 },
    {
      kind: 'single-choice',
      key: 'region',
      role: 'other',
      timing: 'before-screen',
      text: { nl: 'Uw regio?', en: 'Your region?' },
      options: ['north', 'south', 'east'].map((value) => ({ value, label: { nl: value, en: value } })),
    },
  ],
  analysisPlan: {
    ...loanAnchor.analysisPlan,
    exclusions: [],
    covariates: ['age', 'income_band'],
    moderators: [
      { key: 'region', confirmatory: false },
      { key: 'income_band', confirmatory: true },
    ],
    comparisons: [{ arm: 'high-anchor', against: 'low-anchor' }],
  },
} as ExperimentDefinitionInput;

const cell = (defaultLevel: string, disclosure: string) => ({
  key: `${defaultLevel}-${disclosure}`,
  label: `default ${defaultLevel}, disclosure ${disclosure}`,
  weight: 1,
  factorLevels: { default: defaultLevel, disclosure },
  params: defaultLevel === 'none' ? { amountInput: { mode: 'empty' } } : { amountInput: { mode: 'prefilled', value: 2500 } },
});
const factorial: ExperimentDefinitionInput = {
  ...loanAnchor,
  key: 'anchor-factorial',
  title: 'Anchor × disclosure',
  factors: [
    { key: 'default', label: 'Pre-filled amount', levels: [{ key: 'none', label: 'empty', params: {} }, { key: 'low', label: '€2,500', params: {} }] },
    { key: 'disclosure', label: 'Cost shown', levels: [{ key: 'hidden', label: 'hidden', params: {} }, { key: 'shown', label: 'shown', params: {} }] },
  ],
  arms: [cell('none', 'hidden'), cell('low', 'hidden'), cell('none', 'shown'), cell('low', 'shown')],
  outcomes: loanAnchor.outcomes.filter((outcome) => !('comparisons' in outcome)).map((outcome) => ('expectedDirection' in outcome ? { ...outcome, expectedDirection: {} } : outcome)),
  questionnaire: [],
  analysisPlan: { ...loanAnchor.analysisPlan, exclusions: [] },
} as ExperimentDefinitionInput;

const root = new URL('../../..', import.meta.url).pathname;

const experiments = validateExperiments([
  { file: 'test/anchor-models.ts', definition: modelled },
  { file: 'test/anchor-factorial.ts', definition: factorial },
]);

/** One generated participant: what the test knows independently of the store. */
interface Generated {
  id: string;
  arm: string;
  amount: number;
  age: number;
  region: string;
  incomeBand: string;
}

/** Enrols, exposes and records the decision, the before-screen answers and the lender attribute of each participant. */
async function store(storeUnderTest: Store, experiment: Experiment, participants: readonly Generated[], withAnswers: boolean) {
  const insertAttribute = query('INSERT INTO participant_attributes (experiment_key, participant_id, attribute_key, value) VALUES (:experimentKey, :participantId, :key, :value)');
  const start = Date.parse('2026-11-02T09:00:00Z');
  for (const [index, participant] of participants.entries()) {
    const at = new Date(start + index * 60_000);
    const experimentKey = experiment.definition.key;
    await storeUnderTest.enrolParticipant({ experimentKey, participantId: participant.id, panelId: participant.id, locale: 'nl', userAgentClass: 'desktop', arm: participant.arm, definitionHash: experiment.definitionHash, at });
    await storeUnderTest.recordExposure(experimentKey, participant.id, experiment.definitionHash, {}, at);
    if (withAnswers) {
      await storeUnderTest.recordAnswers(experimentKey, participant.id, [
        { questionKey: 'age', answer: String(participant.age), correct: null },
        { questionKey: 'region', answer: participant.region, correct: null },
      ], at);
      await sqlDatabaseOf(storeUnderTest).run(insertAttribute, { experimentKey, participantId: participant.id, key: 'income_band', value: participant.incomeBand });
    }
    await storeUnderTest.recordDecision({ experimentKey, participantId: participant.id, values: { amount: participant.amount, term: 60 }, keptDefault: null, timeToDecisionMs: 9000, timingSource: 'client', processData: { status: 'missing' }, at });
  }
}

/** 150 participants over the three anchor arms; nobody from the east is in the high-anchor arm (a moderator level with an arm missing). */
function generatedAnchorParticipants(): Generated[] {
  const random = seededRandom(17);
  const arms = ['control', 'low-anchor', 'high-anchor'];
  return Array.from({ length: 150 }, (_, index) => {
    const arm = arms[index % 3]!;
    const regions = arm === 'high-anchor' ? ['north', 'south'] : ['north', 'south', 'east'];
    const age = 20 + Math.floor(random.uniform() * 50);
    const incomeBand = random.uniform() < 0.5 ? 'low' : 'high';
    const shift = arm === 'low-anchor' ? -1200 : arm === 'high-anchor' ? 1500 : 0;
    const amount = Math.round((8000 + shift + 40 * (age - 45) + (incomeBand === 'high' ? 900 : 0) + random.normal(0, 2500)) / 100) * 100;
    return { id: `m-${String(index).padStart(3, '0')}`, arm, amount: Math.max(500, amount), age, region: regions[Math.floor(index / 3) % regions.length]!, incomeBand };
  });
}

const engines: [string, () => Promise<Store>][] = [['SQLite', async () => createTestApp({ files: [] }).store]];
if (postgresTestUrl) engines.push(['PostgreSQL', async () => openPostgresStore(await freshPostgresDatabase())]);

describe.each(engines)('results with the plan’s models on %s' + postgresSkipNote, (_engine, openStore) => {
  let engineStore: Store;
  const anchor = experiments.get('anchor-models')!;
  const participants = generatedAnchorParticipants();

  beforeAll(async () => {
    engineStore = await openStore();
    await store(engineStore, anchor, participants, true);
  }, 120_000);
  afterAll(async () => engineStore.close());

  it('gives each comparison of the primary outcome its covariate-adjusted effect, equal to the models run on the generated columns', async () => {
    const results = await experimentResults(engineStore, anchor);
    expect(results.models).toMatchObject({ rows: 150, problems: [], covariates: [{ key: 'age', source: 'question', kind: 'numeric' }, { key: 'income_band', source: 'attribute', kind: 'categorical' }] });
    const expected = modelsReport({
      outcomes: [{ metric: 'amount', type: 'continuous', values: participants.map((participant) => participant.amount) }],
      arms: participants.map((participant) => participant.arm),
      control: 'control',
      covariates: [
        { name: 'age', kind: 'numeric', values: participants.map((participant) => participant.age) },
        { name: 'income_band', kind: 'categorical', values: participants.map((participant) => participant.incomeBand) },
      ],
      compare: [{ arm: 'high-anchor', control: 'low-anchor' }],
    }).metrics[0]!.adjusted!;
    const amount = results.metrics.find((metric) => metric.metric === 'amount')!;
    const adjusted = amount.comparisons.map((comparison) => [`${comparison.arm} vs ${comparison.control}`, (comparison as { adjusted?: { diff: number; pValue: number } }).adjusted]);
    expect(adjusted.map(([pair]) => pair)).toEqual(['low-anchor vs control', 'high-anchor vs control', 'high-anchor vs low-anchor']);
    for (const [index, [pair, effect]] of adjusted.entries()) {
      expect(effect, String(pair)).toEqual(expected[index]!.adjusted);
    }
    // The adjustment explains the age and income variation, so it moves the estimate away from the unadjusted difference.
    expect((adjusted[0]![1] as { diff: number }).diff).not.toBe(amount.comparisons[0]!.diff);
  });

  it('puts the plan’s arm-versus-arm comparison in the primary family with the comparisons against control (Holm over all three)', async () => {
    const results = await experimentResults(engineStore, anchor);
    const amount = results.metrics.find((metric) => metric.metric === 'amount')!;
    expect(amount.comparisons.map((comparison) => comparison.family)).toEqual(['primary', 'primary', 'primary']);
    expect(results.families.find((family) => family.name === 'primary')!.size).toBe(3);
    const holm = adjustPValues(amount.comparisons.map((comparison) => comparison.pValue!), 'holm');
    expect(amount.comparisons.map((comparison) => comparison.pAdjusted)).toEqual(holm);
    // Secondary outcomes get the pair too, among themselves.
    expect(results.metrics.find((metric) => metric.metric === 'term')!.comparisons.map((comparison) => `${comparison.arm} vs ${comparison.control}`)).toContain('high-anchor vs low-anchor');
  });

  it('reports each moderator per level with its interaction test, exploratory unless confirmatory, and a reason where an arm is missing from a level', async () => {
    const results = await experimentResults(engineStore, anchor);
    const moderators = results.metrics.find((metric) => metric.metric === 'amount')!.moderators! as unknown as { moderator: string; status: string; confirmatory: boolean }[];
    expect(moderators.map((moderator) => [moderator.moderator, moderator.status])).toEqual([
      ['region', 'exploratory'],
      ['income_band', 'confirmatory'],
    ]);
    const region = results.metrics.find((metric) => metric.metric === 'amount')!.moderators![0]!;
    const east = region.levels.find((level) => level.level === 'east')!;
    expect(east.n).toBe(participants.filter((participant) => participant.region === 'east').length);
    const highInEast = east.comparisons.find((comparison) => comparison.arm === 'high-anchor' && comparison.control === 'control')!;
    expect(highInEast.diff).toBeNull();
    expect(highInEast.problems.join(' ')).toMatch(/high-anchor/);
    const lowInEast = east.comparisons.find((comparison) => comparison.arm === 'low-anchor' && comparison.control === 'control')!;
    expect(lowInEast.diff).toBeTypeOf('number');
    const incomeBand = results.metrics.find((metric) => metric.metric === 'amount')!.moderators![1]!;
    expect(incomeBand.interaction?.pValue).toBeGreaterThan(0);
    expect(incomeBand.interaction?.df1).toBe(2);
    // Secondary outcomes are not modelled.
    expect(results.metrics.find((metric) => metric.metric === 'term')!.moderators).toBeUndefined();
  });
});

describe('results of a factorial design', () => {
  it('gives main effects and interactions, and says why when a cell is empty instead of failing', async () => {
    const { store: sqlite } = createTestApp({ files: [] });
    const design = experiments.get('anchor-factorial')!;
    const random = seededRandom(3);
    const filled = ['none-hidden', 'low-hidden', 'none-shown', 'low-shown'];
    const participants = Array.from({ length: 80 }, (_, index) => {
      const arm = filled[index % 4]!;
      const amount = Math.round(8000 + (arm.startsWith('low') ? -1500 : 0) + (arm.endsWith('shown') ? -400 : 0) + random.normal(0, 1500));
      return { id: `f-${index}`, arm, amount, age: 0, region: '', incomeBand: '' };
    });
    await store(sqlite, design, participants, false);
    const full = (await experimentResults(sqlite, design)).metrics.find((metric) => metric.metric === 'amount')!.factorial!;
    expect(full.mainEffects.map((effect) => `${effect.factor}=${effect.level} vs ${effect.reference}`)).toEqual(['default=low vs none', 'disclosure=shown vs hidden']);
    expect(full.mainEffects[0]!.estimate).toBeLessThan(0);
    expect(full.interactions.map((effect) => effect.term)).toEqual(['default=low:disclosure=shown']);

    const withoutOneCell = createTestApp({ files: [] }).store;
    await store(withoutOneCell, design, participants.filter((participant) => participant.arm !== 'low-shown'), false);
    const results = await experimentResults(withoutOneCell, design);
    const partial = results.metrics.find((metric) => metric.metric === 'amount')!.factorial!;
    expect(partial.problems.join(' ')).toMatch(/low-shown|default=low,disclosure=shown|empty/);
    expect(results.models!.factors.map((factor) => factor.key)).toEqual(['default', 'disclosure']);
    await sqlite.close();
    await withoutOneCell.close();
  });
});

describe('results page with the plan’s models, and the replication package download', () => {
  // The same design tested at α = 0.10: its intervals are 90% ones, and the page must say so.
  const modelledAt90 = { ...modelled, key: 'anchor-models-90', analysisPlan: { ...modelled.analysisPlan, alpha: 0.1 } };
  const { app, store: appStore, experiments: appExperiments } = createTestApp({ files: [{ file: 'test/anchor-models.ts', definition: modelled }, { file: 'test/anchor-models-90.ts', definition: modelledAt90 }] });
  const signIn = async (username: string, password: string) => {
    const agent = request.agent(app);
    const csrf = csrfTokenOf((await agent.get('/admin/login')).text);
    await agent.post('/admin/login').type('form').send({ _csrf: csrf, username, password }).expect(303);
    return agent;
  };

  beforeAll(async () => {
    await store(appStore, experiments.get('anchor-models')!, generatedAnchorParticipants(), true);
    await store(appStore, appExperiments.get('anchor-models-90')!, generatedAnchorParticipants(), true);
    await appStore.createUser({ username: 'root', role: 'admin', passwordHash: await hashPassword('admin-password-x'), createdAt: new Date() });
    await appStore.createUser({ username: 'anna', role: 'researcher', passwordHash: await hashPassword('researcher-password'), createdAt: new Date() });
  }, 120_000);

  it('shows adjusted beside unadjusted effects, each moderator with its status, interaction and forest plot', async () => {
    const agent = await signIn('anna', 'researcher-password');
    const page = (await agent.get('/admin/experiments/anchor-models/results').expect(200)).text;
    expect(page).toContain('data-models');
    expect(page).toMatch(/Adjusted for age, income_band/);
    expect((page.match(/data-adjusted-cell>[^<]*p /g) ?? []).length).toBe(3);
    expect(page).toContain('data-moderator="region" data-status="exploratory"');
    expect(page).toContain('data-moderator="income_band" data-status="confirmatory"');
    expect(page).toMatch(/HC2 Wald F\(2, \d+\) = \d/);
    expect(page).toContain('href="/admin/experiments/anchor-models/charts/moderator-amount-region.svg"');
    const svg = await agent.get('/admin/experiments/anchor-models/charts/moderator-amount-region.svg').expect(200);
    expect(String(svg.body ?? svg.text)).toContain('<svg');
    // A researcher is not offered the package, which holds every participant's data.
    expect(page).not.toContain('data-replication-package');
    await agent.get('/admin/experiments/anchor-models/replication-package.tar.gz').expect(403);
  }, 60_000);

  it('names the subgroup intervals by the plan’s level', async () => {
    const agent = await signIn('anna', 'researcher-password');
    expect((await agent.get('/admin/experiments/anchor-models/results').expect(200)).text).toMatch(/per level with its 95% interval: /);
    const at90 = (await agent.get('/admin/experiments/anchor-models-90/results').expect(200)).text;
    expect(at90).toMatch(/per level with its 90% interval: /);
    expect(at90).not.toContain('95% interval');
  }, 60_000);
});

/** The files of a .tar.gz: name → content. */
function untarGz(archive: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(archive);
  const files = new Map<string, Buffer>();
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
    files.set(name, tar.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

describe('replication package download', () => {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'nudgelab-package-download-')), 'nudgelab.db');
  const { app, store: appStore, experiments: registry } = createTestApp({ databasePath });

  beforeAll(async () => {
    const anchorParticipants = generatedAnchorParticipants().slice(0, 60);
    await store(appStore, registry.get('loan-anchor')!, anchorParticipants, false);
    await appStore.createUser({ username: 'root', role: 'admin', passwordHash: await hashPassword('admin-password-x'), createdAt: new Date() });
  }, 120_000);
  afterAll(async () => appStore.close());

  it('gives an admin the same files as `nudgelab export --package`, as a .tar.gz, audited', async () => {
    const agent = request.agent(app);
    const csrf = csrfTokenOf((await agent.get('/admin/login')).text);
    await agent.post('/admin/login').type('form').send({ _csrf: csrf, username: 'root', password: 'admin-password-x' }).expect(303);
    const page = (await agent.get('/admin/experiments/loan-anchor/results').expect(200)).text;
    expect(page).toContain('href="/admin/experiments/loan-anchor/replication-package.tar.gz"');
    const response = await agent
      .get('/admin/experiments/loan-anchor/replication-package.tar.gz')
      .buffer(true)
      .parse((result, done) => {
        const chunks: Buffer[] = [];
        result.on('data', (chunk: Buffer) => chunks.push(chunk));
        result.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('application/gzip');
    expect(response.headers['content-disposition']).toBe('attachment; filename="loan-anchor-replication-package.tar.gz"');
    const downloaded = untarGz(response.body as Buffer);

    const cliFolder = join(mkdtempSync(join(tmpdir(), 'nudgelab-package-cli-')), 'package');
    const cli = spawnSync(process.execPath, ['server/cli/nudgelab.mjs', 'export', '--experiment', 'loan-anchor', '--package', cliFolder], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NUDGELAB_DB: databasePath } });
    expect(cli.status, cli.stderr).toBe(0);
    const cliFiles = readdirSync(cliFolder).sort();
    expect([...downloaded.keys()].map((name) => name.replace(/^loan-anchor-replication-package\//, '')).sort()).toEqual(cliFiles);
    expect(cliFiles).toEqual([...replicationPackageFiles].sort());
    // The data files are byte for byte the CLI's; results.json, analysis.R and README.md carry the time they were computed.
    for (const file of ['participants.csv', 'process-events.csv', 'codebook.json', 'definition.json']) {
      expect(downloaded.get(`loan-anchor-replication-package/${file}`)!.toString('utf8'), file).toBe(readFileSync(join(cliFolder, file), 'utf8'));
    }
    expect(downloaded.get('loan-anchor-replication-package/participants.csv')!.toString('utf8').trim().split('\n')).toHaveLength(61);
    expect((await appStore.listAudit(5)).some((entry) => entry.action === 'replication-package.download' && entry.subject === 'loan-anchor' && entry.actor === 'root')).toBe(true);
  }, 120_000);
});
