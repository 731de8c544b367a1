import { describe, expect, it } from 'vitest';
import { adjustPValues } from '../../analysis/adjust-p-values';
import { analyzeExperiment, type MetricInput } from '../../analysis/analyze-experiment';
import type { ContinuousComparison } from '../../analysis/analysis-report';
import { compareBinary } from '../../analysis/compare-binary';
import { compareContinuous } from '../../analysis/compare-continuous';
import { welchEquivalenceTest } from '../../analysis/welch-equivalence-test';
import { summarizeSample } from '../../analysis/sample-summary';

/** n values with the given mean and a fixed, symmetric spread (mean exact, SD about `spread`). */
function sample(n: number, mean: number, spread = 1): number[] {
  return Array.from({ length: n }, (_, index) => mean + spread * Math.sqrt(3) * (((2 * index) / (n - 1)) - 1));
}

const binaryValues = (n: number, ones: number) => Array.from({ length: n }, (_, index) => (index < ones ? 1 : 0));

describe('a verdict per comparison', () => {
  it('a zero difference without a declared smallest effect of interest is inconclusive, never "no change"', () => {
    const comparison = compareContinuous('t', sample(100, 10), 'c', sample(100, 10), 0.95, { expectedDirection: 'lower' });
    expect(comparison.diff).toBeCloseTo(0, 12);
    expect(comparison.verdict).toBe('inconclusive');
    expect(comparison.equivalenceP).toBeNull();
    expect(comparison.verdictReason).toContain('no smallest effect of interest is declared');
    expect(comparison.asHypothesised).toBeNull();
  });

  it('the same zero difference is equivalent when the TOST against the declared margin rejects', () => {
    const comparison = compareContinuous('t', sample(100, 10), 'c', sample(100, 10), 0.95, { smallestEffectOfInterest: 0.5 });
    const tost = welchEquivalenceTest(summarizeSample(sample(100, 10)), summarizeSample(sample(100, 10)), 0.5);
    expect(tost.available && tost.pValue < 0.05).toBe(true);
    expect(comparison.equivalenceP).toBe(tost.available ? tost.pValue : NaN);
    expect(comparison.verdict).toBe('equivalent');
  });

  it('a margin too narrow for the data leaves a zero difference inconclusive', () => {
    const comparison = compareContinuous('t', sample(20, 10, 5), 'c', sample(20, 10, 5), 0.95, { smallestEffectOfInterest: 0.5 });
    expect(comparison.equivalenceP).toBeGreaterThan(0.05);
    expect(comparison.verdict).toBe('inconclusive');
  });

  it('a non-significant effect in the hypothesised direction is inconclusive', () => {
    const comparison = compareContinuous('t', sample(30, 9.7, 2), 'c', sample(30, 10, 2), 0.95, { expectedDirection: 'lower' });
    expect(comparison.diff).toBeLessThan(0);
    expect(comparison.pValue).toBeGreaterThan(0.05);
    expect(comparison.verdict).toBe('inconclusive');
    expect(comparison.chanceInExpectedDirection).toBeGreaterThan(0.5);
  });

  it('a significant effect opposite to the hypothesis says so', () => {
    const comparison = compareContinuous('t', sample(60, 12), 'c', sample(60, 10), 0.95, { expectedDirection: 'lower' });
    expect(comparison.verdict).toBe('higher');
    expect(comparison.asHypothesised).toBe(false);
    expect(comparison.chanceInExpectedDirection).toBeLessThan(0.001);
    expect(comparison.chanceToBeatControl).toBeGreaterThan(0.999);
    // The loss of acting on "lower" when the effect is up: about the lift itself (0.2).
    expect(comparison.expectedLoss).toBeCloseTo(0.2, 2);
  });

  it('binary: a fall that the hypothesis expects is "lower", with the chance in that direction, not the chance of a rise', () => {
    const comparison = compareBinary('fixed-default', { n: 200, count: 40 }, 'control', { n: 200, count: 110 }, 0.95, { expectedDirection: 'lower' });
    expect(comparison.verdict).toBe('lower');
    expect(comparison.asHypothesised).toBe(true);
    expect(comparison.chanceInExpectedDirection).toBeGreaterThan(0.999);
    expect(comparison.chanceToBeatControl).toBeLessThan(0.001);
    expect(comparison.expectedLoss).toBeLessThan(1e-6);
  });

  it('binary: equivalence by the normal approximation of the risk difference', () => {
    const comparison = compareBinary('t', { n: 1000, count: 300 }, 'c', { n: 1000, count: 305 }, 0.95, { smallestEffectOfInterest: 0.05 });
    expect(comparison.verdict).toBe('equivalent');
    const noMargin = compareBinary('t', { n: 1000, count: 300 }, 'c', { n: 1000, count: 305 });
    expect(noMargin.verdict).toBe('inconclusive');
  });

  it('without a hypothesised direction there is no directional figure, and a reason', () => {
    const comparison = compareContinuous('t', sample(60, 12), 'c', sample(60, 10));
    expect(comparison.expectedDirection).toBeNull();
    expect(comparison.chanceInExpectedDirection).toBeNull();
    expect(comparison.expectedLoss).toBeNull();
    expect(comparison.chanceToBeatControl).toBeGreaterThan(0.999);
    expect(comparison.problems.join(' ')).toContain('no hypothesised direction');
  });

  it('below 8 analysed in an arm it is too early to test', () => {
    const comparison = compareContinuous('t', sample(7, 20), 'c', sample(30, 10), 0.95, { expectedDirection: 'higher' });
    expect(comparison.pValue).toBeLessThan(0.05);
    expect(comparison.verdict).toBeNull();
    expect(comparison.verdictReason).toBe('too early to test: 7 and 30 analysed, at least 8 per arm are needed');
  });
});

describe('families', () => {
  const metric = (name: string, role: 'primary' | 'secondary', shift: number, extra: Partial<MetricInput> = {}): MetricInput => ({
    metric: name,
    type: 'continuous',
    role,
    valuesByArm: new Map([
      ['control', sample(40, 10, 3)],
      ['a', sample(40, 10 + shift, 3)],
      ['b', sample(40, 10 + shift / 2, 3)],
    ]),
    ...extra,
  });
  const report = analyzeExperiment({
    arms: ['control', 'a', 'b'],
    participantsByArm: new Map([['control', 40], ['a', 40], ['b', 40]]),
    metrics: [metric('first', 'primary', 2), metric('second', 'primary', 1.2), metric('third', 'secondary', 1), metric('fourth', 'secondary', 0.8)],
  });
  const comparisonsOf = (family: string) => report.metrics.filter((candidate) => candidate.family === family).flatMap((candidate) => candidate.comparisons as ContinuousComparison[]);

  it('adjusts every primary outcome × comparison together with the plan’s correction', () => {
    const primary = comparisonsOf('primary');
    expect(primary).toHaveLength(4);
    const expected = adjustPValues(primary.map((comparison) => comparison.pValue!), 'holm');
    expect(primary.map((comparison) => comparison.pAdjusted)).toEqual(expected);
    expect(primary.every((comparison) => comparison.family === 'primary' && comparison.familySize === 4 && comparison.correction === 'holm')).toBe(true);
    expect(report.families).toEqual([
      { name: 'primary', metrics: ['first', 'second'], correction: 'holm', size: 4 },
      { name: 'secondary', metrics: ['third', 'fourth'], correction: 'bh', size: 4 },
    ]);
  });

  it('adjusts the secondary (exploratory) outcomes among themselves with Benjamini–Hochberg', () => {
    const secondary = comparisonsOf('secondary');
    expect(secondary.map((comparison) => comparison.pAdjusted)).toEqual(adjustPValues(secondary.map((comparison) => comparison.pValue!), 'bh'));
  });

  it('watches the primary family with sequences at α/m', () => {
    const [first] = comparisonsOf('primary');
    expect(first!.sequentialConfidenceLevel).toBeCloseTo(1 - 0.05 / 4, 12);
    expect(comparisonsOf('secondary')[0]!.sequentialConfidenceLevel).toBeCloseTo(0.95, 12);
  });

  it('without declared roles each outcome is its own family, as nudgelab analyze has always done', () => {
    const plain = analyzeExperiment({
      arms: ['control', 'a', 'b'],
      participantsByArm: new Map([['control', 40], ['a', 40], ['b', 40]]),
      metrics: [{ ...metric('first', 'primary', 2), role: undefined }, { ...metric('second', 'primary', 1), role: undefined }],
    });
    expect(plain.families.map((family) => [family.name, family.size])).toEqual([['outcome', 2], ['outcome', 2]]);
  });

  it('compares declared pairs instead of each arm against control', () => {
    const pairs = analyzeExperiment({
      arms: ['control', 'a', 'b'],
      participantsByArm: new Map([['control', 40], ['a', 40], ['b', 40]]),
      metrics: [metric('kept', 'secondary', 1, { comparisons: [{ arm: 'b', against: 'a' }], expectedDirection: { b: 'higher' } }), metric('main', 'primary', 1)],
    });
    const [comparison] = pairs.metrics[0]!.comparisons;
    expect(pairs.metrics[0]!.comparisons).toHaveLength(1);
    expect(comparison).toMatchObject({ arm: 'b', control: 'a', expectedDirection: null });
    expect(comparison!.diff).toBeCloseTo(-0.5, 10);
    expect(() =>
      analyzeExperiment({ arms: ['control', 'a'], participantsByArm: new Map(), metrics: [metric('x', 'primary', 1, { comparisons: [{ arm: 'a', against: 'nope' }] })] }),
    ).toThrow(RangeError);
  });
});

describe('audit fixes', () => {
  it('gives no relative lift against a control mean of 0 or below', () => {
    const comparison = compareContinuous('t', [-1, -2, -3], 'c', [-4, -5, -6], 0.95, { expectedDirection: 'higher' });
    expect(comparison.relativeLift).toBeNull();
    expect(comparison.problems.join(' ')).toContain('the control mean is 0 or below (-5)');
  });

  it('names the arms without variance, and reports overflowing values as such', () => {
    const flat = compareContinuous('treatment', [4, 4, 4], 'control', [5, 5, 5]);
    expect(flat.problems[0]).toBe(
      'every value is the same within arm "treatment" (4) and within arm "control" (5): with zero variance in both arms the t-test, the lift interval and the equivalence test are undefined',
    );
    expect(flat.problems.join(' ')).not.toContain('both arms have zero variance');
    const huge = compareContinuous('treatment', [1e308, 1.5e308, 1.7e308], 'control', [1, 2, 3]);
    expect(huge.problems[0]).toContain('arm "treatment" are too large: their sum or variance overflows');
  });

  it('flags the delta-method lift as unreliable below 5 control events', () => {
    const few = compareBinary('t', { n: 100, count: 9 }, 'c', { n: 100, count: 3 }, 0.95, { expectedDirection: 'higher' });
    expect(few.relativeLift).not.toBeNull();
    expect(few.problems.join(' ')).toContain('the control has only 3 events (fewer than 5): the delta-method relative lift');
    const enough = compareBinary('t', { n: 100, count: 9 }, 'c', { n: 100, count: 5 }, 0.95, { expectedDirection: 'higher' });
    expect(enough.problems.join(' ')).not.toContain('unreliable');
  });

  it('tests a binary outcome with Fisher’s exact test when an expected count is below 5, so a verdict never rests on a chi-square that does not hold', () => {
    // 0 of 20 against 4 of 20: chi-square p = 0.035 (R: prop.test(c(0, 4), c(20, 20), correct = FALSE)), Fisher p = 0.106 (fisher.test); expected counts 2 and 2.
    const sparse = compareBinary('t', { n: 20, count: 0 }, 'c', { n: 20, count: 4 }, 0.95, { expectedDirection: 'lower' });
    expect(sparse.fisherP).toBeCloseTo(0.106029106, 8);
    expect(sparse.pValue).toBe(sparse.fisherP);
    expect(sparse.verdict).toBe('inconclusive');
    expect(sparse.problems).toContain('an expected count is below 5 (smallest 2.0): p is Fisher’s exact test, as the chi-square approximation does not hold');
    // With every expected count at least 5 the p stays the chi-square’s (R: prop.test(c(40, 90), c(200, 200), correct = FALSE)$p.value).
    const ample = compareBinary('t', { n: 200, count: 40 }, 'c', { n: 200, count: 90 });
    expect(ample.pValue).not.toBe(ample.fisherP);
    expect(ample.problems.join(' ')).not.toContain('Fisher');
  });

  it('says "higher" or "lower" only when the interval it reports agrees: a chi-square p below α beside a Newcombe interval that includes zero is inconclusive', () => {
    // 42 of 50 against 48 of 50: every expected count is at least 5, chi-square p = 0.0455 (R: prop.test(c(42, 48), c(50, 50), correct = FALSE)),
    // but the Newcombe interval runs from −24.8 to +0.17 percentage points.
    const boundary = compareBinary('t', { n: 50, count: 42 }, 'c', { n: 50, count: 48 }, 0.95, { expectedDirection: 'lower' });
    expect(boundary.pValue!).toBeCloseTo(0.04550026, 7);
    expect(boundary.diffCi![1]).toBeGreaterThan(0);
    expect(boundary.verdict).toBe('inconclusive');
    expect(boundary.verdictReason).toBe('adjusted p < 0.05, but the 95% CI of the difference includes zero (the test and the interval disagree at the boundary), and no smallest effect of interest is declared, so equivalence was not tested');
    // Where they agree, the verdict stands.
    expect(compareBinary('t', { n: 50, count: 38 }, 'c', { n: 50, count: 48 }).verdict).toBe('lower');
  });

  it('clips a binary confidence sequence to [−1, 1]', () => {
    const comparison = compareBinary('t', { n: 3, count: 3 }, 'c', { n: 4, count: 1 });
    expect(comparison.diffCiSequential![0]).toBeGreaterThanOrEqual(-1);
    expect(comparison.diffCiSequential![1]).toBe(1);
  });
});
