import type { Product } from '../definition-schema';
import { creditTable } from './credit-table';
import { revolvingPayoff } from './revolving-payoff';

/** What a product-choice screen shows for one product. */
export interface ProductFigures {
  key: string;
  kind: Product['kind'];
  /** Loan amount, or the (fully drawn) credit limit. */
  amount: number;
  annualPercentageRate: number;
  monthlyPayment: number;
  /** Months to repay, or null when the payment never covers the interest. */
  payoffMonths: number | null;
  /** Total paid over the life of the credit, or null when it is never repaid. */
  totalPayable: number | null;
}

/**
 * The figures of one product: a fixed loan's annuity krediettabel, or a
 * revolving credit's monthly payment (a share of the limit) and payoff when
 * fully drawn and nothing is drawn again.
 *
 * @example
 * productFigures({ kind: 'revolving-credit', key: 'revolving', limit: 10000, annualPercentageRate: 0.099, monthlyPaymentPercentOfLimit: 2 });
 * // => { key: 'revolving', …, monthlyPayment: 200, payoffMonths: 64, totalPayable: 12771.38 }
 */
export function productFigures(product: Product): ProductFigures {
  if (product.kind === 'fixed-loan') {
    const table = creditTable(product.amount, product.termMonths, product.annualPercentageRate);
    return {
      key: product.key,
      kind: product.kind,
      amount: product.amount,
      annualPercentageRate: product.annualPercentageRate,
      monthlyPayment: table.monthlyPayment,
      payoffMonths: product.termMonths,
      totalPayable: table.totalPayable,
    };
  }
  const monthlyPayment = Math.round(product.limit * product.monthlyPaymentPercentOfLimit) / 100;
  const payoff = revolvingPayoff(product.limit, product.annualPercentageRate, monthlyPayment);
  return {
    key: product.key,
    kind: product.kind,
    amount: product.limit,
    annualPercentageRate: product.annualPercentageRate,
    monthlyPayment,
    payoffMonths: payoff.paysOff ? payoff.months : null,
    totalPayable: payoff.paysOff ? payoff.totalPaid : null,
  };
}
