import type { Locale } from './locale';

const bcp47: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };
const euroFormats = new Map<string, Intl.NumberFormat>();
/** Amounts already formatted, per format: a screen shows the same few amounts to every participant of its arm. */
const formattedEuros = new Map<string, Map<number, string>>();
/** How many amounts each format remembers before it starts afresh. */
const rememberedAmountsLimit = 2_000;
const percentFormats = new Map<Locale, Intl.NumberFormat>();

/**
 * Euros as a participant in that language expects to read them.
 *
 * @example
 * formatEuros(7500, 'nl'); // => '€ 7.500'
 * formatEuros(109.66, 'en', 2); // => '€109.66'
 */
export function formatEuros(amount: number, locale: Locale, fractionDigits: 0 | 2 = 0): string {
  const cacheKey = `${locale}:${fractionDigits}`;
  let formatted = formattedEuros.get(cacheKey);
  const remembered = Object.is(amount, -0) ? undefined : formatted?.get(amount);
  if (remembered !== undefined) return remembered;
  let format = euroFormats.get(cacheKey);
  if (!format) {
    format = new Intl.NumberFormat(bcp47[locale], {
      style: 'currency',
      currency: 'EUR',
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    euroFormats.set(cacheKey, format);
  }
  if (!formatted || formatted.size >= rememberedAmountsLimit) {
    formatted = new Map();
    formattedEuros.set(cacheKey, formatted);
  }
  const text = format.format(amount);
  // The memory's keys do not tell -0 (which Intl writes with a minus) from 0.
  if (!Object.is(amount, -0)) formatted.set(amount, text);
  return text;
}

/**
 * A rate as a percentage with one or two decimals.
 *
 * @example
 * formatPercent(0.079, 'nl'); // => '7,9%'
 */
export function formatPercent(rate: number, locale: Locale): string {
  let format = percentFormats.get(locale);
  if (!format) {
    // Building a NumberFormat costs far more than using one, so each is built once.
    format = new Intl.NumberFormat(bcp47[locale], { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 2 });
    percentFormats.set(locale, format);
  }
  return format.format(rate);
}

const thousandsSeparators: Record<Locale, string> = { nl: '.', en: ',' };

/**
 * A whole number with the locale's thousands separator and no currency sign,
 * as an input field holds an amount (the € sits beside the field). The
 * participant's own parser (parse-whole-euros.ts) reads it back. (Intl
 * leaves four-digit Dutch numbers ungrouped, "2500"; Dutch lenders write 2.500.)
 *
 * @example
 * formatWholeNumber(2500, 'nl'); // => '2.500'
 * formatWholeNumber(25000, 'en'); // => '25,000'
 */
export function formatWholeNumber(value: number, locale: Locale): string {
  const digits = String(Math.abs(Math.round(value)));
  return `${value < 0 ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, thousandsSeparators[locale])}`;
}
