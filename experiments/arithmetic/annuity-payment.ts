import { monthlyRateFromApr } from './monthly-rate-from-apr';

/**
 * The fixed monthly payment that repays `principal` in `termMonths` equal
 * instalments at the given annual percentage rate: A = P·i / (1 − (1 + i)^−n).
 * Unrounded, so that totals computed from it match published examples.
 *
 * @example
 * annuityPayment(5000, 60, 0.1199); // => 109.66… (€109.66 a month)
 * @throws RangeError for a non-positive principal or term, or a negative rate.
 */
export function annuityPayment(principal: number, termMonths: number, annualPercentageRate: number): number {
  if (!Number.isFinite(principal) || principal <= 0) {
    throw new RangeError(`principal must be a positive number, got ${principal}`);
  }
  if (!Number.isInteger(termMonths) || termMonths <= 0) {
    throw new RangeError(`term must be a positive whole number of months, got ${termMonths}`);
  }
  const monthlyRate = monthlyRateFromApr(annualPercentageRate);
  if (monthlyRate === 0) return principal / termMonths;
  return (principal * monthlyRate) / (1 - Math.pow(1 + monthlyRate, -termMonths));
}
