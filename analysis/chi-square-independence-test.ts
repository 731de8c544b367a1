import { chiSquareUpperTail } from './distributions';
import { unavailable, type Unavailable } from './unavailable';

export interface ChiSquareIndependenceTest {
  available: true;
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  /** Counts expected under independence, in the table's shape. */
  expected: number[][];
}

/**
 * Pearson's chi-square test of independence on a contingency table (rows ×
 * columns of counts), without a continuity correction — as R's
 * `chisq.test(table, correct = FALSE)`. Used for differential attrition: one
 * row per arm, columns completed / not completed. A row or column that sums
 * to zero leaves nothing to test and returns `unavailable`.
 *
 * @example
 * chiSquareIndependenceTest([[40, 10], [30, 20]]).pValue; // => 0.0291 (chi-square 4.762, 1 df)
 * @throws RangeError when the table has fewer than 2 rows or columns, ragged rows, or a negative or fractional count.
 */
export function chiSquareIndependenceTest(table: readonly (readonly number[])[]): ChiSquareIndependenceTest | Unavailable {
  const columnCount = table[0]?.length ?? 0;
  if (table.length < 2 || columnCount < 2) throw new RangeError(`need at least a 2 × 2 table, got ${table.length} × ${columnCount}`);
  if (table.some((row) => row.length !== columnCount)) throw new RangeError('every row of the table needs the same number of columns');
  if (table.some((row) => row.some((count) => !Number.isInteger(count) || count < 0))) throw new RangeError('counts must be whole numbers ≥ 0');
  const rowTotals = table.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columnTotals = Array.from({ length: columnCount }, (_, column) => table.reduce((sum, row) => sum + row[column]!, 0));
  const total = rowTotals.reduce((sum, count) => sum + count, 0);
  if (rowTotals.some((sum) => sum === 0) || columnTotals.some((sum) => sum === 0)) return unavailable('a row or column of the table is empty, so there is nothing to compare');
  const expected = rowTotals.map((rowTotal) => columnTotals.map((columnTotal) => (rowTotal * columnTotal) / total));
  let chiSquare = 0;
  table.forEach((row, rowIndex) => row.forEach((count, column) => (chiSquare += (count - expected[rowIndex]![column]!) ** 2 / expected[rowIndex]![column]!)));
  const degreesOfFreedom = (table.length - 1) * (columnCount - 1);
  return { available: true, chiSquare, degreesOfFreedom, pValue: chiSquareUpperTail(chiSquare, degreesOfFreedom), expected };
}
