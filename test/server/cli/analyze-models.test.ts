import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { analysisAndModelsInputFromCsv } from '../../../server/cli/analysis-input-from-csv';
import { armPair } from '../../../server/cli/arm-pair';
import { modelReferences, referenceValue, relativeError } from '../../analysis/model-references';

const root = new URL('../../..', import.meta.url).pathname;
const modelDataset = (name: string) => join(root, 'test/fixtures/analysis/models/datasets', `${name}.csv`);
const anchor = modelDataset('anchor-covariates');

/** The compiled CLI, as `npx nudgelab` runs it. */
function nudgelab(...args: string[]) {
  const result = spawnSync(process.execPath, ['server/cli/nudgelab.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
function analyzeJson(...args: string[]) {
  const run = nudgelab('analyze', ...args, '--format', 'json');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

/** R's figures for --compare (reference-compare.R beside them). */
const compareReferences = (parse(readFileSync(join(root, 'test/fixtures/server/cli/reference-compare.csv'), 'utf8'), { columns: true }) as Record<string, string>[]).map(
  (row) => ({ outcome: row.outcome!, term: row.term!, figure: row.figure!, value: Number(row.value) }),
);
const compareReference = (outcome: string, term: string, figure: string) => {
  const row = compareReferences.find((candidate) => candidate.outcome === outcome && candidate.term === term && candidate.figure === figure);
  if (!row) throw new Error(`no reference for ${outcome} / ${term} / ${figure}`);
  return row.value;
};

const expectRelative = (ours: unknown, reference: number, label: string, tolerance = 1e-8) => {
  expect(ours, label).toBeTypeOf('number');
  expect(relativeError(ours as number, reference), `${label}: ${String(ours)} vs R ${reference}`).toBeLessThan(tolerance);
};

type Comparison = { arm: string; control: string; diff: number; diffCi: [number, number]; pValue: number; pAdjusted: number; adjusted?: { diff: number; diffCi: [number, number]; se: number; pValue: number; method: string } | null };
const comparisonOf = (metric: { comparisons: Comparison[] }, arm: string, control: string) => {
  const found = metric.comparisons.find((comparison) => comparison.arm === arm && comparison.control === control);
  expect(found, `${arm} vs ${control}`).toBeDefined();
  return found!;
};

describe('the models\' columns as the CSV reader gives them', () => {
  it('keeps numeric covariates as a Float64Array and turns a column with text into a categorical one, missing markers as missing', () => {
    const csv = 'arm,y,age,band,region\na,1,30,2,north\nb,2,NA,low,\na,3,41.5,,south\nb,4,50,2,north\n';
    const { models, experiment } = analysisAndModelsInputFromCsv(csv, { armColumn: 'arm', outcomes: ['y'], covariates: ['age', 'band'], moderators: ['region'] });
    expect(experiment.arms).toEqual(['a', 'b']);
    const [age, band] = models!.covariates!;
    expect(age!.kind).toBe('numeric');
    expect(age!.values).toBeInstanceOf(Float64Array);
    expect(Array.from(age!.values as ArrayLike<number>)).toEqual([30, Number.NaN, 41.5, 50]);
    expect(band).toEqual({ name: 'band', kind: 'categorical', values: ['2', 'low', null, '2'] });
    expect(models!.moderators).toEqual([{ name: 'region', values: ['north', null, 'south', 'north'] }]);
    expect(models!.arms).toEqual(['a', 'b', 'a', 'b']);
    expect(Array.from(models!.outcomes[0]!.values)).toEqual([1, 2, 3, 4]);
  });

  it('keeps no row columns when no model is asked for', () => {
    expect(analysisAndModelsInputFromCsv('arm,y\na,1\nb,2\n', { armColumn: 'arm', outcomes: ['y'] }).models).toBeNull();
  });

  it('makes factorial cells the arms, with the reference cell as control', () => {
    const csv = 'A,B,y\nx,p,1\ny,q,2\nx,q,3\ny,p,4\n';
    const { experiment, models } = analysisAndModelsInputFromCsv(csv, { factors: ['A', 'B'], references: { B: 'q' }, outcomes: ['y'] });
    expect(experiment.control).toBe('A=x,B=q');
    expect(experiment.arms).toEqual(['A=x,B=q', 'A=x,B=p', 'A=y,B=q', 'A=y,B=p']);
    expect(models!.factors!.map((factor) => factor.reference)).toEqual(['x', 'q']);
  });

  it('splits --compare at the colon that names two arms, even when arm names hold colons', () => {
    expect(armPair('b:a', ['a', 'b'])).toEqual({ arm: 'b', control: 'a' });
    expect(armPair('t:1:c:2', ['c:2', 't:1'])).toEqual({ arm: 't:1', control: 'c:2' });
    expect(() => armPair('b-a', ['a', 'b'])).toThrow(/ARM:ARM/);
  });
});

describe('nudgelab analyze with the models of issue #17', () => {
  it('gives every comparison, a --compare pair included, its covariate-adjusted effect equal to estimatr::lm_robust (HC2)', () => {
    const report = analyzeJson(anchor, '--arm-column', 'arm', '--outcome', 'amount', '--outcome', 'above_quote', '--covariate', 'age', '--covariate', 'income_band', '--compare', 'high-anchor:low-anchor');
    for (const outcome of ['amount', 'above_quote']) {
      const metric = report.metrics.find((candidate: { metric: string }) => candidate.metric === outcome);
      for (const arm of ['low-anchor', 'high-anchor']) {
        const { adjusted } = comparisonOf(metric, arm, 'control');
        expect(Object.keys(adjusted!).sort()).toEqual(['diff', 'diffCi', 'method', 'pValue', 'se']);
        expectRelative(adjusted!.diff, referenceValue('lin-age-band', outcome, arm, 'diff'), `${outcome} ${arm} diff`);
        expectRelative(adjusted!.se, referenceValue('lin-age-band', outcome, arm, 'se'), `${outcome} ${arm} se`);
        expectRelative(adjusted!.diffCi[0], referenceValue('lin-age-band', outcome, arm, 'diffCi.low'), `${outcome} ${arm} lower`);
        expectRelative(adjusted!.diffCi[1], referenceValue('lin-age-band', outcome, arm, 'diffCi.high'), `${outcome} ${arm} upper`);
        expectRelative(adjusted!.pValue, referenceValue('lin-age-band', outcome, arm, 'pValue'), `${outcome} ${arm} p`);
      }
    }
    const versus = comparisonOf(report.metrics[0], 'high-anchor', 'low-anchor').adjusted!;
    for (const [figure, ours] of [['diff', versus.diff], ['se', versus.se], ['diffCi.low', versus.diffCi[0]], ['diffCi.high', versus.diffCi[1]], ['pValue', versus.pValue]] as const) {
      expectRelative(ours, referenceValue('lin-versus-arm', 'amount', 'high-anchor', figure), `high vs low ${figure}`);
    }
    expect(versus.method).toMatch(/Lin \(2013\).*HC2/);
  }, 60_000);

  it('enters a text covariate as indicators and names a covariate that does not vary', () => {
    const report = analyzeJson(anchor, '--arm-column', 'arm', '--outcome', 'amount', '--covariate', 'income_band', '--covariate', 'constant');
    const low = comparisonOf(report.metrics[0], 'low-anchor', 'control');
    expectRelative(low.adjusted!.diff, referenceValue('lin-band-constant', 'amount', 'low-anchor', 'diff'), 'diff');
    expectRelative(low.adjusted!.se, referenceValue('lin-band-constant', 'amount', 'low-anchor', 'se'), 'se');
    expect((low as unknown as { problems: string[] }).problems.join(' ')).toMatch(/"constant" does not vary/);
  }, 60_000);

  it('reports --compare pairs like comparisons against control, Holm-adjusted in one family with them (R t.test, prop.test, p.adjust)', () => {
    const report = analyzeJson(anchor, '--arm-column', 'arm', '--outcome', 'amount', '--outcome', 'above_quote', '--compare', 'high-anchor:low-anchor');
    for (const outcome of ['amount', 'above_quote']) {
      const metric = report.metrics.find((candidate: { metric: string }) => candidate.metric === outcome);
      expect(metric.comparisons.map((comparison: Comparison) => `${comparison.arm}:${comparison.control}`)).toEqual(['low-anchor:control', 'high-anchor:control', 'high-anchor:low-anchor']);
      for (const comparison of metric.comparisons as Comparison[]) {
        const term = `${comparison.arm}:${comparison.control}`;
        expectRelative(comparison.diff, compareReference(outcome, term, 'diff'), `${outcome} ${term} diff`);
        expectRelative(comparison.diffCi[0], compareReference(outcome, term, 'diffCi.low'), `${outcome} ${term} lower`, 1e-7);
        expectRelative(comparison.diffCi[1], compareReference(outcome, term, 'diffCi.high'), `${outcome} ${term} upper`, 1e-7);
        expectRelative(comparison.pValue, compareReference(outcome, term, 'pValue'), `${outcome} ${term} p`, 1e-6);
        expectRelative(comparison.pAdjusted, compareReference(outcome, term, 'pAdjusted'), `${outcome} ${term} Holm p`, 1e-6);
      }
      expect(metric.comparisons[2].familySize).toBe(3);
    }
    expect(report.metrics[0].comparisons[2].adjusted).toBeUndefined();
  }, 60_000);

  it('adds per-level comparisons and the HC2 Wald F of arm × moderator, equal to R, with a level lacking an arm as a note', () => {
    const report = analyzeJson(anchor, '--arm-column', 'arm', '--outcome', 'amount', '--outcome', 'above_quote', '--moderator', 'literacy', '--moderator', 'region');
    let checked = 0;
    for (const [caseName, moderatorName] of [['moderator-literacy', 'literacy'], ['moderator-region', 'region']] as const) {
      for (const outcome of ['amount', 'above_quote']) {
        const metric = report.metrics.find((candidate: { metric: string }) => candidate.metric === outcome);
        const moderator = metric.moderators.find((candidate: { moderator: string }) => candidate.moderator === moderatorName);
        for (const figure of ['F', 'df1', 'df2', 'pValue'] as const) expectRelative(moderator.interaction[figure], referenceValue(caseName, outcome, 'interaction', figure), `${caseName} ${outcome} ${figure}`);
        for (const level of moderator.levels as { level: string; n: number; comparisons: (Comparison & { problems: string[] })[] }[]) {
          expect(level.n).toBe(referenceValue(caseName, outcome, level.level, 'n'));
          for (const comparison of level.comparisons) {
            const term = `${level.level}|${comparison.arm}`;
            if (modelReferences(caseName, outcome, term).length === 0) {
              expect(comparison.diff, term).toBeNull();
              expect(comparison.problems.join(' ')).toMatch(/no participants/);
              continue;
            }
            expectRelative(comparison.diff, referenceValue(caseName, outcome, term, 'diff'), `${caseName} ${outcome} ${term} diff`);
            expectRelative(comparison.diffCi[0], referenceValue(caseName, outcome, term, 'diffCi.low'), `${term} lower`, 1e-7);
            expectRelative(comparison.diffCi[1], referenceValue(caseName, outcome, term, 'diffCi.high'), `${term} upper`, 1e-7);
            expectRelative(comparison.pValue, referenceValue(caseName, outcome, term, 'pValue'), `${term} p`, 1e-6);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(12);
  }, 60_000);

  it('takes factors instead of an arm column: cells as arms, the reference cell as control, main effects and interactions equal to R', () => {
    const cases = [
      { caseName: 'factorial-3x2-reference-none', dataset: 'factorial-3x2', factors: ['default', 'disclosure'], extra: ['--reference', 'default=none'] },
      { caseName: 'factorial-2x2x2', dataset: 'factorial-2x2x2', factors: ['default', 'disclosure', 'order'], extra: [] },
    ];
    for (const { caseName, dataset, factors, extra } of cases) {
      const report = analyzeJson(modelDataset(dataset), ...factors.flatMap((factor) => ['--factor', factor]), ...extra, '--outcome', 'chose_revolving', '--outcome', 'cost_error');
      for (const metric of report.metrics) {
        const { mainEffects, interactions, problems } = metric.factorial;
        expect(problems).toEqual([]);
        const references = modelReferences(caseName, metric.metric).filter((row) => row.figure === 'estimate');
        expect(mainEffects.length + interactions.length).toBe(references.length);
        for (const effect of mainEffects) {
          const term = `${effect.factor}=${effect.level}`;
          expectRelative(effect.estimate, referenceValue(caseName, metric.metric, term, 'estimate'), `${caseName} ${term}`);
          expectRelative(effect.ci[0], referenceValue(caseName, metric.metric, term, 'ci.low'), `${term} lower`);
          expectRelative(effect.pValue, referenceValue(caseName, metric.metric, term, 'pValue'), `${term} p`);
        }
        for (const effect of interactions) {
          expectRelative(effect.estimate, referenceValue(caseName, metric.metric, effect.term, 'estimate'), `${caseName} ${effect.term}`);
          expectRelative(effect.ci[1], referenceValue(caseName, metric.metric, effect.term, 'ci.high'), `${effect.term} upper`);
          expectRelative(effect.pValue, referenceValue(caseName, metric.metric, effect.term, 'pValue'), `${effect.term} p`);
        }
      }
      const expectedControl = caseName === 'factorial-3x2-reference-none' ? 'default=none,disclosure=shown' : undefined;
      if (expectedControl) expect(report.metrics[0].arms[0].arm).toBe(expectedControl);
      expect(report.metrics[0].arms).toHaveLength(factors.length === 2 ? 6 : 8);
    }
  }, 60_000);

  it('prints the models readably in the table format', () => {
    const run = nudgelab('analyze', anchor, '--arm-column', 'arm', '--outcome', 'amount', '--covariate', 'age', '--moderator', 'literacy', '--compare', 'high-anchor:low-anchor');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^high-anchor vs low-anchor +4117\.50/m);
    expect(run.stdout).toMatch(/Adjusted for covariates — Lin \(2013\)/);
    expect(run.stdout).toMatch(/Moderator literacy: interaction \(HC2 Wald\) F = [\d.]+ \(df 2, \d+\), p = /);
    const factorial = nudgelab('analyze', modelDataset('factorial-2x2'), '--factor', 'default', '--factor', 'disclosure', '--outcome', 'cost_error');
    expect(factorial.stdout).toMatch(/Factorial effects \(cell means, HC2\)/);
    expect(factorial.stdout).toMatch(/^interaction default=revolving:disclosure=hidden +-115\.87/m);
  }, 60_000);

  it.each([
    [['--arm-column', 'arm', '--outcome', 'amount', '--covariate', 'height'], /column "height" is not in the CSV/],
    [['--arm-column', 'arm', '--outcome', 'amount', '--moderator', 'county'], /column "county" is not in the CSV/],
    [['--arm-column', 'arm', '--outcome', 'amount', '--compare', 'high-anchor:medium-anchor'], /--compare "high-anchor:medium-anchor" must name two arms/],
    [['--arm-column', 'arm', '--outcome', 'amount', '--compare', 'control:control'], /compares an arm with itself/],
    [['--arm-column', 'arm', '--factor', 'literacy', '--outcome', 'amount'], /either --arm-column or --factor/],
    [['--factor', 'literacy', '--reference', 'literacy=medium', '--outcome', 'amount'], /"medium" is not a level of "literacy"/],
    [['--factor', 'constant', '--outcome', 'amount'], /factor "constant" has a single level/],
    [['--factor', 'literacy', '--reference', 'region=north', '--outcome', 'amount'], /--reference names "region", which is not a --factor/],
    [['--arm-column', 'arm', '--outcome', 'amount', '--covariate', 'age', '--covariate', 'age'], /--covariate age is given twice/],
  ])('refuses bad input with one line and exit code 2: %j', (args, message) => {
    const run = nudgelab('analyze', anchor, ...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  }, 60_000);
});
