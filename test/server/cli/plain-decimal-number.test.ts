import { describe, expect, it } from 'vitest';
import { plainDecimalNumber } from '../../../server/cli/plain-decimal-number';

const point = 0x2e;
const comma = 0x2c;
const read = (text: string, decimalMark = point) => plainDecimalNumber(Buffer.from(text, 'latin1'), 0, text.length, decimalMark);

describe('plainDecimalNumber', () => {
  it.each(['0', '-0', '12', '+12', '-3.25', '.5', '5.', '007', '1e+05', '1.5E-3', '123456789012345678901234567890', '0.1', '9007199254740993', '2.2250738585072014e-308', '1e-320'])(
    'reads %s as Number() does, to the bit',
    (text) => {
      expect(Object.is(read(text), Number(text))).toBe(true);
    },
  );

  it('reads the same double as Number() for 20,000 numbers written by String(), toFixed() and toPrecision()', () => {
    let state = 42;
    const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const mismatches: string[] = [];
    for (let index = 0; index < 20_000; index++) {
      const value = (random() - 0.5) * 10 ** Math.floor(random() * 30 - 10);
      for (const text of [String(value), value.toFixed(Math.floor(random() * 8)), value.toPrecision(1 + Math.floor(random() * 20))]) {
        if (!Object.is(read(text), Number(text))) mismatches.push(text);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each(['0x10', '0b11', '0o7', 'Infinity', '-Infinity', 'NaN', '1e', '1e+', '-', '.', '', '1.2.3', '1,5', '1 000', '1_000', '٣', '12abc', '--1'])(
    'refuses %j, which is not a plain decimal number',
    (text) => {
      expect(read(text)).toBeNaN();
    },
  );

  it('reads a decimal comma when told to, and then refuses a decimal point', () => {
    expect(read('-12,5', comma)).toBe(-12.5);
    expect(read('0,1', comma)).toBe(0.1);
    expect(read('1,5e3', comma)).toBe(1500);
    expect(read('12.5', comma)).toBeNaN();
    expect(read('1.234,5', comma)).toBeNaN();
  });

  it('reads only the bytes between start and end', () => {
    expect(plainDecimalNumber(Buffer.from('a,42,b'), 2, 4, point)).toBe(42);
  });
});
