const digitZero = 0x30;
const digitNine = 0x39;
const plus = 0x2b;
const minus = 0x2d;

/** Powers of ten that a double holds exactly (10^0 … 10^22). */
const exactPowersOfTen = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/**
 * Reads a plain decimal number from the bytes `[start, end)`: an optional sign,
 * digits with at most one decimal mark (`.` or `,`, as given) and an optional
 * exponent (`1e+05`, as R writes large numbers). Anything else — hexadecimal
 * `0x10`, `Infinity`, `1e`, thousands separators, inner spaces — gives NaN, where
 * JavaScript's `Number()` would accept some of them. The value is the double
 * `Number()` gives for the same text: short numbers are computed exactly
 * (at most 15 digits and a power of ten up to 22: one correctly rounded
 * operation, Clinger's fast path), longer ones go through `Number()`.
 *
 * @example
 * plainDecimalNumber(Buffer.from('-12,5'), 0, 5, 0x2c); // => -12.5
 * plainDecimalNumber(Buffer.from('0x10'), 0, 4, 0x2e); // => NaN
 */
export function plainDecimalNumber(bytes: Uint8Array, start: number, end: number, decimalMark: number): number {
  let position = start;
  let negative = false;
  if (position < end && (bytes[position] === plus || bytes[position] === minus)) {
    negative = bytes[position] === minus;
    position += 1;
  }
  let mantissa = 0;
  let significantDigits = 0;
  let fractionDigits = 0;
  let digits = 0;
  for (; position < end; position++) {
    const byte = bytes[position]!;
    if (byte < digitZero || byte > digitNine) break;
    mantissa = mantissa * 10 + (byte - digitZero);
    digits += 1;
    if (mantissa !== 0) significantDigits += 1;
  }
  if (position < end && bytes[position] === decimalMark) {
    for (position += 1; position < end; position++) {
      const byte = bytes[position]!;
      if (byte < digitZero || byte > digitNine) break;
      mantissa = mantissa * 10 + (byte - digitZero);
      digits += 1;
      fractionDigits += 1;
      if (mantissa !== 0) significantDigits += 1;
    }
  }
  if (digits === 0) return Number.NaN;
  let exponent = 0;
  if (position < end && (bytes[position] === 0x65 || bytes[position] === 0x45)) {
    position += 1;
    let exponentNegative = false;
    if (position < end && (bytes[position] === plus || bytes[position] === minus)) {
      exponentNegative = bytes[position] === minus;
      position += 1;
    }
    const exponentStart = position;
    for (; position < end; position++) {
      const byte = bytes[position]!;
      if (byte < digitZero || byte > digitNine) break;
      if (exponent < 100_000) exponent = exponent * 10 + (byte - digitZero);
    }
    if (position === exponentStart) return Number.NaN;
    if (exponentNegative) exponent = -exponent;
  }
  if (position !== end) return Number.NaN;
  const powerOfTen = exponent - fractionDigits;
  if (significantDigits <= 15 && powerOfTen >= -22 && powerOfTen <= 22) {
    const magnitude = powerOfTen >= 0 ? mantissa * exactPowersOfTen[powerOfTen]! : mantissa / exactPowersOfTen[-powerOfTen]!;
    return negative ? -magnitude : magnitude;
  }
  let text = '';
  for (let index = start; index < end; index++) text += bytes[index] === decimalMark ? '.' : String.fromCharCode(bytes[index]!);
  return Number(text);
}
