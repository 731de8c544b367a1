/**
 * How figures read where people see them: in the outcome's unit, rounded
 * sensibly, negative numbers with a real minus sign (U+2212), p-values as
 * `p < 0.001` or with three decimals.
 */

export const minusSign = '−';

export interface OutcomeUnitFormat {
  /** A magnitude with its unit, for sentences: "€1,754", "35.2 percentage points", "2.7 months". */
  amount(value: number): string;
  /** A signed number without the unit, for table cells under a header naming the unit: "−1,754", "−35.2". */
  cell(value: number): string;
  /** The unit as a column header says it: "€", "percentage points", "months", "s". */
  unitName: string;
}

const decimalsFor = (unit: string | undefined): number => (unit === 'EUR' ? 0 : unit === 'months' || unit === 'seconds' ? 1 : 2);

/** A number with thousands separators, `decimals` decimals and a real minus sign. @example signedNumber(-1754.4, 0); // => '−1,754' */
export function signedNumber(value: number, decimals: number): string {
  const rounded = Number(Math.abs(value).toFixed(decimals));
  const text = rounded.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return value < 0 && rounded !== 0 ? `${minusSign}${text}` : text;
}

/**
 * The format of an outcome's values and differences: binary outcomes are
 * shares, so their differences are percentage points; continuous ones use
 * their declared unit (EUR, months, seconds, or a plain count).
 *
 * @example
 * outcomeUnitFormat('continuous', 'EUR').amount(-1754.4); // => '−€1,754'
 * outcomeUnitFormat('binary', undefined).amount(0.352); // => '35.2 percentage points'
 */
export function outcomeUnitFormat(type: 'continuous' | 'binary', unit: string | undefined): OutcomeUnitFormat {
  if (type === 'binary') {
    return {
      amount: (value) => `${signedNumber(value * 100, 1)} percentage points`,
      cell: (value) => signedNumber(value * 100, 1),
      unitName: 'percentage points',
    };
  }
  const decimals = decimalsFor(unit);
  if (unit === 'EUR') {
    return {
      amount: (value) => `${value < 0 && Math.round(Math.abs(value)) !== 0 ? minusSign : ''}€${signedNumber(Math.abs(value), 0)}`,
      cell: (value) => signedNumber(value, 0),
      unitName: '€',
    };
  }
  if (unit === 'seconds') return { amount: (value) => `${signedNumber(value, decimals)} s`, cell: (value) => signedNumber(value, decimals), unitName: 's' };
  if (unit) return { amount: (value) => `${signedNumber(value, decimals)} ${unit}`, cell: (value) => signedNumber(value, decimals), unitName: unit };
  return { amount: (value) => signedNumber(value, decimals), cell: (value) => signedNumber(value, decimals), unitName: '' };
}

/** A p-value as people read it. @example pValueText(0.00002); // => 'p < 0.001' */
export function pValueText(p: number | null, name = 'p'): string {
  if (p === null) return `${name} not computable`;
  return p < 0.001 ? `${name} < 0.001` : `${name} = ${p.toFixed(3)}`;
}

/** A p-value for a table cell under a "p" header. @example pValueCell(0.2554); // => '0.255' */
export function pValueCell(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** A share as a percentage with one decimal. @example percentText(0.9772); // => '97.7%' */
export function percentText(value: number | null): string {
  return value === null ? '—' : `${signedNumber(value * 100, 1)}%`;
}

/** A confidence level as a percentage, without needless decimals. @example levelText(0.9875); // => '98.75%' */
export function levelText(level: number): string {
  return `${Number((level * 100).toFixed(2))}%`;
}
