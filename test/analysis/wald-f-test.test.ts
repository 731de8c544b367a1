import { describe, expect, it } from 'vitest';
import { fDistributionUpperTail } from '../../analysis/f-distribution-upper-tail';
import { waldFTest } from '../../analysis/wald-f-test';
import { relativeError } from './model-references';

describe('fDistributionUpperTail agrees with R pf(f, df1, df2, lower.tail = FALSE)', () => {
  it.each([
    [3, 2, 10, 0.095367431640624972],
    [250, 3, 40, 6.1504291677905648e-26],
    [0.5, 4, 7.5, 0.73746520444766162],
  ])('pf(%s, %s, %s)', (f, df1, df2, expected) => {
    expect(relativeError(fDistributionUpperTail(f, df1, df2), expected)).toBeLessThan(1e-12);
  });

  it('is 1 at 0 and NaN for impossible degrees of freedom', () => {
    expect(fDistributionUpperTail(0, 2, 3)).toBe(1);
    expect(fDistributionUpperTail(1, 0, 3)).toBeNaN();
  });
});

describe('waldFTest', () => {
  it('tests one coefficient as its squared t (R: pf(1, 1, 20, lower.tail = FALSE))', () => {
    const result = waldFTest([1, 2], [[1, 0], [0, 4]], [1], 20);
    expect(result).toMatchObject({ available: true, F: 1, df1: 1, df2: 20 });
    if (result.available) expect(relativeError(result.pValue, 0.32925657717170898)).toBeLessThan(1e-12);
  });

  it('accounts for the covariance between jointly tested coefficients', () => {
    // b = (1, 1), V = [[1, 0.5], [0.5, 1]]: b'V⁻¹b = 4/3, F = 2/3.
    const result = waldFTest([1, 1], [[1, 0.5], [0.5, 1]], [0, 1], 30);
    if (!result.available) throw new Error(result.reason);
    expect(result.F).toBeCloseTo(2 / 3, 14);
  });

  it('gives a reason when the tested covariance is singular', () => {
    expect(waldFTest([1, 1], [[1, 1], [1, 1]], [0, 1], 30)).toEqual({
      available: false,
      reason: 'the covariance of the tested coefficients is singular: the Wald test is undefined',
    });
  });

  it('throws on misuse: an index outside the coefficients', () => {
    expect(() => waldFTest([1], [[1]], [1], 10)).toThrow(RangeError);
  });
});
