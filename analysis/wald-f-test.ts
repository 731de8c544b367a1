import { fDistributionUpperTail } from './f-distribution-upper-tail';
import { unavailable, type Unavailable } from './unavailable';

export interface WaldFTestResult {
  available: true;
  F: number;
  /** Number of coefficients tested jointly. */
  df1: number;
  /** The full model's residual degrees of freedom. */
  df2: number;
  pValue: number;
}

/**
 * Wald F-test that the coefficients at `testedIndexes` are jointly zero, with
 * the given (e.g. HC2) covariance: F = b'V⁻¹b / q on (q, df2) degrees of
 * freedom, as R's `lmtest::waldtest(full, reduced, vcov = V, test = "F")`
 * when `reduced` drops exactly those coefficients.
 *
 * @example
 * waldFTest([1, 2], [[1, 0], [0, 4]], [1], 20); // => { available: true, F: 1, df1: 1, df2: 20, pValue: 0.329… }
 * @throws RangeError when an index is outside the coefficients or the covariance is not coefficients × coefficients.
 */
export function waldFTest(
  coefficients: readonly number[],
  covariance: readonly (readonly number[])[],
  testedIndexes: readonly number[],
  denominatorDegreesOfFreedom: number,
): WaldFTestResult | Unavailable {
  if (covariance.length !== coefficients.length || covariance.some((row) => row.length !== coefficients.length)) {
    throw new RangeError(`the covariance must be ${coefficients.length} × ${coefficients.length}`);
  }
  for (const index of testedIndexes) {
    if (!Number.isInteger(index) || index < 0 || index >= coefficients.length) throw new RangeError(`coefficient index ${index} is out of range`);
  }
  const q = testedIndexes.length;
  if (q === 0) return unavailable('there are no coefficients to test');
  if (!(denominatorDegreesOfFreedom > 0)) return unavailable('the model has no residual degrees of freedom');
  const tested = testedIndexes.map((index) => coefficients[index]!);
  const testedCovariance = testedIndexes.map((row) => testedIndexes.map((column) => covariance[row]![column]!));
  const lower = choleskyFactor(testedCovariance);
  if (lower === undefined) return unavailable('the covariance of the tested coefficients is singular: the Wald test is undefined');
  // b'V⁻¹b = |L⁻¹b|² with V = LL'.
  const solved: number[] = [];
  for (let i = 0; i < q; i += 1) {
    let sum = tested[i]!;
    for (let k = 0; k < i; k += 1) sum -= lower[i]![k]! * solved[k]!;
    solved.push(sum / lower[i]![i]!);
  }
  const F = solved.reduce((sum, value) => sum + value * value, 0) / q;
  if (!Number.isFinite(F)) return unavailable('the Wald statistic is not finite');
  return { available: true, F, df1: q, df2: denominatorDegreesOfFreedom, pValue: fDistributionUpperTail(F, q, denominatorDegreesOfFreedom) };
}

/** Lower-triangular L with LL' = matrix, or undefined when the matrix is not (numerically) positive definite. */
function choleskyFactor(matrix: readonly (readonly number[])[]): number[][] | undefined {
  const size = matrix.length;
  const largestDiagonal = Math.max(...matrix.map((row, index) => Math.abs(row[index]!)));
  const lower = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < size; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = matrix[i]![j]!;
      for (let k = 0; k < j; k += 1) sum -= lower[i]![k]! * lower[j]![k]!;
      if (i === j) {
        if (!(sum > 1e-12 * largestDiagonal)) return undefined;
        lower[i]![i] = Math.sqrt(sum);
      } else {
        lower[i]![j] = sum / lower[j]![j]!;
      }
    }
  }
  return lower;
}
