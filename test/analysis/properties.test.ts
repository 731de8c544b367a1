import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustPValues } from '../../analysis/adjust-p-values';
import { analyzeExperiment } from '../../analysis/analyze-experiment';
import { compareBinary } from '../../analysis/compare-binary';
import { compareContinuous } from '../../analysis/compare-continuous';

const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 40 });
const amounts = fc.array(fc.integer({ min: 500, max: 75_000 }), { minLength: 3, maxLength: 40 });
const proportion = fc.integer({ min: 1, max: 500 }).chain((n) => fc.record({ n: fc.constant(n), count: fc.integer({ min: 0, max: n }) }));
const contains = (interval: [number, number] | null, value: number | null) =>
  interval === null || value === null || (interval[0] <= value + 1e-9 * Math.abs(value) && value - 1e-9 * Math.abs(value) <= interval[1]);

describe('invariants', () => {
  it('swapping the arms negates the mean difference and keeps the p-values', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const forward = compareContinuous('a', a, 'b', b);
        const backward = compareContinuous('b', b, 'a', a);
        if (forward.diff === null) return backward.diff === null;
        expect(backward.diff).toBeCloseTo(-forward.diff, 6);
        if (forward.pValue !== null) expect(backward.pValue).toBeCloseTo(forward.pValue, 9);
        if (forward.mannWhitneyP !== null) expect(backward.mannWhitneyP).toBeCloseTo(forward.mannWhitneyP, 9);
        if (forward.rankBiserial !== null) expect(backward.rankBiserial).toBeCloseTo(-forward.rankBiserial, 9);
        if (forward.hedgesG !== null) expect(backward.hedgesG).toBeCloseTo(-forward.hedgesG, 9);
        return true;
      }),
    );
  });

  it('swapping binary arms negates the risk difference and inverts the ratios', () => {
    fc.assert(
      fc.property(proportion, proportion, (a, b) => {
        const forward = compareBinary('a', a, 'b', b);
        const backward = compareBinary('b', b, 'a', a);
        if (forward.diff !== null) expect(backward.diff).toBeCloseTo(-forward.diff, 12);
        if (forward.diffCi && backward.diffCi) expect(backward.diffCi[0]).toBeCloseTo(-forward.diffCi[1], 12);
        if (forward.oddsRatio !== null) expect(backward.oddsRatio! * forward.oddsRatio).toBeCloseTo(1, 9);
        if (forward.fisherP !== null) expect(backward.fisherP).toBeCloseTo(forward.fisherP, 12);
      }),
    );
  });

  it('every interval contains its estimate', () => {
    fc.assert(
      fc.property(amounts, amounts, (a, b) => {
        const comparison = compareContinuous('a', a, 'b', b);
        expect(contains(comparison.diffCi, comparison.diff)).toBe(true);
        expect(contains(comparison.diffCiSequential, comparison.diff)).toBe(true);
        expect(contains(comparison.relativeLiftCi, comparison.relativeLift)).toBe(true);
        expect(contains(comparison.hedgesGCi, comparison.hedgesG)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(proportion, proportion, (a, b) => {
        const comparison = compareBinary('a', a, 'b', b);
        expect(contains(comparison.diffCi, comparison.diff)).toBe(true);
        expect(contains(comparison.relativeRiskCi, comparison.relativeRisk)).toBe(true);
        expect(contains(comparison.oddsRatioCi, comparison.oddsRatio)).toBe(true);
      }),
    );
  });

  it('the peeking-safe interval is never narrower than the fixed one', () => {
    fc.assert(
      fc.property(amounts, amounts, (a, b) => {
        const { diffCi, diffCiSequential } = compareContinuous('a', a, 'b', b);
        if (diffCi && diffCiSequential) expect(diffCiSequential[1] - diffCiSequential[0]).toBeGreaterThanOrEqual((diffCi[1] - diffCi[0]) * 0.999);
      }),
    );
  });

  it('adjusted p-values are never below the raw ones, never above 1, and keep their order', () => {
    const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(pValues, fc.constantFrom('holm' as const, 'bh' as const), (raw, method) => {
        const adjusted = adjustPValues(raw, method);
        raw.forEach((p, index) => {
          expect(adjusted[index]).toBeGreaterThanOrEqual(p);
          expect(adjusted[index]).toBeLessThanOrEqual(1);
          raw.forEach((other, otherIndex) => {
            if (p < other) expect(adjusted[index]).toBeLessThanOrEqual(adjusted[otherIndex]!);
          });
        });
      }),
    );
  });
});

describe('reports', () => {
  it('never contain NaN or Infinity, whatever the magnitudes', () => {
    const anyDouble = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 0, maxLength: 12 });
    fc.assert(
      fc.property(anyDouble, anyDouble, (a, b) => {
        const report = analyzeExperiment({
          arms: ['a', 'b'],
          participantsByArm: new Map([['a', a.length], ['b', b.length]]),
          metrics: [{ metric: 'x', type: 'continuous', valuesByArm: new Map([['a', a], ['b', b]]) }],
        });
        const text = JSON.stringify(report, (_key, value: unknown) =>
          typeof value === 'number' && !Number.isFinite(value) ? `non-finite ${value}` : value,
        );
        expect(text).not.toMatch(/non-finite/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('adjustPValues', () => {
  it('matches the example in R’s p.adjust documentation style', () => {
    expect(adjustPValues([0.01, 0.04, 0.03], 'holm')).toEqual([0.03, 0.06, 0.06]);
    expect(adjustPValues([0.01, 0.04, 0.03], 'bh').map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.04, 0.04]);
    expect(adjustPValues([0.2, 0.01], 'none')).toEqual([0.2, 0.01]);
  });
});
