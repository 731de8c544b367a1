import { describe, expect, it } from 'vitest';
import { binaryTestPValue } from '../../analysis/binary-test-p-value';

describe('binaryTestPValue', () => {
  it('takes Fisher’s exact p when an expected count is below 5', () => {
    // R: fisher.test(matrix(c(0, 20, 4, 16), 2, byrow = TRUE))$p.value = 0.106029106; prop.test's chi-square p is 0.03501498.
    const sparse = binaryTestPValue({ n: 20, count: 0 }, { n: 20, count: 4 }, 0.03501498);
    expect(sparse.pValue).toBeCloseTo(0.106029106, 8);
    expect(sparse.note).toBe('an expected count is below 5 (smallest 2.0): p is Fisher’s exact test, as the chi-square approximation does not hold');
  });

  it('keeps the chi-square p when every expected count is at least 5, and when there is none', () => {
    // 5 of 20 against 5 of 20: every expected count is 5 (10 events and 30 non-events over two arms of 20).
    expect(binaryTestPValue({ n: 20, count: 5 }, { n: 20, count: 5 }, 1)).toEqual({ pValue: 1, note: null });
    expect(binaryTestPValue({ n: 20, count: 0 }, { n: 20, count: 0 }, null)).toEqual({ pValue: null, note: null });
    expect(binaryTestPValue({ n: 0, count: 0 }, { n: 20, count: 3 }, null)).toEqual({ pValue: null, note: null });
  });

  it('counts the rarer outcome: many events make the non-events the small cell', () => {
    // 19 of 20 against 17 of 20: 4 non-events, expected 2 per arm.
    expect(binaryTestPValue({ n: 20, count: 19 }, { n: 20, count: 17 }, 0.29).note).toContain('smallest 2.0');
  });
});
