import { describe, expect, it } from 'vitest';
import { comparisonConclusionFields } from '../../analysis/comparison-conclusion-fields';
import { relativeLift } from '../../analysis/relative-lift';
import { unavailable } from '../../analysis/unavailable';
import { welchEquivalenceTest } from '../../analysis/welch-equivalence-test';

// Lift −0.1 with delta-method SE √(400/(100²·100) + 400·90²/(100⁴·100)) = 0.026907…;
// reference values from scipy.stats.norm (cdf and pdf of N(−0.1, SE²)).
const treatment = { n: 100, mean: 90, variance: 400 };
const control = { n: 100, mean: 100, variance: 400 };
const lift = relativeLift(treatment, control);
const welchEquivalence = (margin: number) => welchEquivalenceTest(treatment, control, margin);

describe('comparisonConclusionFields', () => {
  it('gives the chances and expected loss in the hypothesised direction (scipy)', () => {
    const { fields } = comparisonConclusionFields(lift, { expectedDirection: 'lower' }, welchEquivalence);
    expect(fields.chanceToBeatControl).toBeCloseTo(0.00010101251607766543, 14);
    expect(fields.chanceInExpectedDirection).toBeCloseTo(0.9998989874839224, 12);
    expect(fields.expectedLoss).toBeCloseTo(6.512140727626998e-7, 15);
    expect(fields.expectedDirection).toBe('lower');
  });

  it('asks the equivalence test with the declared margin and reports its p', () => {
    const margins: number[] = [];
    const { fields } = comparisonConclusionFields(lift, { smallestEffectOfInterest: 20 }, (margin) => {
      margins.push(margin);
      return welchEquivalence(margin);
    });
    const tost = welchEquivalence(20);
    expect(margins).toEqual([20]);
    expect(fields.smallestEffectOfInterest).toBe(20);
    expect(fields.equivalenceP).toBe(tost.available ? tost.pValue : NaN);
  });

  it('without a direction or a margin, their figures and results are null and nothing is tested', () => {
    let asked = false;
    const { fields, results } = comparisonConclusionFields(lift, {}, (margin) => {
      asked = true;
      return welchEquivalence(margin);
    });
    expect(asked).toBe(false);
    expect(fields).toMatchObject({ expectedDirection: null, chanceInExpectedDirection: null, expectedLoss: null, smallestEffectOfInterest: null, equivalenceP: null });
    expect(fields.chanceToBeatControl).toBeCloseTo(0.00010101251607766543, 14);
    expect(results.slice(1)).toEqual([null, null]);
  });

  it('passes an unavailable lift on as the reason of every figure built on it', () => {
    const missing = unavailable('the control mean is 0 or below (0): a relative lift is undefined');
    const { fields, results } = comparisonConclusionFields(missing, { expectedDirection: 'higher', smallestEffectOfInterest: 20 }, () => missing);
    expect(fields).toMatchObject({ chanceToBeatControl: null, chanceInExpectedDirection: null, expectedLoss: null, equivalenceP: null });
    expect(results).toEqual([missing, missing, missing]);
  });

  it('leaves the verdicts as placeholders for concludeComparison', () => {
    const { fields } = comparisonConclusionFields(lift, { expectedDirection: 'lower', smallestEffectOfInterest: 20 }, welchEquivalence);
    expect(fields).toMatchObject({ verdict: null, verdictReason: '', sequentialVerdict: null, asHypothesised: null });
  });
});
