import { creditTable } from '../../experiments/arithmetic/credit-table';
import { formatEuros, formatPercent } from '../i18n/format';
import type { Translate } from '../i18n/translator';
import type { Locale } from '../i18n/locale';

export type CreditTableFigure = 'amount' | 'monthly' | 'apr' | 'term' | 'total';
export interface CreditTableRow {
  figure: CreditTableFigure;
  label: string;
  value: string;
}

/**
 * The krediettabel as rows for a view: credit amount, monthly payment, JKP,
 * term, total payable; with `total-cost` first the total payable leads. Values
 * are '—' until an amount and a term are known.
 *
 * @example
 * creditTableRows({ amount: 10000, termMonths: 60, annualPercentageRate: 0.07, locale: 'en', t })[1]; // => { figure: 'monthly', label: 'Monthly payment', value: '€197.00' }
 */
export function creditTableRows({
  amount,
  termMonths,
  annualPercentageRate,
  locale,
  t,
  firstFigure = 'monthly-payment',
}: {
  amount: number | null;
  termMonths: number | null;
  annualPercentageRate: number;
  locale: Locale;
  t: Translate;
  firstFigure?: 'monthly-payment' | 'total-cost';
}): CreditTableRow[] {
  const table = amount !== null && termMonths !== null ? creditTable(amount, termMonths, annualPercentageRate) : null;
  const pending = '—';
  const monthly: CreditTableRow = { figure: 'monthly', label: t('table.monthly'), value: table ? formatEuros(table.monthlyPayment, locale, 2) : pending };
  const total: CreditTableRow = { figure: 'total', label: t('table.total'), value: table ? formatEuros(table.totalPayable, locale, 2) : pending };
  const rows: CreditTableRow[] = [
    { figure: 'amount', label: t('table.amount'), value: table ? formatEuros(table.amount, locale) : pending },
    ...(firstFigure === 'total-cost' ? [total, monthly] : [monthly]),
    { figure: 'apr', label: t('table.apr'), value: formatPercent(annualPercentageRate, locale) },
    { figure: 'term', label: t('table.term'), value: table ? t('table.termValue', { months: table.termMonths }) : pending },
  ];
  return firstFigure === 'total-cost' ? rows : [...rows, total];
}
