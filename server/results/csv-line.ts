import type { CellValue } from './export-columns';

/** Text a spreadsheet would run as a formula: it starts with =, +, -, @, a tab or a carriage return. */
const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^[+-]?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/**
 * One CSV cell's text, neutralised against spreadsheet formula injection:
 * participant-supplied text that would start a formula (a panel id of
 * `=HYPERLINK(…)`) gets a leading apostrophe, as OWASP advises, so Excel and
 * LibreOffice show it as text. Plain numbers such as `-3` are left alone, so
 * R and pandas read them unchanged.
 *
 * @example
 * neutralizeFormula('=1+1'); // => "'=1+1"
 * neutralizeFormula('-3'); // => '-3'
 */
export function neutralizeFormula(text: string): string {
  return formulaStart.test(text) && !plainNumber.test(text) ? `'${text}` : text;
}

/**
 * One CSV line (RFC 4180, ending in \n): text with a comma, quote or line
 * break is quoted; text that would start a spreadsheet formula is neutralised;
 * booleans are 1/0; null is empty, which R and pandas read as missing.
 *
 * @example
 * csvLine(['a,b', 12.5, true, null]); // => '"a,b",12.5,1,\n'
 */
export function csvLine(values: readonly CellValue[]): string {
  return `${values
    .map((value) => {
      if (value === null) return '';
      if (typeof value === 'boolean') return value ? '1' : '0';
      if (typeof value === 'number') return String(value);
      const text = neutralizeFormula(value);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',')}\n`;
}
