import { creditTable } from '../../experiments/arithmetic/credit-table';
import { formatEuros, formatPercent } from '../i18n/format';
import type { Translate } from '../i18n/translator';
import type { Locale } from '../store/store';

/**
 * The krediettabel as label/value rows ready for a view, for one amount and
 * term: credit amount, monthly payment, JKP, term, total payable.
 *
 * @example
 * creditTableRows(10000, 60, 0.07, 'en', t)[1]; // => { label: 'Monthly payment', value: '€197.00' }
 */
export function creditTableRows(amount: number, termMonths: number, annualPercentageRate: number, locale: Locale, t: Translate) {
  const table = creditTable(amount, termMonths, annualPercentageRate);
  return [
    { label: t('table.amount'), value: formatEuros(table.amount, locale) },
    { label: t('table.monthly'), value: formatEuros(table.monthlyPayment, locale, 2) },
    { label: t('table.apr'), value: formatPercent(table.annualPercentageRate, locale) },
    { label: t('table.term'), value: t('table.termValue', { months: table.termMonths }) },
    { label: t('table.total'), value: formatEuros(table.totalPayable, locale, 2) },
  ];
}
