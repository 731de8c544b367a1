import { describe, expect, it } from 'vitest';
import { annuityPayment } from '../../../experiments/arithmetic/annuity-payment';
import { creditTable } from '../../../experiments/arithmetic/credit-table';
import { monthlyRateFromApr } from '../../../experiments/arithmetic/monthly-rate-from-apr';

// Worked examples from ../shared/domain/credit-nl.md (published Dutch loan offers).
describe('creditTable', () => {
  it('€5,000 over 60 months at 11.99% JKP: €109.66 a month, about €6,579 in total', () => {
    const table = creditTable(5000, 60, 0.1199);
    expect(table.monthlyPayment).toBe(109.66);
    expect(Math.floor(table.totalPayable)).toBe(6579);
  });

  it.each([
    [36, 233.74, 8414.51],
    [60, 150.74, 9044.39],
    [84, 115.51, 9702.84],
  ])('€7,500 at 7.9%% JKP over %i months: %f a month, %f in total', (termMonths, monthly, total) => {
    const table = creditTable(7500, termMonths, 0.079);
    expect(table.monthlyPayment).toBe(monthly);
    expect(table.totalPayable).toBe(total);
    expect(table.costOfCredit).toBeCloseTo(total - 7500, 2);
  });

  it('€10,000 over 60 months at 7.0% JKP: €197.00 a month, €11,819.94 in total', () => {
    expect(creditTable(10000, 60, 0.07)).toEqual({
      amount: 10000,
      termMonths: 60,
      annualPercentageRate: 0.07,
      monthlyPayment: 197,
      totalPayable: 11819.94,
      costOfCredit: 1819.94,
    });
  });
});

describe('monthlyRateFromApr', () => {
  it('compounds to the annual rate over twelve months', () => {
    expect(Math.pow(1 + monthlyRateFromApr(0.079), 12) - 1).toBeCloseTo(0.079, 14);
  });

  it('rejects a negative or non-finite rate', () => {
    expect(() => monthlyRateFromApr(-0.01)).toThrow(RangeError);
    expect(() => monthlyRateFromApr(Number.NaN)).toThrow(RangeError);
  });
});

describe('annuityPayment', () => {
  it('at 0% divides the principal evenly', () => {
    expect(annuityPayment(6000, 60, 0)).toBe(100);
  });

  it('rejects a non-positive principal or a fractional term', () => {
    expect(() => annuityPayment(0, 60, 0.05)).toThrow(RangeError);
    expect(() => annuityPayment(1000, 12.5, 0.05)).toThrow(RangeError);
  });
});
