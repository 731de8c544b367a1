import { csvLine } from '../csv-line';

/**
 * The data behind a chart as CSV, for the "download data" link beside it:
 * a header from the first row's keys, then one line per row (RFC 4180, cells
 * that a spreadsheet would run as formulas made safe); nothing at all
 * without rows, since there are no columns to name.
 *
 * @example
 * chartDataCsv([{ arm: 'Control', participants: 12 }]); // => 'arm,participants\nControl,12\n'
 */
export function chartDataCsv(rows: readonly Record<string, string | number | boolean | null>[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]!);
  return csvLine(columns) + rows.map((row) => csvLine(columns.map((column) => row[column] ?? null))).join('');
}
