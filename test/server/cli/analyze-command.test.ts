import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../../analysis/analyze-experiment';
import { analysisInputFromCsv } from '../../../server/cli/analysis-input-from-csv';
import { readDataset } from '../../analysis/reference-helpers';

const root = new URL('../../..', import.meta.url).pathname;
const dataset = (name: string) => join(root, 'test/fixtures/analysis/datasets', `${name}.csv`);

/** Runs `npx nudgelab …` as a researcher would, from the repository root. */
function nudgelab(...args: string[]) {
  const result = spawnSync('npx', ['--no-install', 'nudgelab', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function csvFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nudgelab-cli-')), 'data.csv');
  writeFileSync(file, content);
  return file;
}

describe('nudgelab analyze', () => {
  it('prints the analysis engine’s report as JSON, with the field names researchers script against', () => {
    const run = nudgelab('analyze', dataset('three-arm-anchor'), '--arm-column', 'arm', '--outcome', 'amount', '--outcome', 'above_highest_quote', '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    const expected = analyzeExperiment(
      analysisInputFromCsv(readDataset('three-arm-anchor'), { armColumn: 'arm', outcomes: ['amount', 'above_highest_quote'] }),
    );
    expect(report).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(Object.keys(report.srm)).toEqual(expect.arrayContaining(['chiSquare', 'df', 'pValue', 'ok', 'observed', 'expected']));
    expect(report.metrics.map((metric: { type: string }) => metric.type)).toEqual(['continuous', 'binary']);
    expect(Object.keys(report.metrics[0].comparisons[0])).toEqual(
      expect.arrayContaining(['arm', 'control', 'nArm', 'nControl', 'diff', 'diffCi', 'pValue', 'pAdjusted', 'relativeLift', 'relativeLiftCi', 'hedgesG', 'hedgesGCi', 'mannWhitneyP', 'rankBiserial', 'chanceToBeatControl']),
    );
    expect(Object.keys(report.metrics[1].comparisons[0])).toEqual(
      expect.arrayContaining(['relativeRisk', 'relativeRiskCi', 'oddsRatio', 'oddsRatioCi', 'fisherP']),
    );
  }, 60_000);

  it('takes the control, weights, type and correction from the command line', () => {
    const run = nudgelab(
      'analyze', dataset('three-arm-anchor'), '--arm-column', 'arm', '--outcome', 'above_highest_quote', '--control', 'high-anchor',
      '--weights', '2,1,1', '--type', 'continuous', '--correction', 'bh', '--format', 'json',
    );
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.correction).toBe('bh');
    expect(report.metrics[0].type).toBe('continuous');
    expect(report.metrics[0].comparisons.map((comparison: { arm: string; control: string }) => [comparison.arm, comparison.control])).toEqual([
      ['control', 'high-anchor'],
      ['low-anchor', 'high-anchor'],
    ]);
    expect(report.srm.expected.control).toBeCloseTo((449 * 2) / 4, 9);
  }, 60_000);

  it('prints a readable table by default', () => {
    const run = nudgelab('analyze', dataset('small'), '--arm-column', 'arm', '--outcome', 'amount', '--outcome', 'chose_revolving');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Sample ratio: chi-square/);
    expect(run.stdout).toContain('amount (continuous)');
    expect(run.stdout).toContain('chose_revolving (binary)');
    expect(run.stdout).toContain("Hedges' g");
  }, 60_000);

  it.each([
    ['a missing file', ['analyze', '/nonexistent/data.csv', '--arm-column', 'arm', '--outcome', 'x'], /cannot read \/nonexistent\/data\.csv: ENOENT/],
    ['a missing column', ['analyze', 'FILE', '--arm-column', 'arm', '--outcome', 'amount'], /column "amount" is not in the CSV/],
    ['a missing arm column', ['analyze', 'FILE', '--arm-column', 'group', '--outcome', 'score'], /column "group" is not in the CSV/],
    ['no outcome', ['analyze', 'FILE', '--arm-column', 'arm'], /at least one --outcome is required/],
    ['an unknown option', ['analyze', 'FILE', '--arm-column', 'arm', '--outcome', 'score', '--colour', 'red'], /Unknown option '--colour'/],
    ['a bad correction', ['analyze', 'FILE', '--arm-column', 'arm', '--outcome', 'score', '--correction', 'bonferroni'], /--correction must be holm, bh or none/],
    ['too few weights', ['analyze', 'FILE', '--arm-column', 'arm', '--outcome', 'score', '--weights', '1'], /1 weights given for 2 arms/],
    ['an unknown control', ['analyze', 'FILE', '--arm-column', 'arm', '--outcome', 'score', '--control', 'zzz'], /control arm "zzz" is not in the data/],
  ])('rejects %s with one line and exit code 2', (_label, args, message) => {
    const file = csvFile('arm,score\na,1.5\nb,2.5\na,3\nb,4\n');
    const run = nudgelab(...args.map((arg) => (arg === 'FILE' ? file : arg)));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  }, 60_000);

  it.each([
    ['a malformed CSV', 'arm,score\na,1\nb,2,3\n', /malformed CSV/],
    ['a single arm', 'arm,score\na,1\na,2\n', /single arm \("a"\)/],
    ['a non-numeric outcome', 'arm,score\na,1\nb,lots\n', /non-numeric value "lots" on line 3/],
    ['a binary type with other values', 'arm,score\na,1\nb,2\n', /declared binary/],
    ['an empty file', '', /no data rows/],
  ])('rejects %s with one line and exit code 2', (label, content, message) => {
    const extra = label.includes('binary') ? ['--type', 'binary'] : [];
    const run = nudgelab('analyze', csvFile(content), '--arm-column', 'arm', '--outcome', 'score', ...extra);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  }, 60_000);

  it('treats empty cells and NA as missing, per outcome', () => {
    const run = nudgelab('analyze', csvFile('arm,score,flag\na,1,1\na,NA,0\na,3,\nb,4,1\nb,,0\nb,6,1\n'), '--arm-column', 'arm', '--outcome', 'score', '--outcome', 'flag', '--format', 'json');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.metrics[0].arms.map((arm: { n: number }) => arm.n)).toEqual([2, 2]);
    expect(report.metrics[1].arms.map((arm: { n: number }) => arm.n)).toEqual([2, 3]);
    expect(report.srm.observed).toEqual({ a: 3, b: 3 });
  }, 60_000);
});
