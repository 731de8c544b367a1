import { describe, expect, it } from 'vitest';
import type { Covariate } from '../../analysis/centred-covariate-columns';
import { covariateAdjustedEffect } from '../../analysis/covariate-adjusted-effect';
import { readModelDataset, referenceValue, relativeError } from './model-references';

const data = readModelDataset('anchor-covariates');
const arms = data.text('arm');
const covariate = (name: string): Covariate =>
  name === 'income_band' ? { name, kind: 'categorical', values: data.text(name) } : { name, kind: 'numeric', values: data.numeric(name) };

const cases = [
  { case: 'lin-age', outcome: 'amount', arm: 'low-anchor', control: 'control', covariates: ['age'] },
  { case: 'lin-age', outcome: 'amount', arm: 'high-anchor', control: 'control', covariates: ['age'] },
  { case: 'lin-age-band', outcome: 'amount', arm: 'low-anchor', control: 'control', covariates: ['age', 'income_band'] },
  { case: 'lin-age-band', outcome: 'amount', arm: 'high-anchor', control: 'control', covariates: ['age', 'income_band'] },
  { case: 'lin-age-band', outcome: 'above_quote', arm: 'low-anchor', control: 'control', covariates: ['age', 'income_band'] },
  { case: 'lin-age-band', outcome: 'above_quote', arm: 'high-anchor', control: 'control', covariates: ['age', 'income_band'] },
  { case: 'lin-band-constant', outcome: 'amount', arm: 'low-anchor', control: 'control', covariates: ['income_band', 'constant'] },
  { case: 'lin-band-constant', outcome: 'amount', arm: 'high-anchor', control: 'control', covariates: ['income_band', 'constant'] },
  { case: 'lin-versus-arm', outcome: 'amount', arm: 'high-anchor', control: 'low-anchor', covariates: ['age', 'income_band'] },
];

describe('covariateAdjustedEffect agrees with estimatr::lm_robust(y ~ treat * (xc…), se_type = "HC2")', () => {
  it.each(cases.map((entry) => [`${entry.case} ${entry.outcome} ${entry.arm} vs ${entry.control}`, entry] as const))('%s', (_, entry) => {
    const result = covariateAdjustedEffect({
      outcome: data.numeric(entry.outcome),
      arms,
      arm: entry.arm,
      control: entry.control,
      covariates: entry.covariates.map(covariate),
    });
    if (!result.available) throw new Error(result.reason);
    const reference = (figure: string) => referenceValue(entry.case, entry.outcome, entry.arm, figure);
    const figures: [string, number][] = [
      ['diff', result.diff],
      ['se', result.se],
      ['diffCi.low', result.diffCi[0]],
      ['diffCi.high', result.diffCi[1]],
      ['pValue', result.pValue],
    ];
    for (const [figure, ours] of figures) {
      expect(relativeError(ours, reference(figure)), `${figure}: ${ours} vs R ${reference(figure)}`).toBeLessThan(1e-8);
    }
    expect(result.degreesOfFreedom).toBe(reference('df'));
    expect(result.n).toBe(reference('n'));
  });
});

describe('covariateAdjustedEffect on awkward data', () => {
  it('without covariates has HC2 standard error equal to the unpooled (Welch) one, s²₁/n₁ + s²₀/n₀', () => {
    const treatment = [3, 5, 4, 9, 7];
    const control = [1, 2, 2, 6];
    const result = covariateAdjustedEffect({
      outcome: [...treatment, ...control],
      arms: [...treatment.map(() => 't'), ...control.map(() => 'c')],
      arm: 't',
      control: 'c',
      covariates: [],
    });
    if (!result.available) throw new Error(result.reason);
    const variance = (values: number[]) => {
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      return values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
    };
    expect(result.diff).toBeCloseTo(5.6 - 2.75, 12);
    expect(result.se).toBeCloseTo(Math.sqrt(variance(treatment) / 5 + variance(control) / 4), 12);
    expect(result.degreesOfFreedom).toBe(7);
  });

  it('leaves out a covariate that is constant on these rows and says so (lm_robust gives it NA)', () => {
    const result = covariateAdjustedEffect({ outcome: data.numeric('amount'), arms, arm: 'low-anchor', control: 'control', covariates: [covariate('constant')] });
    if (!result.available) throw new Error(result.reason);
    expect(result.omittedColumns).toEqual(['constant']);
    expect(result.method).toMatch(/Lin \(2013\).*HC2/);
  });

  it('with the categorical covariate reordered gives the same effect (the reference level does not matter)', () => {
    const band = data.text('income_band');
    const order = [...band.keys()].sort((a, b) => String(band[b]).localeCompare(String(band[a])));
    const pick = <T>(values: ArrayLike<T>) => order.map((row) => values[row]!);
    const original = covariateAdjustedEffect({ outcome: data.numeric('amount'), arms, arm: 'high-anchor', control: 'control', covariates: [covariate('income_band')] });
    const reordered = covariateAdjustedEffect({
      outcome: pick(data.numeric('amount')),
      arms: pick(arms),
      arm: 'high-anchor',
      control: 'control',
      covariates: [{ name: 'income_band', kind: 'categorical', values: pick(band) }],
    });
    if (!original.available || !reordered.available) throw new Error('both should be available');
    expect(relativeError(reordered.diff, original.diff)).toBeLessThan(1e-10);
    expect(relativeError(reordered.se, original.se)).toBeLessThan(1e-10);
  });

  it('gives a reason, not a crash, when the arm has no complete rows', () => {
    const result = covariateAdjustedEffect({ outcome: [1, 2, 3, Number.NaN], arms: ['control', 'control', 'control', 'low'], arm: 'low', control: 'control', covariates: [] });
    expect(result).toEqual({ available: false, reason: 'arm "low" has no rows with the outcome and every covariate' });
  });

  it('gives a reason when there are more coefficients than rows', () => {
    const result = covariateAdjustedEffect({
      outcome: [1, 2, 3, 4],
      arms: ['control', 'low', 'control', 'low'],
      arm: 'low',
      control: 'control',
      covariates: [{ name: 'x', kind: 'numeric', values: [1, 2, 4, 3] }],
    });
    expect(result.available).toBe(false);
    if (!result.available) expect(result.reason).toMatch(/no residual degrees of freedom/);
  });

  it('throws on misuse: the arm compared with itself', () => {
    expect(() => covariateAdjustedEffect({ outcome: [1], arms: ['a'], arm: 'a', control: 'a', covariates: [] })).toThrow(RangeError);
  });
});
