import type { Locale } from '../i18n/locale';

export type WholeEurosResult = { ok: true; euros: number } | { ok: false; problem: 'missing' | 'notWhole' };

/**
 * Reads an amount typed by a participant as whole euros, the way people in
 * that language write it: "7.500" and "€ 7500" are 7,500 in Dutch, "7,500"
 * is 7,500 in English. Cents, letters or other text are `notWhole`.
 *
 * @example
 * parseWholeEuros('€ 7.500', 'nl'); // => { ok: true, euros: 7500 }
 * parseWholeEuros('7500,50', 'nl'); // => { ok: false, problem: 'notWhole' }
 */
export function parseWholeEuros(text: string | undefined, locale: Locale): WholeEurosResult {
  const trimmed = (text ?? '').replace(/[\s\u00a0€]/g, '');
  if (trimmed === '') return { ok: false, problem: 'missing' };
  const groupSeparator = locale === 'nl' ? '.' : ',';
  const decimalSeparator = locale === 'nl' ? ',' : '.';
  const withoutZeroCents = trimmed.replace(new RegExp(`\\${decimalSeparator}0{1,2}$`), '');
  const grouped = new RegExp(`^\\d{1,3}(\\${groupSeparator}\\d{3})+$`);
  let digits: string;
  if (/^\d+$/.test(withoutZeroCents)) digits = withoutZeroCents;
  else if (grouped.test(withoutZeroCents)) digits = withoutZeroCents.split(groupSeparator).join('');
  else return { ok: false, problem: 'notWhole' };
  if (digits.length > 12) return { ok: false, problem: 'notWhole' };
  return { ok: true, euros: Number(digits) };
}
