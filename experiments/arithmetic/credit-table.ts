import { annuityPayment } from './annuity-payment';

/** The figures of a krediettabel (credit table) for a fixed loan, in euros rounded to cents. */
export interface CreditTable {
  amount: number;
  termMonths: number;
  annualPercentageRate: number;
  monthlyPayment: number;
  totalPayable: number;
  costOfCredit: number;
}

const roundToCents = (euros: number): number => Math.round(euros * 100) / 100;

/**
 * The krediettabel a Dutch loan offer must show: amount, monthly payment, JKP,
 * term and total payable. The total is the unrounded payment times the term,
 * rounded once, which is how lenders publish it (€7,500, 36 months, 7.9%:
 * €233.74 a month but €8,414.51 in total, not 36 × 233.74).
 *
 * @example
 * creditTable(10000, 60, 0.07);
 * // => { amount: 10000, termMonths: 60, annualPercentageRate: 0.07,
 * //      monthlyPayment: 197, totalPayable: 11819.94, costOfCredit: 1819.94 }
 * @throws RangeError as annuityPayment does.
 */
export function creditTable(amount: number, termMonths: number, annualPercentageRate: number): CreditTable {
  const exactPayment = annuityPayment(amount, termMonths, annualPercentageRate);
  const totalPayable = roundToCents(exactPayment * termMonths);
  return {
    amount,
    termMonths,
    annualPercentageRate,
    monthlyPayment: roundToCents(exactPayment),
    totalPayable,
    costOfCredit: roundToCents(totalPayable - amount),
  };
}
