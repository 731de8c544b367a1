import { describe, expect, it } from 'vitest';
import { revolvingPayoff } from '../../../experiments/arithmetic/revolving-payoff';

// Worked examples from ../shared/domain/credit-nl.md: €10,000 fully drawn at 9.9%, nothing re-drawn.
describe('revolvingPayoff', () => {
  it.each([
    [200, 64, 12771],
    [150, 96, 14256],
    [100, 199, 19825],
  ])('paying €%i a month takes about %i months and about €%i in total', (payment, months, total) => {
    const payoff = revolvingPayoff(10000, 0.099, payment);
    expect(payoff.paysOff).toBe(true);
    if (!payoff.paysOff) return;
    expect(payoff.months).toBe(months);
    expect(Math.abs(payoff.totalPaid - total)).toBeLessThan(1);
    expect(payoff.costOfCredit).toBeCloseTo(payoff.totalPaid - 10000, 2);
  });

  it('says the debt never amortises when 1% of the limit does not cover interest at 14%', () => {
    expect(revolvingPayoff(10000, 0.14, 100)).toEqual({ paysOff: false, reason: 'payment-does-not-cover-interest' });
  });

  it('treats a payment exactly equal to the interest as never paying off', () => {
    const interest = 10000 * (Math.pow(1.12, 1 / 12) - 1);
    expect(revolvingPayoff(10000, 0.12, interest).paysOff).toBe(false);
  });

  it('pays off in one month when the payment exceeds balance plus interest', () => {
    expect(revolvingPayoff(1000, 0.12, 5000)).toMatchObject({ paysOff: true, months: 1 });
  });

  it('rejects nonsense inputs', () => {
    expect(() => revolvingPayoff(0, 0.1, 100)).toThrow(RangeError);
    expect(() => revolvingPayoff(1000, 0.1, -5)).toThrow(RangeError);
  });
});
