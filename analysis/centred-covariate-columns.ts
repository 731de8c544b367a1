import type { DesignColumn } from './ordinary-least-squares';

/**
 * A pre-treatment covariate, one value per row: numeric (NaN where missing)
 * or categorical (null, undefined or '' where missing).
 */
export type Covariate =
  | { name: string; kind: 'numeric'; values: ArrayLike<number> }
  | { name: string; kind: 'categorical'; values: readonly (string | null | undefined)[] };

/** Whether a covariate has no value on a row. @example isCovariateMissing({ name: 'age', kind: 'numeric', values: [NaN] }, 0); // => true */
export function isCovariateMissing(covariate: Covariate, row: number): boolean {
  if (covariate.kind === 'numeric') return !Number.isFinite(covariate.values[row]!);
  const value = covariate.values[row];
  return value === null || value === undefined || value === '';
}

/**
 * The covariates as design columns over the given rows, each centred at its
 * mean over those rows (Lin 2013). A numeric covariate is one column named
 * after it; a categorical one an indicator per level except the first seen on
 * these rows (the reference), named `name=level`, centred too. A covariate
 * that does not vary on these rows gives a column of zeros, which a regression
 * then reports as aliased.
 *
 * @example
 * centredCovariateColumns([{ name: 'band', kind: 'categorical', values: ['low', 'high', 'high', 'low'] }], [0, 1, 2, 3]);
 * // => [{ name: 'band=high', values: [-0.5, 0.5, 0.5, -0.5] }]
 * @throws RangeError when a row is out of range or a covariate is missing on a given row.
 */
export function centredCovariateColumns(covariates: readonly Covariate[], rows: readonly number[]): DesignColumn[] {
  return covariates.flatMap((covariate) => {
    for (const row of rows) {
      if (row < 0 || row >= covariate.values.length) throw new RangeError(`row ${row} is outside covariate "${covariate.name}"`);
      if (isCovariateMissing(covariate, row)) throw new RangeError(`covariate "${covariate.name}" is missing on row ${row}: pass complete rows only`);
    }
    if (covariate.kind === 'numeric') {
      const values = new Float64Array(rows.length);
      for (let index = 0; index < rows.length; index += 1) values[index] = covariate.values[rows[index]!]!;
      return [centred(covariate.name, values)];
    }
    const levels = [...new Set(rows.map((row) => covariate.values[row] as string))];
    return levels.slice(1).map((level) => {
      const values = new Float64Array(rows.length);
      for (let index = 0; index < rows.length; index += 1) values[index] = covariate.values[rows[index]!] === level ? 1 : 0;
      return centred(`${covariate.name}=${level}`, values);
    });
  });
}

/** Subtracts the mean in place. */
function centred(name: string, values: Float64Array): DesignColumn {
  let sum = 0;
  for (let index = 0; index < values.length; index += 1) sum += values[index]!;
  const mean = sum / Math.max(1, values.length);
  for (let index = 0; index < values.length; index += 1) values[index]! -= mean;
  return { name, values };
}
