import { describe, expect, it } from 'vitest';
import { noncentralTCdf } from '../../analysis/noncentral-t-cdf';
import { powerOfProportionTest, sampleSizeForProportionTest } from '../../analysis/power-prop-test';
import { powerOfTTest, sampleSizeForTTest } from '../../analysis/power-t-test';
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
