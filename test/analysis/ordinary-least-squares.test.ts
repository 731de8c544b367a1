import { describe, expect, it } from 'vitest';
import { ordinaryLeastSquares, type DesignColumn } from '../../analysis/ordinary-least-squares';
import { modelReferences, readModelDataset, referenceValue, relativeError } from './model-references';

/** The design of R's `amount ~ arm + age + income_band` on the complete rows, with R's term names. */
function anchorDesign() {
  const data = readModelDataset('anchor-covariates');
  const amount = data.numeric('amount');
  const age = data.numeric('age');
  const arm = data.text('arm');
  const band = data.text('income_band');
  const rows = [...Array(data.rows).keys()].filter((row) => Number.isFinite(amount[row]!) && Number.isFinite(age[row]!) && band[row] !== null);
  const indicator = (values: (string | null)[], level: string) => rows.map((row) => (values[row] === level ? 1 : 0));
  const columns: DesignColumn[] = [
    { name: '(Intercept)', values: rows.map(() => 1) },
    { name: 'armlow-anchor', values: indicator(arm, 'low-anchor') },
    { name: 'armhigh-anchor', values: indicator(arm, 'high-anchor') },
    { name: 'age', values: rows.map((row) => age[row]!) },
    { name: 'income_bandhigh', values: indicator(band, 'high') },
    { name: 'income_bandlow', values: indicator(band, 'low') },
  ];
  return { columns, outcome: rows.map((row) => amount[row]!) };
}

describe('ordinaryLeastSquares', () => {
  it('matches lm_robust(HC2) coefficients and standard errors to 1e-10 relative', () => {
    const fit = ordinaryLeastSquares(anchorDesign());
    if (!fit.available) throw new Error(fit.reason);
    const rows = modelReferences('ols-anchor', 'amount').filter((row) => row.figure === 'coefficient' || row.figure === 'se');
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      const index = fit.terms.indexOf(row.term);
      expect(index, row.term).toBeGreaterThanOrEqual(0);
      const ours = row.figure === 'coefficient' ? fit.coefficients[index]! : fit.standardErrors[index]!;
      expect(relativeError(ours, row.value), `${row.term} ${row.figure}: ${ours} vs ${row.value}`).toBeLessThan(1e-10);
    }
    expect(fit.residualDegreesOfFreedom).toBe(referenceValue('ols-anchor', 'amount', '', 'df'));
    expect(fit.n).toBe(referenceValue('ols-anchor', 'amount', '', 'n'));
  });

  it('gives a symmetric covariance whose diagonal is the squared standard errors', () => {
    const fit = ordinaryLeastSquares(anchorDesign());
    if (!fit.available) throw new Error(fit.reason);
    fit.covariance.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(fit.covariance[j]![i]!, 6)));
    fit.standardErrors.forEach((se, i) => expect(se ** 2).toBeCloseTo(fit.covariance[i]![i]!, 6));
  });

  it('recovers an exact line (residuals 0, so HC2 variances 0)', () => {
    const fit = ordinaryLeastSquares({
      columns: [
        { name: '(Intercept)', values: [1, 1, 1, 1] },
        { name: 'x', values: [0, 1, 2, 3] },
      ],
      outcome: [2, 5, 8, 11],
    });
    if (!fit.available) throw new Error(fit.reason);
    expect(fit.coefficients[0]).toBeCloseTo(2, 12);
    expect(fit.coefficients[1]).toBeCloseTo(3, 12);
    expect(fit.standardErrors[1]).toBeCloseTo(0, 12);
  });

  it('names the aliased column of a rank-deficient design instead of returning garbage', () => {
    const fit = ordinaryLeastSquares({
      columns: [
        { name: '(Intercept)', values: [1, 1, 1, 1, 1] },
        { name: 'x', values: [1, 2, 3, 4, 5] },
        { name: 'twice x plus one', values: [3, 5, 7, 9, 11] },
      ],
      outcome: [1, 2, 2, 4, 5],
    });
    expect(fit.available).toBe(false);
    expect(fit).toMatchObject({ aliased: ['twice x plus one'] });
    if (!fit.available) expect(fit.reason).toMatch(/rank deficient.*twice x plus one/);
  });

  it('drops an aliased column on request, as lm gives it NA, and fits the rest', () => {
    const outcome = [1, 2, 2, 4, 5];
    const intercept = { name: '(Intercept)', values: [1, 1, 1, 1, 1] };
    const x = { name: 'x', values: [1, 2, 3, 4, 5] };
    const withConstant = ordinaryLeastSquares({ columns: [intercept, { name: 'zero', values: [0, 0, 0, 0, 0] }, x], outcome }, { dropAliased: true });
    const plain = ordinaryLeastSquares({ columns: [intercept, x], outcome });
    if (!withConstant.available || !plain.available) throw new Error('both fits should be available');
    expect(withConstant.aliased).toEqual(['zero']);
    expect(withConstant.terms).toEqual(['(Intercept)', 'x']);
    expect(withConstant.coefficients).toEqual(plain.coefficients);
    expect(withConstant.standardErrors).toEqual(plain.standardErrors);
  });

  it('refuses HC2 when one row alone determines a coefficient (leverage 1)', () => {
    const fit = ordinaryLeastSquares({
      columns: [
        { name: '(Intercept)', values: [1, 1, 1, 1] },
        { name: 'lonely', values: [0, 0, 0, 1] },
      ],
      outcome: [1, 2, 3, 10],
    });
    expect(fit.available).toBe(false);
    if (!fit.available) expect(fit.reason).toMatch(/observation 4 .*leverage 1/);
  });

  it('says so when there are no residual degrees of freedom', () => {
    const fit = ordinaryLeastSquares({ columns: [{ name: '(Intercept)', values: [1, 1] }, { name: 'x', values: [0, 1] }], outcome: [3, 4] });
    expect(fit.available).toBe(false);
    if (!fit.available) expect(fit.reason).toMatch(/no residual degrees of freedom/);
  });

  it('reports a missing value as a reason, not NaN coefficients', () => {
    const fit = ordinaryLeastSquares({ columns: [{ name: '(Intercept)', values: [1, 1, 1] }], outcome: [1, Number.NaN, 3] });
    expect(fit.available).toBe(false);
    if (!fit.available) expect(fit.reason).toMatch(/row 2/);
  });

  it('gives a reason rather than Infinity when values near the double range overflow', () => {
    const fit = ordinaryLeastSquares({
      columns: [
        { name: '(Intercept)', values: [1, 1, 1, 1] },
        { name: 'x', values: [0, 1, 0, 1] },
      ],
      outcome: [1e308, -1e308, -1e308, 1e308],
    });
    expect(fit.available).toBe(false);
    if (!fit.available) expect(fit.reason).toMatch(/too large or too small/);
  });

  it('throws on misuse: a column of the wrong length', () => {
    expect(() => ordinaryLeastSquares({ columns: [{ name: 'x', values: [1, 2] }], outcome: [1, 2, 3] })).toThrow(RangeError);
  });
});
