import type { CellValue } from './export-columns';

/**
 * One CSV line (RFC 4180, ending in \n): text with a comma, quote or line
 * break is quoted; booleans are 1/0; null is empty, which R and pandas read as
 * missing.
 *
 * @example
 * csvLine(['a,b', 12.5, true, null]); // => '"a,b",12.5,1,\n'
 */
export function csvLine(values: readonly CellValue[]): string {
  return `${values
    .map((value) => {
      if (value === null) return '';
      if (typeof value === 'boolean') return value ? '1' : '0';
      const text = String(value);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',')}\n`;
}
