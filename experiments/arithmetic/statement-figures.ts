import { annuityPayment } from './annuity-payment';
import { minimumPayment } from './minimum-payment';
import { monthlyRateFromApr } from './monthly-rate-from-apr';

/** The figures a revolving-credit statement shows, in euros rounded to cents. */
export interface StatementFigures {
  balance: number;
  annualPercentageRate: number;
  /** Interest charged next month if nothing is repaid. */
  interestNextMonth: number;
  minimumPayment: number;
  /** The fixed monthly payment that clears the balance in `payoffMonths`, or null when none was asked for. */
  payoffPayment: number | null;
  payoffMonths: number | null;
}

const roundToCents = (euros: number): number => Math.round(euros * 100) / 100;

/**
 * What a statement shows for a balance at a JKP: next month's interest, the
 * minimum payment, and (if `payoffMonths` is given) the monthly amount that
 * clears the balance in that many months with nothing drawn again — the
 * annuity payment, as a fixed loan of the balance would have.
 *
 * @example
 * statementFigures({ balance: 1250, annualPercentageRate: 0.14, minimum: { percentOfBalance: 2, floor: 25 }, payoffMonths: 12 });
 * // => { balance: 1250, annualPercentageRate: 0.14, interestNextMonth: 13.72, minimumPayment: 25, payoffPayment: 111.75, payoffMonths: 12 }
 * @throws RangeError as minimumPayment and annuityPayment do.
 */
export function statementFigures({
  balance,
  annualPercentageRate,
  minimum,
  payoffMonths = null,
}: {
  balance: number;
  annualPercentageRate: number;
  minimum: { percentOfBalance: number; floor: number };
  payoffMonths?: number | null;
}): StatementFigures {
  return {
    balance,
    annualPercentageRate,
    interestNextMonth: roundToCents(balance * monthlyRateFromApr(annualPercentageRate)),
    minimumPayment: minimumPayment(balance, minimum),
    payoffPayment: payoffMonths === null ? null : roundToCents(annuityPayment(balance, payoffMonths, annualPercentageRate)),
    payoffMonths,
  };
}
