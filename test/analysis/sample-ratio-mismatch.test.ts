import { describe, expect, it } from 'vitest';
import { sampleRatioMismatch } from '../../analysis/sample-ratio-mismatch';

describe('sampleRatioMismatch: when the check counts', () => {
  it('raises the alarm when an arm gets nobody while the others fill (the worst mismatch there is)', () => {
    // R: chisq.test(c(60, 60, 0), p = rep(1/3, 3)) gives X-squared = 60, df = 2, p = 9.357623e-14.
    const result = sampleRatioMismatch([60, 60, 0], [1, 1, 1]);
    expect(result.chiSquare).toBeCloseTo(60, 12);
    expect(result.pValue).toBeCloseTo(9.357623e-14, 18);
    expect(result.checked).toBe(true);
    expect(result.ok).toBe(false);
  });

  it('raises the alarm for an arm far short of its share even before it has 8 participants', () => {
    // Expected 40 per arm; the third arm got 3.
    const result = sampleRatioMismatch([58, 59, 3], [1, 1, 1]);
    expect(result.checked).toBe(true);
    expect(result.ok).toBe(false);
  });

  it('waits until every arm is expected to hold at least 8 (the chi-square approximation needs it)', () => {
    const early = sampleRatioMismatch([7, 0], [1, 1]);
    expect(early.checked).toBe(false);
    expect(early.ok).toBe(true);
    // 16 in all: 8 expected per arm, so the check counts, and 16 against 0 is a mismatch.
    const enough = sampleRatioMismatch([16, 0], [1, 1]);
    expect(enough.checked).toBe(true);
    expect(enough.ok).toBe(false);
  });

  it('uses the expected count of the smallest planned weight', () => {
    // Weights 1:3 over 28 people expect 7 in the first arm: not yet checked.
    expect(sampleRatioMismatch([0, 28], [1, 3]).checked).toBe(false);
    // Over 32 they expect 8: checked; 0 against 8 expected gives p = 0.0011 (R: chisq.test(c(0, 32), p = c(1, 3) / 4)), not yet below 0.001.
    expect(sampleRatioMismatch([0, 32], [1, 3])).toMatchObject({ checked: true, ok: true });
    // Over 40, 0 against 10 expected: p = 0.00026, a mismatch.
    expect(sampleRatioMismatch([0, 40], [1, 3])).toMatchObject({ checked: true, ok: false });
  });

  it('does not raise the alarm for a chance imbalance', () => {
    expect(sampleRatioMismatch([500, 430], [1, 1])).toMatchObject({ checked: true, ok: true });
  });
});
