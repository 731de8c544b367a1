import { describe, expect, it } from 'vitest';
import { parseWholeEuros } from '../../../server/participant/parse-whole-euros';

describe('parseWholeEuros', () => {
  it.each([
    ['7500', 'nl', 7500],
    ['7.500', 'nl', 7500],
    ['€ 7.500', 'nl', 7500],
    ['7.500,00', 'nl', 7500],
    ['1.250.000', 'nl', 1250000],
    ['7,500', 'en', 7500],
    ['€7,500.00', 'en', 7500],
    [' 600 ', 'en', 600],
  ] as const)('reads "%s" in %s as %i', (text, locale, euros) => {
    expect(parseWholeEuros(text, locale)).toEqual({ ok: true, euros });
  });

  it.each([
    ['7500,50', 'nl'],
    ['7.50', 'nl'],
    ['7,500', 'nl'],
    ['7.500', 'en'],
    ['75.00.0', 'nl'],
    ['-100', 'nl'],
    ['1e4', 'en'],
    ['0x10', 'en'],
    ['١٢٣', 'nl'],
    ['1234567890123', 'nl'],
  ] as const)('does not read "%s" in %s as whole euros', (text, locale) => {
    expect(parseWholeEuros(text, locale)).toEqual({ ok: false, problem: 'notWhole' });
  });

  it('calls an empty or blank field missing', () => {
    expect(parseWholeEuros('', 'nl')).toEqual({ ok: false, problem: 'missing' });
    expect(parseWholeEuros('  ', 'nl')).toEqual({ ok: false, problem: 'missing' });
    expect(parseWholeEuros(undefined, 'en')).toEqual({ ok: false, problem: 'missing' });
  });
});
