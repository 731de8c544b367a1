import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../../analysis/analyze-experiment';
import { formatAnalysisTable } from '../../../server/cli/format-analysis-table';

/** n values evenly spread over mean ± spread·√3 (SD = spread). */
const sample = (n: number, mean: number, spread: number) => Array.from({ length: n }, (_, index) => mean + spread * Math.sqrt(3) * ((2 * index) / (n - 1) - 1));

const report = (sizes: [number, number], confidenceLevel: number) =>
  analyzeExperiment({
    arms: ['control', 'treatment'],
    participantsByArm: new Map([['control', sizes[0]], ['treatment', sizes[1]]]),
    metrics: [{ metric: 'amount', type: 'continuous', valuesByArm: new Map([['control', sample(sizes[0], 10_000, 900)], ['treatment', sample(sizes[1], 9_400, 900)]]) }],
    confidenceLevel,
  });

describe('formatAnalysisTable', () => {
  it('names the interval by its level as the plan sets it (97.5%, not a rounded 98%)', () => {
    const table = formatAnalysisTable(report([40, 40], 0.975));
    expect(table).toContain('97.5% CI');
    expect(table).not.toContain('98% CI');
    expect(formatAnalysisTable(report([40, 40], 0.95))).toContain('95% CI');
  });

  it('words a passed sample-ratio check as no mismatch detected (not "ok"), a failed one as a mismatch', () => {
    expect(formatAnalysisTable(report([40, 41], 0.95)).split('\n')[0]).toMatch(/^Sample ratio: chi-square 0\.01 \(df 1\), p = 0\.9\d+ — no mismatch detected$/);
    expect(formatAnalysisTable(report([80, 20], 0.95)).split('\n')[0]).toMatch(/^Sample ratio: chi-square 36\.00 \(df 1\), p = <0\.0001 — MISMATCH: check randomisation and logging before reading any effect$/);
  });
});
