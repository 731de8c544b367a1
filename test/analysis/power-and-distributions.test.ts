import { describe, expect, it } from 'vitest';
import { achievedPower } from '../../analysis/achieved-power';
import { noncentralTCdf } from '../../analysis/noncentral-t-cdf';
import { powerOfProportionTest, sampleSizeForProportionTest } from '../../analysis/power-prop-test';
import { powerOfTTest, sampleSizeForTTest } from '../../analysis/power-t-test';
import { sampleSizePerArm } from '../../analysis/sample-size-per-arm';
import { expectClose, readReferences } from './reference-helpers';

const references = readReferences();
const casesOf = (dataset: string) => references.filter((row) => row.dataset === dataset);

describe('noncentralTCdf agrees with R pt(q, df, ncp)', () => {
  it.each(casesOf('noncentral-t').map((row) => [row.metric, row.value] as const))('at t/df/ncp = %s', (parameters, expected) => {
    const [t, degreesOfFreedom, noncentrality] = parameters.split('/').map(Number) as [number, number, number];
    expectClose(noncentralTCdf(t, degreesOfFreedom, noncentrality), expected, 1e-9, parameters);
  });

  it('reduces to limits at ±∞ and rejects non-positive df', () => {
    expect(noncentralTCdf(Number.POSITIVE_INFINITY, 5, 1)).toBe(1);
    expect(noncentralTCdf(Number.NEGATIVE_INFINITY, 5, 1)).toBe(0);
    expect(noncentralTCdf(1, 0, 1)).toBeNaN();
  });
});

describe('power of a t-test agrees with R power.t.test', () => {
  it.each(casesOf('power-t').map((row) => [row.metric, row.figure, row.value] as const))('n/delta/sd/alpha = %s: %s', (parameters, figure, expected) => {
    const [n, delta, sd, alpha] = parameters.split('/').map(Number) as [number, number, number, number];
    const input = { minimumDetectableEffect: delta, standardDeviation: sd, alpha };
    const actual = figure === 'power' ? powerOfTTest(n, input) : sampleSizeForTTest({ ...input, power: 0.8 });
    expectClose(actual, expected, 1e-6, `${parameters} ${figure}`);
  });

  it('rejects impossible plans with a specific error', () => {
    expect(() => powerOfTTest(1, { minimumDetectableEffect: 1, standardDeviation: 1 })).toThrow(RangeError);
    expect(() => sampleSizeForTTest({ minimumDetectableEffect: 1, standardDeviation: 0, power: 0.8 })).toThrow(RangeError);
    expect(() => sampleSizeForTTest({ minimumDetectableEffect: 1, standardDeviation: 1, power: 1 })).toThrow(RangeError);
  });
});

describe('power of a proportion test agrees with R power.prop.test', () => {
  it.each(casesOf('power-prop').map((row) => [row.metric, row.figure, row.value] as const))('n/p1/p2/alpha = %s: %s', (parameters, figure, expected) => {
    const [n, controlRate, treatmentRate, alpha] = parameters.split('/').map(Number) as [number, number, number, number];
    const input = { controlRate, treatmentRate, alpha };
    const actual = figure === 'power' ? powerOfProportionTest(n, input) : sampleSizeForProportionTest({ ...input, power: 0.8 });
    expectClose(actual, expected, 1e-6, `${parameters} ${figure}`);
  });

  it('rejects rates outside (0, 1) and equal rates', () => {
    expect(() => powerOfProportionTest(100, { controlRate: 0, treatmentRate: 0.5 })).toThrow(RangeError);
    expect(() => sampleSizeForProportionTest({ controlRate: 0.3, treatmentRate: 0.3, power: 0.8 })).toThrow(RangeError);
  });
});

describe('sampleSizePerArm agrees with R power.t.test / power.prop.test at alpha / (K − 1) under Holm', () => {
  it.each(casesOf('power-plan').map((row) => [row.metric, row.figure, row.value] as const))('%s: %s', (parameters, figure, expected) => {
    const [type, spreadOrRate, mde, arms, alpha, power, correction] = parameters.split('/') as [string, string, string, string, string, string, 'holm' | 'none'];
    const common = { arms: Number(arms), alpha: Number(alpha), power: Number(power), correction, minimumDetectableEffect: Number(mde) };
    const result =
      type === 'continuous'
        ? sampleSizePerArm({ type: 'continuous', standardDeviation: Number(spreadOrRate), ...common })
        : sampleSizePerArm({ type: 'binary', controlRate: Number(spreadOrRate), ...common });
    if (figure === 'nPerArm') expect(result.nPerArm).toBe(expected);
    else expectClose(result.exactPerArm, expected, 1e-6, parameters);
    expect(result.alphaPerComparison).toBeCloseTo(correction === 'holm' ? Number(alpha) / (Number(arms) - 1) : Number(alpha), 12);
  });

  it('refuses plans that cannot be computed', () => {
    expect(() => sampleSizePerArm({ type: 'continuous', standardDeviation: 1, minimumDetectableEffect: 0.5, arms: 1 })).toThrow(RangeError);
    expect(() => sampleSizePerArm({ type: 'binary', controlRate: 0.9, minimumDetectableEffect: 0.2, arms: 2 })).toThrow(/between 0 and 1/);
    expect(() => sampleSizePerArm({ type: 'continuous', standardDeviation: 0, minimumDetectableEffect: 0.5, arms: 2 })).toThrow(RangeError);
  });
});

describe('achievedPower: Welch with both observed SDs, agreeing with R', () => {
  it.each(casesOf('power-welch').map((row) => [row.metric, row.figure, row.value] as const))('n1/sd1/n0/sd0/mde/alpha = %s: %s', (parameters, _figure, expected) => {
    const [n1, sd1, n0, sd0, mde, alpha] = parameters.split('/').map(Number) as [number, number, number, number, number, number];
    for (const expectedDirection of ['lower', 'higher', null] as const) {
      const result = achievedPower({ type: 'continuous', treatment: { n: n1, sd: sd1 }, control: { n: n0, sd: sd0 }, minimumDetectableEffect: mde, alpha, expectedDirection });
      expect(result.available).toBe(true);
      if (result.available) {
        expectClose(result.power, expected, 1e-7, parameters);
        expect(result.method).toContain('Welch');
      }
    }
  });

  it('binary: power.prop.test with the observed control rate, moved in the hypothesised direction', () => {
    const lower = achievedPower({ type: 'binary', treatment: { n: 210 }, control: { n: 200, rate: 0.5 }, minimumDetectableEffect: 0.15, alpha: 0.025, expectedDirection: 'lower' });
    expect(lower).toMatchObject({ available: true });
    if (lower.available) {
      expect(lower.power).toBeCloseTo(powerOfProportionTest(200, { controlRate: 0.5, treatmentRate: 0.35, alpha: 0.025 }), 12);
      expect(lower.method).toContain('p2 = 0.35');
    }
    const either = achievedPower({ type: 'binary', treatment: { n: 200 }, control: { n: 200, rate: 0.2 }, minimumDetectableEffect: 0.1, alpha: 0.05, expectedDirection: null });
    if (either.available) {
      // Without a direction the weaker side counts: a rise from 0.2 to 0.3 is harder to detect than a fall to 0.1.
      expect(either.power).toBeCloseTo(powerOfProportionTest(200, { controlRate: 0.2, treatmentRate: 0.3, alpha: 0.05 }), 12);
      expect(either.method).toContain('none is hypothesised');
    }
    expect(achievedPower({ type: 'binary', treatment: { n: 20 }, control: { n: 20, rate: 0 }, minimumDetectableEffect: 0.1, alpha: 0.05, expectedDirection: 'higher' }).available).toBe(false);
  });
});
