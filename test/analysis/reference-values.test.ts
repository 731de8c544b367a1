import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../analysis/analyze-experiment';
import type { AnalysisReport, Interval } from '../../analysis/analysis-report';
import type { ExpectedDirection } from '../../analysis/chance-in-expected-direction';
import { mannWhitneyTest } from '../../analysis/mann-whitney-test';
import { summarizeSample } from '../../analysis/sample-summary';
import { analysisInputFromCsv } from '../../server/cli/analysis-input-from-csv';
import { datasetNames, expectClose, readDataset, readReferences, type ReferenceRow } from './reference-helpers';

const references = readReferences();
const pointTolerance = 1e-6;
/**
 * effectsize finds the noncentral-t interval of Hedges' g with optim() at an
 * absolute tolerance of 1e-9 on the probability, so its bounds are good to
 * about 1e-6 relative; we match the exact root (reference-r.R's uniroot at
 * 1e-13) to 1e-6 and effectsize's own figure to 1e-5.
 */
const iterativeReferenceTolerance = 1e-5;

const columnsOf = (csv: string) => csv.slice(0, csv.indexOf('\n')).trim().split(',').filter((column) => column !== 'arm');

/** The margins reference-r.R and reference-python.py test equivalence against: 0.2 control SDs, or 10 percentage points. */
const equivalenceMarginRate = 0.1;
const equivalenceMarginInControlSds = 0.2;

/**
 * The analysis as `nudgelab analyze` runs it, with every treatment arm given
 * one hypothesised direction (so the direction-dependent figures exist) and
 * the reference scripts' equivalence margins.
 */
function analyze(dataset: string, correction: 'holm' | 'bh', direction: ExpectedDirection = 'higher'): AnalysisReport {
  const csv = readDataset(dataset);
  const input = analysisInputFromCsv(csv, { armColumn: 'arm', outcomes: columnsOf(csv), correction });
  const control = input.arms[0]!;
  const metrics = input.metrics.map((metric) => {
    const controlValues = metric.valuesByArm.get(control) ?? [];
    const controlSd = Math.sqrt(summarizeSample(controlValues).variance);
    const margin = metric.type === 'binary' ? equivalenceMarginRate : equivalenceMarginInControlSds * controlSd;
    return {
      ...metric,
      expectedDirection: Object.fromEntries(input.arms.slice(1).map((arm) => [arm, direction])),
      ...(margin > 0 ? { smallestEffectOfInterest: margin } : {}),
    };
  });
  return analyzeExperiment({ ...input, metrics });
}

function bound(interval: Interval | undefined, side: string): number | null {
  if (!interval) return null;
  return side === 'low' ? interval[0] : interval[1];
}

/** The figure our report gives for one reference row. */
function ours(row: ReferenceRow, reports: { holm: AnalysisReport; bh: AnalysisReport; lower: AnalysisReport }): number | null | undefined {
  const report = row.figure === 'pAdjusted.bh' ? reports.bh : row.figure.endsWith('.lower') ? reports.lower : reports.holm;
  if (row.figure.startsWith('srm.')) return report.srm[row.figure.slice(4) as 'chiSquare' | 'pValue'];
  const metric = report.metrics.find((candidate) => candidate.metric === row.metric);
  if (!metric) return undefined;
  const armReport = (metric.arms as unknown as Record<string, number | null>[]).find((candidate) => candidate.arm === (row.arm as unknown));
  if (['n', 'mean', 'sd', 'median', 'count', 'rate'].includes(row.figure)) return armReport?.[row.figure] as number | null | undefined;
  const comparison = (metric.comparisons as unknown as Record<string, unknown>[]).find((candidate) => candidate.arm === row.arm);
  if (!comparison) return undefined;
  const [name, side] = row.figure.split('.');
  if (name === 'pAdjusted') return comparison.pAdjusted as number;
  if (side === 'higher' || side === 'lower') return comparison[name!] as number | null;
  if (name === 'mannWhitneyU') {
    const csv = readDataset(row.dataset);
    const input = analysisInputFromCsv(csv, { armColumn: 'arm', outcomes: [row.metric] });
    const result = mannWhitneyTest(input.metrics[0]!.valuesByArm.get(row.arm)!, input.metrics[0]!.valuesByArm.get(input.arms[0]!)!);
    return result.available ? result.u : null;
  }
  if (side === 'low' || side === 'high') return bound(comparison[name!] as Interval, side);
  return comparison[name!] as number | null;
}

describe.each(datasetNames())('dataset %s agrees with R and statsmodels', (dataset) => {
  const reports = { holm: analyze(dataset, 'holm'), bh: analyze(dataset, 'bh'), lower: analyze(dataset, 'holm', 'lower') };
  const rows = references.filter((row) => row.dataset === dataset);

  it('has reference values to compare', () => {
    expect(rows.length).toBeGreaterThan(10);
  });

  it.each(rows.map((row) => [`${row.metric || 'srm'} ${row.arm} ${row.figure} (${row.source})`, row] as const))('%s', (label, row) => {
    const tolerance = row.figure.endsWith('.effectsize') ? iterativeReferenceTolerance : pointTolerance;
    const figure = row.figure.replace(/\.effectsize$/, '');
    const isPValue = /p(Value|Adjusted)|fisherP|mannWhitneyP|equivalenceP/.test(figure);
    // R answers NaN where there is nothing to compute (the rate of an empty arm); we answer null.
    if (Number.isNaN(row.value)) return expect(ours({ ...row, figure }, reports)).toBeNull();
    expectClose(ours({ ...row, figure }, reports), row.value, tolerance, label, isPValue);
  });
});

describe('a comparison that cannot be made', () => {
  it('says why instead of giving a number: "kept the pre-fill" has no control values', () => {
    const comparison = analyze('three-arm-anchor', 'holm').metrics.find((metric) => metric.metric === 'kept_prefill')!.comparisons[0]!;
    expect(comparison.diff).toBeNull();
    expect(comparison.problems).toEqual(['arm "control" has no values for this outcome']);
  });
});
