import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../../analysis/analyze-experiment';
import { analysisInputFromCsv, type AnalysisCsvOptions } from '../../../server/cli/analysis-input-from-csv';
import { readDataset } from '../../analysis/reference-helpers';
import { runNudgelab } from '../../helpers/nudgelab-command';

const root = new URL('../../..', import.meta.url).pathname;
const dataset = (name: string) => join(root, 'test/fixtures/analysis/datasets', `${name}.csv`);

/**
 * Runs the `nudgelab` bin (server/cli/nudgelab.mjs, the compiled CLI) from the
 * repository root, as `npx nudgelab …` does without npx's own start-up; the
 * first test goes through npx itself.
 */
function nudgelab(...args: string[]) {
  const result = spawnSync(process.execPath, ['server/cli/nudgelab.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function npxNudgelab(...args: string[]) {
  const result = runNudgelab([...args], { timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const analyzeCsv = (content: string, options: Partial<AnalysisCsvOptions> = {}) =>
  analysisInputFromCsv(content, { armColumn: 'arm', outcomes: ['score'], ...options });
const valuesOf = (input: ReturnType<typeof analysisInputFromCsv>, metric = 0) =>
  Object.fromEntries([...input.metrics[metric]!.valuesByArm].map(([arm, values]) => [arm, Array.from(values)]));

function csvFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nudgelab-cli-')), 'data.csv');
  writeFileSync(file, content);
  return file;
}

describe('nudgelab analyze', () => {
  it('prints the analysis engine’s report as JSON, with the field names researchers script against', () => {
    const run = npxNudgelab('analyze', dataset('three-arm-anchor'), '--arm-column', 'arm', '--outcome', 'amount', '--outcome', 'above_highest_quote', '--format', 'json');
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

  it('takes the control, weights, type and correction from the command line; the control is printed first and weighted first', () => {
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
    // The file's arms appear as control, low-anchor, high-anchor; with --control high-anchor the
    // report lists high-anchor first, and the weights 2,1,1 follow that printed order.
    expect(Object.keys(report.srm.expected)).toEqual(['high-anchor', 'control', 'low-anchor']);
    expect(report.metrics[0].arms.map((arm: { arm: string }) => arm.arm)).toEqual(['high-anchor', 'control', 'low-anchor']);
    const total = Object.values(report.srm.observed as Record<string, number>).reduce((sum, count) => sum + count, 0);
    expect(report.srm.expected['high-anchor']).toBeCloseTo((total * 2) / 4, 9);
    expect(report.srm.expected.control).toBeCloseTo(total / 4, 9);
    const table = nudgelab('analyze', dataset('three-arm-anchor'), '--arm-column', 'arm', '--outcome', 'amount', '--control', 'high-anchor', '--weights', '2,1,1');
    expect(table.stdout).toMatch(/Participants: high-anchor \d+ \(expected [\d.]+\), control/);
  }, 60_000);

  it('takes a type per outcome, which wins over the type for all', () => {
    const run = nudgelab(
      'analyze', dataset('three-arm-anchor'), '--arm-column', 'arm', '--outcome', 'amount', '--outcome', 'above_highest_quote',
      '--type', 'continuous', '--type', 'above_highest_quote=binary', '--format', 'json',
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).metrics.map((metric: { type: string }) => metric.type)).toEqual(['continuous', 'binary']);
    const forced = nudgelab('analyze', dataset('three-arm-anchor'), '--arm-column', 'arm', '--outcome', 'above_highest_quote', '--type', 'above_highest_quote=continuous', '--format', 'json');
    expect(JSON.parse(forced.stdout).metrics[0].type).toBe('continuous');
  }, 60_000);

  it('reads a Dutch Excel export (semicolons, decimal commas) to the same figures as the comma file, detected or named', () => {
    const commaFile = csvFile('arm,score,flag\na,1.5,1\nb,2.25,0\na,3,0\nb,-4.75,1\na,0.5,1\nb,6,0\n');
    const excelFile = csvFile('\ufeffarm;score;flag\r\na;1,5;1\r\nb;2,25;0\r\na;3;0\r\nb;-4,75;1\r\na;0,5;1\r\nb;6;0\r\n');
    const args = ['--arm-column', 'arm', '--outcome', 'score', '--outcome', 'flag', '--format', 'json'];
    const expected = JSON.parse(nudgelab('analyze', commaFile, ...args).stdout);
    expect(expected.metrics[0].arms[0].mean).toBeCloseTo(5 / 3, 12);
    expect(JSON.parse(nudgelab('analyze', excelFile, ...args).stdout)).toEqual(expected);
    expect(JSON.parse(nudgelab('analyze', excelFile, ...args, '--delimiter', ';', '--decimal', ',').stdout)).toEqual(expected);
    const pointsWithSemicolons = csvFile('arm;score;flag\na;1.5;1\nb;2.25;0\na;3;0\nb;-4.75;1\na;0.5;1\nb;6;0\n');
    expect(JSON.parse(nudgelab('analyze', pointsWithSemicolons, ...args, '--decimal', '.').stdout)).toEqual(expected);
  }, 60_000);

  it.each([
    ['0x10', 'arm,score\na,1\nb,0x10\n', /outcome "score" has a non-numeric value "0x10" on line 3 \(data row 2\)/],
    ['Infinity', 'arm,score\na,Infinity\nb,2\n', /"Infinity" on line 2 \(data row 1\)/],
    ['1e', 'arm,score\na,1\nb,2\na,1e\n', /"1e" on line 4 \(data row 3\)/],
    ['a number too large for a double', 'arm,score\na,1\nb,1e400\n', /"1e400" on line 3/],
    ['a decimal point in a decimal-comma file', 'arm;score\na;1,5\nb;1.5\n', /"1\.5" on line 3 \(data row 2\): only plain decimal numbers such as 1250 or -0,5/],
  ])('refuses %s, naming line and column', (_label, content, message) => {
    const run = nudgelab('analyze', csvFile(content), '--arm-column', 'arm', '--outcome', 'score');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  }, 60_000);

  it("reads R's exponent notation (write.csv writes 1e+05) and signs", () => {
    expect(valuesOf(analyzeCsv('arm,score\na,1e+05\nb,-2.5E-1\na,+3\nb,.5\n'))).toEqual({ a: [100000, 3], b: [-0.25, 0.5] });
  });

  it('reads quoted fields, a byte-order mark, CRLF, blank lines and spaces around fields', () => {
    const input = analyzeCsv('\ufeff"arm","note",score\r\n"a","says ""yes"", twice\nand more", 1.5 \r\n\r\n b ,,2\r\n"a",x,3');
    expect(input.arms).toEqual(['a', 'b']);
    expect(valuesOf(input)).toEqual({ a: [1.5, 3], b: [2] });
  });

  it('gives the same input for a file read in 1 MB chunks as for its text', () => {
    const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
    const armCells = ['control', quoted('arm "b"'), 'c'];
    const lines = ['arm,note,score'];
    for (let index = 0; index < 90_000; index++) lines.push(`${armCells[index % 3]},${quoted(`n, ${index}\n`)},${((index * 7919) % 10007) / 8}`);
    const text = `${lines.join('\n')}\n`;
    expect(text.length).toBeGreaterThan(2 ** 21);
    const fromText = analyzeCsv(text);
    expect(fromText.arms).toEqual(['control', 'arm "b"', 'c']);
    const run = nudgelab('analyze', csvFile(text), '--arm-column', 'arm', '--outcome', 'score', '--format', 'json');
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(analyzeExperiment(fromText))));
    expect(JSON.parse(run.stdout).srm.observed).toEqual({ control: 30_000, 'arm "b"': 30_000, c: 30_000 });
  }, 60_000);

  it('prints its version', () => {
    const run = nudgelab('--version');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
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
    ['a type for an outcome not analysed', ['analyze', 'FILE', '--arm-column', 'arm', '--outcome', 'score', '--type', 'amount=binary'], /--type names "amount", which is not an --outcome/],
    ['an unknown type', ['analyze', 'FILE', '--arm-column', 'arm', '--outcome', 'score', '--type', 'score=ordinal'], /--type must be continuous, binary or OUTCOME=continuous\|binary, not "score=ordinal"/],
    ['a bad delimiter', ['analyze', 'FILE', '--arm-column', 'arm', '--outcome', 'score', '--delimiter', '|'], /--delimiter must be ",", ";" or tab/],
    ['a decimal comma in a comma-separated file', ['analyze', 'FILE', '--arm-column', 'arm', '--outcome', 'score', '--decimal', ','], /a decimal comma needs another delimiter/],
    ['weights that are not plain numbers', ['analyze', 'FILE', '--arm-column', 'arm', '--outcome', 'score', '--weights', '1,0x2'], /--weights must be positive numbers/],
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
    ['a row with a field too many', 'arm,score\na,1\nb,2,3\n', /malformed CSV: line 3 has 3 fields, the header has 2/],
    ['an unclosed quote', 'arm,score\na,1\n"b,2\n', /malformed CSV: a quoted field opened on line 3 is never closed/],
    ['an empty arm', 'arm,score\na,1\n,2\n', /line 3 has no value in the arm column "arm"/],
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
