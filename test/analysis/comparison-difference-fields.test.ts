import { describe, expect, it } from 'vitest';
import { comparisonDifferenceFields } from '../../analysis/comparison-difference-fields';
import { relativeLift } from '../../analysis/relative-lift';
import { unavailable } from '../../analysis/unavailable';
import { welchTTest } from '../../analysis/welch-t-test';

const arms = { arm: 'low-anchor', control: 'control', nArm: 3, nControl: 3 };
const treatment = { n: 3, mean: 5, variance: 1 };
const control = { n: 3, mean: 2, variance: 1 };

describe('comparisonDifferenceFields', () => {
  it('carries the Welch difference, its interval, standard error and p, as a family of one', () => {
    const welch = welchTTest(treatment, control, 0.9);
    if (!welch.available) throw new Error('the Welch test should be available here');
    const fields = comparisonDifferenceFields(arms, welch, relativeLift(treatment, control, 0.9), 0.9);
    expect(fields).toMatchObject({ ...arms, diff: 3, diffCi: welch.confidenceInterval, diffStandardError: welch.standardError, pValue: welch.pValue, pAdjusted: welch.pValue });
    expect(fields).toMatchObject({ family: 'outcome', familySize: 1, correction: 'none', diffCiSequential: null, sequentialConfidenceLevel: 0.9 });
    expect(fields.relativeLift).toBeCloseTo(1.5, 12); // (5 − 2) / 2
  });

  it('counts no family member when the difference has no p (every outcome the same)', () => {
    const fields = comparisonDifferenceFields(arms, { difference: 0, confidenceInterval: [0, 0], standardError: null, pValue: null }, unavailable('no lift'), 0.95);
    expect(fields).toMatchObject({ diff: 0, diffStandardError: null, pValue: null, pAdjusted: null, familySize: 0 });
  });

  it('leaves every difference figure and the lift null when they could not be measured', () => {
    const fields = comparisonDifferenceFields({ ...arms, nControl: 0 }, null, unavailable('the control arm is empty'), 0.95);
    expect(fields).toMatchObject({ nControl: 0, diff: null, diffCi: null, diffStandardError: null, pValue: null, pAdjusted: null, familySize: 0, relativeLift: null, relativeLiftCi: null });
  });
});
