import type { Locale } from '../i18n/locale';

/**
 * Reads a number as a participant in that language writes it. Groups of
 * exactly three digits after the group separator are thousands ("12.771" in
 * Dutch, "12,771" in English); otherwise either "," or "." is a decimal
 * point. Returns null for an empty field and NaN for anything else.
 *
 * @example
 * parseLocaleNumber('€ 12.771,38', 'nl'); // => 12771.38
 * parseLocaleNumber('64', 'en');          // => 64
 */
export function parseLocaleNumber(text: string | undefined, locale: Locale): number | null {
  const trimmed = (text ?? '').replace(/[\s\u00a0€]/g, '');
  if (trimmed === '') return null;
  if (trimmed.length > 30) return Number.NaN;
  const [group, decimal] = locale === 'nl' ? ['.', ','] : [',', '.'];
  const grouped = new RegExp(`^-?\\d{1,3}(\\${group}\\d{3})+(\\${decimal}\\d+)?$`);
  const withoutGroups = grouped.test(trimmed) ? trimmed.split(group).join('') : trimmed;
  const normalized = withoutGroups.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : Number.NaN;
}
