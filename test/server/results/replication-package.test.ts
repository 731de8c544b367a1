import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { initializeExperimentStates } from '../../../server/lifecycle/experiment-lifecycle';
import { replicationPackageFiles } from '../../../server/results/replication-package';
import { replicationRScript, type ReplicationScriptInput } from '../../../server/results/replication-r-script';
import { listeningTestApp } from '../../helpers/listening-app';

const root = new URL('../../..', import.meta.url).pathname;
const rscriptAvailable = spawnSync('Rscript', ['--version'], { encoding: 'utf8' }).status === 0;
// In CI, .ci/run installs R: a missing Rscript there is a broken install, not a reason to skip.
if (!rscriptAvailable && process.env.CI) throw new Error('Rscript is missing in CI: .ci/run should have installed r-base-core, r-cran-estimatr, r-cran-sandwich and r-cran-lmtest');
if (!rscriptAvailable) console.warn('replication-package.test.ts: Rscript is not installed, so analysis.R is not run (install r-base-core, r-cran-estimatr, r-cran-sandwich, r-cran-lmtest)');

function nudgelab(args: string[], environment: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['server/cli/nudgelab.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...environment } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs an analysis.R; each figure it prints as "FIGURE  R r  nudgelab n  relative difference d". */
function runAnalysisScript(file: string) {
  const result = spawnSync('Rscript', [file], { encoding: 'utf8', timeout: 120_000 });
  const figures = [...result.stdout.matchAll(/^(.+?)\s+R (\S+)\s+nudgelab (\S+)\s+relative difference (\S+)$/gm)].map((match) => ({
    figure: match[1]!.trim(),
    r: Number(match[2]),
    nudgelab: Number(match[3]),
    relativeDifference: Number(match[4]),
  }));
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, figures };
}

describe('nudgelab export --package', () => {
  const database = join(mkdtempSync(join(tmpdir(), 'nudgelab-package-')), 'nudgelab.db');
  const packages = mkdtempSync(join(tmpdir(), 'nudgelab-packages-'));

  beforeAll(async () => {
    const server = await listeningTestApp({ databasePath: database });
    try {
      await initializeExperimentStates(server.store, server.experiments, new Date());
      for (const key of ['loan-anchor', 'credit-choice']) {
        const summary = await simulateParticipants({ baseUrl: server.baseUrl, definition: server.experiments.get(key)!.definition, participants: 150, idPrefix: `package-${key}`, concurrency: 6 });
        expect(summary.completed).toBe(150);
      }
    } finally {
      await server.close();
    }
  }, 240_000);

  it.each(['loan-anchor', 'credit-choice'])('%s: writes the data, codebook, frozen definition with its SHA-256, results and an analysis.R that reproduces every primary figure within 1e-6', (key) => {
    const directory = join(packages, key);
    const run = nudgelab(['export', '--experiment', key, '--package', directory], { NUDGELAB_DB: database });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`wrote the replication package of ${key} \\(150 participants`));
    for (const file of replicationPackageFiles) expect(existsSync(join(directory, file)), file).toBe(true);
    const rows = parse(readFileSync(join(directory, 'participants.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(150);
    const codebook = JSON.parse(readFileSync(join(directory, 'codebook.json'), 'utf8'));
    expect(codebook.columns.map((column: { name: string }) => column.name)).toEqual(Object.keys(rows[0]!));
    const definition = JSON.parse(readFileSync(join(directory, 'definition.json'), 'utf8'));
    expect(definition.definitionSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(definition.analysisPlan).toBeTypeOf('object');
    expect(definition.frozenAt).not.toBeNull();
    const results = JSON.parse(readFileSync(join(directory, 'results.json'), 'utf8'));
    const primary = results.metrics.filter((metric: { family: string }) => metric.family === 'primary');
    expect(primary.length).toBeGreaterThan(0);
    const script = readFileSync(join(directory, 'analysis.R'), 'utf8');
    // nudgelab's own figures are embedded in the script.
    const firstComparison = primary[0].comparisons[0];
    expect(script).toContain(String(firstComparison.diff));
    expect(script).toContain(String(firstComparison.pValue));
    if (!rscriptAvailable) return;
    const analysis = runAnalysisScript(join(directory, 'analysis.R'));
    expect(analysis.status, analysis.stderr).toBe(0);
    // diff, two bounds, p and the family-adjusted p of every primary comparison with a p-value…
    type Comparison = { pValue: number | null; adjusted?: { diff: number } | null };
    type Metric = { comparisons: Comparison[]; moderators?: { interaction: unknown }[]; factorial?: { mainEffects: unknown[] } };
    const comparisons = (primary as Metric[]).flatMap((metric) => metric.comparisons);
    const unadjusted = comparisons.filter((comparison) => comparison.pValue !== null).length * 5;
    expect(unadjusted).toBeGreaterThan(0);
    const figureNames = analysis.figures.map((figure) => figure.figure);
    expect(figureNames.filter((name) => /vs [^|]+ \| (diff|CI low|CI high|p|p adjusted)$/.test(name) && !/ = |main effect|interaction /.test(name))).toHaveLength(unadjusted);
    // …and the plan's models where the experiment declares them (credit-choice: covariates, a moderator, two factors).
    const adjusted = comparisons.filter((comparison) => comparison.adjusted).length;
    expect(figureNames.filter((name) => name.includes('| adjusted |'))).toHaveLength(adjusted * 5);
    const interactions = (primary as Metric[]).flatMap((metric) => metric.moderators ?? []).filter((moderator) => moderator.interaction).length;
    expect(figureNames.filter((name) => name.includes('| Wald |'))).toHaveLength(interactions * 4);
    const mainEffects = (primary as Metric[]).flatMap((metric) => metric.factorial?.mainEffects ?? []).length;
    expect(figureNames.filter((name) => name.includes('| main effect '))).toHaveLength(mainEffects * 4);
    if (key === 'credit-choice') expect(mainEffects + adjusted + interactions).toBeGreaterThan(0);
    for (const figure of analysis.figures) expect(figure.relativeDifference, `${figure.figure}: R ${figure.r}, nudgelab ${figure.nudgelab}`).toBeLessThanOrEqual(1e-6);
    expect(analysis.stdout).toMatch(new RegExp(`${analysis.figures.length} figures compared; largest relative difference`));
  }, 180_000);

  it('refuses a package for an unknown experiment with one line and exit code 2', () => {
    const run = nudgelab(['export', '--experiment', 'no-such-thing', '--package', join(packages, 'x')], { NUDGELAB_DB: database });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('analysis.R for the models, from the figures nudgelab analyze prints', () => {
  /** Copies a dataset beside the script, analyses it with the CLI, generates analysis.R from the JSON and runs it. */
  function reproduce(dataset: string, analyzeArguments: string[], script: Omit<ReplicationScriptInput, 'report' | 'csvFile' | 'title'>) {
    const directory = mkdtempSync(join(tmpdir(), 'nudgelab-models-r-'));
    copyFileSync(join(root, 'test/fixtures/analysis/models/datasets', `${dataset}.csv`), join(directory, 'data.csv'));
    const run = nudgelab(['analyze', join(directory, 'data.csv'), ...analyzeArguments, '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    writeFileSync(join(directory, 'analysis.R'), replicationRScript({ title: `${dataset}: ${analyzeArguments.join(' ')}`, csvFile: 'data.csv', report, ...script }));
    return { report, analysis: runAnalysisScript(join(directory, 'analysis.R')) };
  }
  const expectAllAgree = (figures: ReturnType<typeof runAnalysisScript>['figures']) => {
    for (const figure of figures) expect(figure.relativeDifference, `${figure.figure}: R ${figure.r}, nudgelab ${figure.nudgelab}`).toBeLessThanOrEqual(1e-6);
  };

  it.skipIf(!rscriptAvailable)('reproduces adjusted effects (lm_lin, HC2), moderator levels and Wald F, and --compare pairs', () => {
    const { analysis } = reproduce(
      'anchor-covariates',
      ['--arm-column', 'arm', '--outcome', 'amount', '--outcome', 'above_quote', '--covariate', 'age', '--covariate', 'income_band', '--moderator', 'literacy', '--moderator', 'region', '--compare', 'high-anchor:low-anchor'],
      { armColumn: 'arm', covariates: ['age', 'income_band'], moderators: ['literacy', 'region'] },
    );
    expect(analysis.status, analysis.stderr).toBe(0);
    const count = (pattern: RegExp) => analysis.figures.filter((figure) => pattern.test(figure.figure)).length;
    expect(count(/\| adjusted \|/)).toBe(2 * 3 * 5);
    expect(count(/\| Wald \|/)).toBe(2 * 2 * 4);
    expect(count(/region = islands \| high-anchor/)).toBe(0);
    expect(count(/high-anchor vs low-anchor \| p adjusted/)).toBe(2);
    expect(analysis.figures.length).toBeGreaterThan(150);
    expectAllAgree(analysis.figures);
  }, 120_000);

  it.skipIf(!rscriptAvailable)('reproduces factorial main effects and interactions, with a reference level that is not the first', () => {
    const { report, analysis } = reproduce('factorial-2x2x2', ['--factor', 'default', '--factor', 'disclosure', '--factor', 'order', '--reference', 'disclosure=shown', '--outcome', 'chose_revolving', '--outcome', 'cost_error'], {
      armColumn: null,
      factors: [
        { name: 'default', levels: ['fixed', 'revolving'] },
        { name: 'disclosure', levels: ['shown', 'hidden'] },
        { name: 'order', levels: ['fixed-first', 'revolving-first'] },
      ],
    });
    expect(report.metrics[0].arms[0].arm).toBe('default=fixed,disclosure=shown,order=fixed-first');
    expect(analysis.status, analysis.stderr).toBe(0);
    expect(analysis.figures.filter((figure) => /main effect/.test(figure.figure))).toHaveLength(2 * 3 * 4);
    expect(analysis.figures.filter((figure) => /\| interaction /.test(figure.figure))).toHaveLength(2 * 3 * 4);
    expectAllAgree(analysis.figures);
  }, 120_000);

  it.skipIf(!rscriptAvailable)('fails (exit 1) when an embedded figure is not what R computes', () => {
    const directory = mkdtempSync(join(tmpdir(), 'nudgelab-models-r-'));
    copyFileSync(join(root, 'test/fixtures/analysis/models/datasets/anchor-covariates.csv'), join(directory, 'data.csv'));
    const report = JSON.parse(nudgelab(['analyze', join(directory, 'data.csv'), '--arm-column', 'arm', '--outcome', 'amount', '--format', 'json']).stdout);
    report.metrics[0].comparisons[0].diff *= 1 + 1e-5;
    writeFileSync(join(directory, 'analysis.R'), replicationRScript({ title: 'tampered', csvFile: 'data.csv', armColumn: 'arm', report }));
    const analysis = runAnalysisScript(join(directory, 'analysis.R'));
    expect(analysis.status).toBe(1);
    expect(analysis.figures.find((figure) => figure.figure === 'amount | low-anchor vs control | diff')!.relativeDifference).toBeGreaterThan(1e-6);
  }, 120_000);
});
