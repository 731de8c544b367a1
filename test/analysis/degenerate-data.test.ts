import { describe, expect, it } from 'vitest';
import { analyzeExperiment, type MetricInput } from '../../analysis/analyze-experiment';
import { fisherExactTest } from '../../analysis/fisher-exact-test';
import { hedgesG } from '../../analysis/hedges-g';
import { mannWhitneyTest } from '../../analysis/mann-whitney-test';
import { oddsRatio } from '../../analysis/odds-ratio';
import { relativeLift } from '../../analysis/relative-lift';
import { relativeRisk } from '../../analysis/relative-risk';
import { riskDifference } from '../../analysis/risk-difference';
import { welchTTest } from '../../analysis/welch-t-test';

/** Every number anywhere in a report, with its path. */
function numbersIn(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, index) => numbersIn(item, `${path}[${index}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => numbersIn(item, `${path}.${key}`));
  return [];
}

const report = (arms: string[], metrics: MetricInput[]) =>
  analyzeExperiment({
    arms,
    participantsByArm: new Map(arms.map((arm) => [arm, Math.max(...metrics.map((metric) => metric.valuesByArm.get(arm)?.length ?? 0))])),
    metrics,
  });

describe('degenerate data gives reasons, never NaN or a crash', () => {
  it.each([
    ['an empty treatment arm', { control: [1, 2, 3], treatment: [] }],
    ['an empty control arm', { control: [], treatment: [1, 2, 3] }],
    ['a single value per arm', { control: [5], treatment: [6] }],
    ['zero variance in both arms', { control: [4, 4, 4], treatment: [4, 4, 4] }],
    ['zero variance, different means', { control: [4, 4, 4], treatment: [5, 5, 5] }],
    ['a control mean of zero', { control: [-1, 1, 0], treatment: [1, 2, 3] }],
  ])('continuous: %s', (_label, arms) => {
    const result = report(['control', 'treatment'], [
      { metric: 'amount', type: 'continuous', valuesByArm: new Map(Object.entries(arms)) },
    ]);
    for (const [path, number] of numbersIn(result)) expect(Number.isFinite(number), path).toBe(true);
    const [comparison] = result.metrics[0]!.comparisons;
    const nullFigures = Object.entries(comparison!).filter(([, value]) => value === null);
    if (nullFigures.length > 0) expect(comparison!.problems.length, 'a null figure needs a reason').toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
  });

  it.each([
    ['all zeros', { control: [0, 0, 0, 0], treatment: [0, 0, 0] }],
    ['all ones', { control: [1, 1, 1], treatment: [1, 1, 1, 1] }],
    ['zeros against ones', { control: [0, 0, 0], treatment: [1, 1, 1] }],
    ['an empty arm', { control: [0, 1, 1], treatment: [] }],
  ])('binary: %s', (_label, arms) => {
    const result = report(['control', 'treatment'], [{ metric: 'revolving', type: 'binary', valuesByArm: new Map(Object.entries(arms)) }]);
    for (const [path, number] of numbersIn(result)) expect(Number.isFinite(number), path).toBe(true);
    const [comparison] = result.metrics[0]!.comparisons;
    if (Object.values(comparison!).includes(null)) expect(comparison!.problems.length).toBeGreaterThan(0);
  });

  it('names the reason in plain words', () => {
    expect(welchTTest({ n: 3, mean: 4, variance: 0 }, { n: 3, mean: 4, variance: 0 })).toEqual({
      available: false,
      reason: 'both arms have zero variance: the t-test is undefined',
    });
    expect(relativeLift({ n: 3, mean: 1, variance: 1 }, { n: 3, mean: 0, variance: 1 })).toMatchObject({ reason: expect.stringContaining('control mean is 0') });
    expect(hedgesG({ n: 1, mean: 1, variance: 0 }, { n: 5, mean: 0, variance: 1 })).toMatchObject({ available: false });
    expect(mannWhitneyTest([2, 2], [2, 2, 2])).toMatchObject({ reason: expect.stringContaining('same') });
    expect(relativeRisk({ n: 10, count: 0 }, { n: 10, count: 3 })).toMatchObject({ available: false });
    expect(oddsRatio({ n: 10, count: 10 }, { n: 10, count: 3 })).toMatchObject({ available: false });
    expect(riskDifference({ n: 0, count: 0 }, { n: 10, count: 3 })).toMatchObject({ available: false });
  });

  it('says which arm makes the lift degenerate: a treatment at 0 is not "both arms have zero variance"', () => {
    // 0 of 40 against 20 of 40: the control varies; only the treatment's mean and variance are 0, which makes the delta-method variance 0.
    const lift = relativeLift({ n: 40, mean: 0, variance: 0 }, { n: 40, mean: 0.5, variance: 0.25 });
    expect(lift).toMatchObject({ available: false });
    if (!lift.available) {
      expect(lift.reason).not.toContain('both arms');
      expect(lift.reason).toBe('the treatment mean is 0 with no variance (a rate of 0%): the delta-method standard error of the lift (−100%) is 0, so the lift has no interval');
    }
    expect(relativeLift({ n: 3, mean: 4, variance: 0 }, { n: 3, mean: 5, variance: 0 })).toMatchObject({ reason: 'both arms have zero variance: the lift has no interval' });
  });

  it('still gives the risk difference interval and Fisher p when all outcomes are equal', () => {
    const difference = riskDifference({ n: 5, count: 0 }, { n: 7, count: 0 });
    expect(difference).toMatchObject({ available: true, difference: 0, pValue: null });
    expect(fisherExactTest({ n: 5, count: 0 }, { n: 7, count: 0 })).toEqual({ available: true, pValue: 1 });
  });
});

describe('fisherExactTest on large tables', () => {
  it('handles 100,000 per arm without overflow and agrees in direction with the chi-square test', () => {
    const result = fisherExactTest({ n: 100_000, count: 30_400 }, { n: 100_000, count: 30_000 });
    const chi = riskDifference({ n: 100_000, count: 30_400 }, { n: 100_000, count: 30_000 });
    expect(result.available && chi.available).toBe(true);
    if (result.available && chi.available) expect(Math.abs(Math.log(result.pValue / chi.pValue!))).toBeLessThan(0.1);
  });
});
