import { describe, expect, it } from 'vitest';
import { formatEuros } from '../../../server/i18n/format';

/** What Intl itself writes, without the memory formatEuros keeps. */
const intlEuros = (amount: number, tag: string, digits: number) =>
  new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);

describe('formatEuros', () => {
  it.each([
    [7500, 'nl', 0, 'nl-NL'],
    [109.66, 'en', 2, 'en-GB'],
    [1250, 'nl', 2, 'nl-NL'],
  ] as const)('writes %s in %s with %s decimals as Intl does, the first time and every time after', (amount, locale, digits, tag) => {
    const expected = intlEuros(amount, tag, digits);
    expect(formatEuros(amount, locale, digits)).toBe(expected);
    expect(formatEuros(amount, locale, digits)).toBe(expected);
  });

  it('keeps languages and decimals apart', () => {
    expect(formatEuros(7500, 'nl')).toBe(intlEuros(7500, 'nl-NL', 0));
    expect(formatEuros(7500, 'en')).toBe(intlEuros(7500, 'en-GB', 0));
    expect(formatEuros(7500, 'en', 2)).toBe(intlEuros(7500, 'en-GB', 2));
  });

  it('tells -0 from 0 as Intl does, in either order', () => {
    expect(formatEuros(0, 'nl')).toBe(intlEuros(0, 'nl-NL', 0));
    expect(formatEuros(-0, 'nl')).toBe(intlEuros(-0, 'nl-NL', 0));
    expect(formatEuros(-0, 'en', 2)).toBe(intlEuros(-0, 'en-GB', 2));
    expect(formatEuros(0, 'en', 2)).toBe(intlEuros(0, 'en-GB', 2));
  });

  it('stays right after more distinct amounts than it remembers', () => {
    for (let amount = 0; amount < 5_000; amount += 1) expect(formatEuros(amount, 'nl')).toBe(intlEuros(amount, 'nl-NL', 0));
    expect(formatEuros(7500, 'nl')).toBe(intlEuros(7500, 'nl-NL', 0));
  });
});
