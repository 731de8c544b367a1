import { unavailable, type Unavailable } from './unavailable';

/** One column of a design matrix: its name (as R would print the term) and a value per row. */
export interface DesignColumn {
  name: string;
  values: ArrayLike<number>;
}

export interface LeastSquaresFit {
  available: true;
  /** The columns estimated, in input order; aliased columns are left out. */
  terms: string[];
  coefficients: number[];
  /** HC2 heteroskedasticity-consistent covariance of the coefficients, terms × terms. */
  covariance: number[][];
  standardErrors: number[];
  /** n − (number of estimated coefficients), as lm_robust's `df`. */
  residualDegreesOfFreedom: number;
  n: number;
  /** Columns that are linear combinations of earlier ones, left out (only with `dropAliased`). */
  aliased: string[];
}

/** Unavailable, and which columns made the design rank deficient (if that was the cause). */
export interface LeastSquaresUnavailable extends Unavailable {
  aliased: string[];
}

/** R's lm.fit tolerance: a column whose norm left after the earlier columns is below 1e-7 of its own is aliased. */
const aliasTolerance = 1e-7;
/** Leverage this close to 1 means one row alone determines a coefficient, and HC2 divides by 1 − h. */
const leverageOneTolerance = 1e-10;

/**
 * Ordinary least squares by Householder QR, with HC2 standard errors
 * (MacKinnon & White 1985: each squared residual divided by 1 − leverage), as
 * R's `estimatr::lm_robust(y ~ 0 + X, se_type = "HC2")`. Columns are taken in
 * order; one that is (numerically) a linear combination of earlier ones is
 * aliased, as in R's `lm` (its coefficient would be NA). By default that makes
 * the fit unavailable, naming the columns; with `dropAliased` the fit goes on
 * without them and lists them in `aliased`. Include an intercept column
 * yourself.
 *
 * @example
 * ordinaryLeastSquares({ columns: [{ name: '(Intercept)', values: [1, 1, 1, 1] }, { name: 'x', values: [0, 1, 2, 3] }], outcome: [1, 3, 2, 5] }).coefficients;
 * // => [1.1, 1.1] (approximately)
 * @throws RangeError when a column's length differs from the outcome's, or there are no columns.
 */
export function ordinaryLeastSquares(
  { columns, outcome }: { columns: readonly DesignColumn[]; outcome: ArrayLike<number> },
  { dropAliased = false }: { dropAliased?: boolean } = {},
): LeastSquaresFit | LeastSquaresUnavailable {
  const n = outcome.length;
  if (columns.length === 0) throw new RangeError('a regression needs at least one column');
  for (const column of columns) {
    if (column.values.length !== n) throw new RangeError(`column "${column.name}" has ${column.values.length} values for ${n} outcomes`);
  }
  const notAvailable = (reason: string, aliased: string[] = []): LeastSquaresUnavailable => ({ ...unavailable(reason), aliased });
  for (let row = 0; row < n; row += 1) {
    if (!Number.isFinite(outcome[row]!)) return notAvailable(`the outcome is missing or not finite on row ${row + 1}`);
    for (const column of columns) {
      if (!Number.isFinite(column.values[row]!)) return notAvailable(`column "${column.name}" is missing or not finite on row ${row + 1}`);
    }
  }

  // Householder QR with R's limited pivoting: aliased columns are skipped, the rest keep their order.
  const reflectors: Float64Array[] = [];
  const reflectorScales: number[] = [];
  const rColumns: number[][] = [];
  const kept: number[] = [];
  const aliased: string[] = [];
  columns.forEach((column, columnIndex) => {
    const work = Float64Array.from(column.values as ArrayLike<number>);
    const originalNorm = euclideanNorm(work, 0);
    reflectors.forEach((reflector, step) => applyReflector(reflector, reflectorScales[step]!, step, work));
    const rank = reflectors.length;
    const remainingNorm = euclideanNorm(work, rank);
    if (rank >= n || originalNorm === 0 || remainingNorm <= aliasTolerance * originalNorm) {
      aliased.push(column.name);
      return;
    }
    const alpha = work[rank]! > 0 ? -remainingNorm : remainingNorm;
    const reflector = new Float64Array(n);
    for (let row = rank; row < n; row += 1) reflector[row] = work[row]!;
    reflector[rank]! -= alpha;
    let reflectorSquaredNorm = 0;
    for (let row = rank; row < n; row += 1) reflectorSquaredNorm += reflector[row]! * reflector[row]!;
    reflectors.push(reflector);
    reflectorScales.push(2 / reflectorSquaredNorm);
    rColumns.push([...Array.from(work.subarray(0, rank)), alpha]);
    kept.push(columnIndex);
  });
  if (aliased.length > 0 && !dropAliased) {
    return notAvailable(`the design is rank deficient: ${aliased.map((name) => `"${name}"`).join(', ')} ${aliased.length === 1 ? 'is a linear combination' : 'are linear combinations'} of the other columns`, aliased);
  }
  const p = kept.length;
  if (p === 0) return notAvailable('every column is zero: nothing to estimate', aliased);
  if (n <= p) return notAvailable(`${n} observations for ${p} coefficients: no residual degrees of freedom`, aliased);

  // R as a row-major upper triangle: r[i][j] for j ≥ i.
  const r = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (__, j) => (j >= i ? rColumns[j]![i]! : 0)));
  const rotatedOutcome = Float64Array.from(outcome as ArrayLike<number>);
  reflectors.forEach((reflector, step) => applyReflector(reflector, reflectorScales[step]!, step, rotatedOutcome));
  const coefficients = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i -= 1) {
    let sum = rotatedOutcome[i]!;
    for (let j = i + 1; j < p; j += 1) sum -= r[i]![j]! * coefficients[j]!;
    coefficients[i] = sum / r[i]![i]!;
  }

  // HC2 meat in the Q basis: q_i = R^−T x_i, leverage h_i = |q_i|², meat = Σ e_i²/(1 − h_i) q_i q_iᵀ.
  // One array type in the hot loop keeps its element access monomorphic.
  const keptValues = kept.map((index) => Float64Array.from(columns[index]!.values as ArrayLike<number>));
  const meat = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const q = new Float64Array(p);
  for (let row = 0; row < n; row += 1) {
    let fitted = 0;
    for (let k = 0; k < p; k += 1) fitted += keptValues[k]![row]! * coefficients[k]!;
    const residual = outcome[row]! - fitted;
    let leverage = 0;
    for (let k = 0; k < p; k += 1) {
      let sum = keptValues[k]![row]!;
      for (let m = 0; m < k; m += 1) sum -= r[m]![k]! * q[m]!;
      q[k] = sum / r[k]![k]!;
      leverage += q[k]! * q[k]!;
    }
    if (1 - leverage <= leverageOneTolerance) {
      return notAvailable(`observation ${row + 1} alone determines a coefficient (leverage 1, e.g. the only participant with some level): HC2 standard errors are undefined`, aliased);
    }
    const weight = (residual * residual) / (1 - leverage);
    for (let i = 0; i < p; i += 1) for (let j = 0; j <= i; j += 1) meat[i]![j]! += weight * q[i]! * q[j]!;
  }
  for (let i = 0; i < p; i += 1) for (let j = i + 1; j < p; j += 1) meat[i]![j] = meat[j]![i]!;

  // Covariance = R^−1 · meat · R^−T.
  const rInverse = upperTriangularInverse(r);
  const left = multiply(rInverse, meat);
  const covariance = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (__, j) => {
      let sum = 0;
      for (let k = 0; k < p; k += 1) sum += left[i]![k]! * rInverse[j]![k]!;
      return sum;
    }),
  );
  if (!coefficients.every(Number.isFinite) || !covariance.every((row) => row.every(Number.isFinite))) {
    return notAvailable('the values are too large or too small for a stable fit', aliased);
  }
  return {
    available: true,
    terms: kept.map((index) => columns[index]!.name),
    coefficients,
    covariance,
    standardErrors: covariance.map((row, index) => Math.sqrt(Math.max(0, row[index]!))),
    residualDegreesOfFreedom: n - p,
    n,
    aliased,
  };
}

/** The length of the entries from `start` on, scaled by the largest so that squaring cannot overflow. */
function euclideanNorm(values: Float64Array, start: number): number {
  let largest = 0;
  for (let row = start; row < values.length; row += 1) largest = Math.max(largest, Math.abs(values[row]!));
  if (largest === 0) return 0;
  let sumOfSquares = 0;
  for (let row = start; row < values.length; row += 1) sumOfSquares += (values[row]! / largest) ** 2;
  return largest * Math.sqrt(sumOfSquares);
}

/** x ← (I − scale·v·vᵀ)·x, with v zero above `start`. */
function applyReflector(reflector: Float64Array, scale: number, start: number, target: Float64Array): void {
  let dot = 0;
  for (let row = start; row < target.length; row += 1) dot += reflector[row]! * target[row]!;
  const factor = scale * dot;
  for (let row = start; row < target.length; row += 1) target[row]! -= factor * reflector[row]!;
}

function upperTriangularInverse(upper: number[][]): number[][] {
  const size = upper.length;
  const inverse = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let column = 0; column < size; column += 1) {
    inverse[column]![column] = 1 / upper[column]![column]!;
    for (let row = column - 1; row >= 0; row -= 1) {
      let sum = 0;
      for (let k = row + 1; k <= column; k += 1) sum += upper[row]![k]! * inverse[k]![column]!;
      inverse[row]![column] = -sum / upper[row]![row]!;
    }
  }
  return inverse;
}

function multiply(left: number[][], right: number[][]): number[][] {
  return left.map((leftRow) => right[0]!.map((_, column) => leftRow.reduce((sum, value, k) => sum + value * right[k]![column]!, 0)));
}
