import { monthlyRateFromApr } from './monthly-rate-from-apr';

export type RevolvingPayoff =
  | { paysOff: true; months: number; totalPaid: number; costOfCredit: number }
  | { paysOff: false; reason: 'payment-does-not-cover-interest' | 'longer-than-100-years' };

const maximumMonths = 1200;
const roundToCents = (euros: number): number => Math.round(euros * 100) / 100;

/**
 * How long a fully drawn revolving credit (doorlopend krediet) takes to repay
 * with a fixed monthly payment and nothing drawn again, and what it costs:
 * each month interest at the monthly rate implied by the JKP is added, then
 * the payment (or what is left) is taken off. Where the payment does not even
 * cover the first month's interest the debt never amortises, and a screen must
 * say so rather than show a payoff date.
 *
 * @example
 * revolvingPayoff(10000, 0.099, 200); // => { paysOff: true, months: 64, totalPaid: 12771.38, costOfCredit: 2771.38 }
 * revolvingPayoff(10000, 0.14, 100);  // => { paysOff: false, reason: 'payment-does-not-cover-interest' }
 * @throws RangeError for a non-positive balance or payment, or a negative rate.
 */
export function revolvingPayoff(balance: number, annualPercentageRate: number, monthlyPayment: number): RevolvingPayoff {
  if (!(balance > 0)) throw new RangeError(`balance must be positive, got ${balance}`);
  if (!(monthlyPayment > 0)) throw new RangeError(`monthly payment must be positive, got ${monthlyPayment}`);
  const monthlyRate = monthlyRateFromApr(annualPercentageRate);
  if (monthlyPayment <= balance * monthlyRate) return { paysOff: false, reason: 'payment-does-not-cover-interest' };
  let remaining = balance;
  let totalPaid = 0;
  let months = 0;
  while (remaining > 0.005) {
    if (months === maximumMonths) return { paysOff: false, reason: 'longer-than-100-years' };
    remaining += remaining * monthlyRate;
    const payment = Math.min(monthlyPayment, remaining);
    remaining -= payment;
    totalPaid += payment;
    months += 1;
  }
  return { paysOff: true, months, totalPaid: roundToCents(totalPaid), costOfCredit: roundToCents(totalPaid - balance) };
}
