import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { creditTable } from '../../../experiments/arithmetic/credit-table';
import { minimumPayment } from '../../../experiments/arithmetic/minimum-payment';
import { statementFigures } from '../../../experiments/arithmetic/statement-figures';

/** Reference values from R: test/fixtures/arithmetic/credit-figures.R wrote credit-figures.csv. */
const reference = readFileSync(new URL('../../fixtures/arithmetic/credit-figures.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [kind, principal, apr, months, monthly, total] = line.split(',');
    return { kind: kind!.replaceAll('"', ''), principal: Number(principal), apr: Number(apr), months: Number(months), monthly: Number(monthly), total: total === '' ? null : Number(total) };
  });
const referenceOf = (kind: string) => reference.filter((row) => row.kind === kind);

describe('minimumPayment', () => {
  it('is 2% of the balance, to the cent', () => expect(minimumPayment(3456.78, { percentOfBalance: 2, floor: 25 })).toBe(69.14));
  it('is the floor when 2% is less', () => expect(minimumPayment(800, { percentOfBalance: 2, floor: 25 })).toBe(25));
  it('is €25.00 on the flagship’s €1,250 balance, as R computes', () => {
    expect(minimumPayment(1250, { percentOfBalance: 2, floor: 25 })).toBe(referenceOf('statement-minimum')[0]!.monthly);
  });
  it('never asks more than the balance', () => expect(minimumPayment(10.5, { percentOfBalance: 2, floor: 25 })).toBe(10.5));
  it('throws on a negative balance', () => expect(() => minimumPayment(-1, { percentOfBalance: 2, floor: 25 })).toThrow(RangeError));
});

describe('statementFigures', () => {
  const figures = statementFigures({ balance: 1250, annualPercentageRate: 0.14, minimum: { percentOfBalance: 2, floor: 25 }, payoffMonths: 12 });

  it('charges next month’s interest at the monthly rate implied by the JKP, to the cent (R: 13.72)', () => {
    expect(figures.interestNextMonth).toBe(referenceOf('statement-interest')[0]!.monthly);
  });

  it('clears €1,250 at 14% in 12 months with the annuity payment (R: 111.75)', () => {
    expect(figures.payoffPayment).toBe(referenceOf('statement-payoff')[0]!.monthly);
    expect(figures.payoffMonths).toBe(12);
  });

  it('shows no payoff amount when none is asked for', () => {
    expect(statementFigures({ balance: 1250, annualPercentageRate: 0.14, minimum: { percentOfBalance: 2, floor: 25 } })).toMatchObject({ payoffPayment: null, payoffMonths: null, minimumPayment: 25 });
  });
});

describe('the default-term krediettabel (€10,000 at 7.9% JKP)', () => {
  it.each(referenceOf('default-term').map((row) => [row.months, row.monthly, row.total] as const))('%i months: %f a month, %f in total, as R computes', (months, monthly, total) => {
    const table = creditTable(10000, months, 0.079);
    expect(table.monthlyPayment).toBe(monthly);
    expect(table.totalPayable).toBe(total);
  });
});
