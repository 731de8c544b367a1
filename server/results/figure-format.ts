/**
 * How figures read where people see them: in the outcome's unit, rounded
 * sensibly, negative numbers with a real minus sign (U+2212), p-values as
 * `p < 0.001` or with three decimals.
 */

export const minusSign = '−';

export interface OutcomeUnitFormat {
  /** A magnitude with its unit, for sentences: "€1,754", "35.2 percentage points", "2.7 months"; a non-zero value that would round to 0 gets the decimals it needs ("€0.40", "0.004 months"). */
  amount(value: number): string;
  /**
   * Several figures that are read together (an estimate and its interval) at
   * one precision: the finest any of them needs, so "€0.40 (95% CI −€0.81 to
   * €0.01)", never "−€1 to €0.01".
   */
  amounts(values: readonly number[]): string[];
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
 * The decimals a sentence needs so that a non-zero value does not read as 0:
 * the unit's own, or up to `extra` more until one significant digit shows
 * (a value still 0 then, such as floating-point noise, stays at the unit's own).
 */
function decimalsShowing(value: number, decimals: number, extra: number): number {
  for (let shown = decimals; shown <= decimals + extra; shown += 1) {
    if (Number(Math.abs(value).toFixed(shown)) !== 0) return shown;
  }
  return decimals;
}

/** How one unit writes a figure in a sentence: how many decimals a value needs, and the figure with its unit at a given number of decimals. */
interface SentenceUnit {
  decimalsNeeded(value: number): number;
  write(value: number, decimals: number): string;
}

/** `amount` and `amounts` of a unit: each figure at the decimals it needs, or a group at the finest any of them needs. */
function sentenceFormats({ decimalsNeeded, write }: SentenceUnit): Pick<OutcomeUnitFormat, 'amount' | 'amounts'> {
  return {
    amount: (value) => write(value, decimalsNeeded(value)),
    amounts: (values) => {
      const decimals = Math.max(0, ...values.map(decimalsNeeded));
      return values.map((value) => write(value, decimals));
    },
  };
}

/**
 * The format of an outcome's values and differences: binary outcomes are
 * shares, so their differences are percentage points; continuous ones use
 * their declared unit (EUR, months, seconds, or a plain count).
 *
 * @example
 * outcomeUnitFormat('continuous', 'EUR').amount(-1754.4); // => '−€1,754'
 * outcomeUnitFormat('continuous', 'EUR').amount(-0.4); // => '−€0.40' (a sentence never says "by €0" of a real difference)
 * outcomeUnitFormat('continuous', 'EUR').amounts([-0.4, -0.809, 0.009]); // => ['−€0.40', '−€0.81', '€0.01']
 * outcomeUnitFormat('binary', undefined).amount(0.352); // => '35.2 percentage points'
 */
export function outcomeUnitFormat(type: 'continuous' | 'binary', unit: string | undefined): OutcomeUnitFormat {
  if (type === 'binary') {
    return {
      ...sentenceFormats({ decimalsNeeded: (value) => decimalsShowing(value * 100, 1, 2), write: (value, decimals) => `${signedNumber(value * 100, decimals)} percentage points` }),
      cell: (value) => signedNumber(value * 100, 1),
      unitName: 'percentage points',
    };
  }
  const decimals = decimalsFor(unit);
  if (unit === 'EUR') {
    return {
      ...sentenceFormats({
        // Whole euros, or euros and cents when the whole-euro figure would read as €0.
        decimalsNeeded: (value) => (decimalsShowing(value, 0, 2) === 0 ? 0 : 2),
        write: (value, shown) => {
          const rounded = Number(Math.abs(value).toFixed(shown));
          return `${value < 0 && rounded !== 0 ? minusSign : ''}€${signedNumber(rounded, shown)}`;
        },
      }),
      cell: (value) => signedNumber(value, 0),
      unitName: '€',
    };
  }
  const suffix = unit === 'seconds' ? ' s' : unit ? ` ${unit}` : '';
  return {
    ...sentenceFormats({ decimalsNeeded: (value) => decimalsShowing(value, decimals, 3), write: (value, shown) => `${signedNumber(value, shown)}${suffix}` }),
    cell: (value) => signedNumber(value, decimals),
    unitName: unit === 'seconds' ? 's' : (unit ?? ''),
  };
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

/**
 * A probability (a Bayesian chance, a power) as a percentage that never
 * rounds to a certainty the data cannot give: "> 99.9%" and "< 0.1%" at the
 * ends, one decimal between.
 *
 * @example
 * probabilityText(0.99999); // => '> 99.9%'
 * probabilityText(0.4567); // => '45.7%'
 */
export function probabilityText(value: number | null): string {
  if (value === null) return '—';
  if (value > 0.999) return '> 99.9%';
  if (value < 0.001) return '< 0.1%';
  return percentText(value);
}

/** A confidence level as a percentage, without needless decimals. @example levelText(0.9875); // => '98.75%' */
export function levelText(level: number): string {
  return `${Number((level * 100).toFixed(2))}%`;
}
