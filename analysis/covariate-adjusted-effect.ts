import { isCovariateMissing, centredCovariateColumns, type Covariate } from './centred-covariate-columns';
import { studentTQuantile, twoSidedTPValue } from './distributions';
import { ordinaryLeastSquares, type DesignColumn } from './ordinary-least-squares';
import { unavailable, type Unavailable } from './unavailable';

export const covariateAdjustmentMethod = 'Lin (2013): OLS of the outcome on treatment × covariates centred at their mean, HC2 standard errors';

export interface CovariateAdjustedEffect {
  available: true;
  /** The coefficient of treatment: the adjusted difference, treatment minus control. */
  diff: number;
  diffCi: [number, number];
  se: number;
  pValue: number;
  /** n − number of coefficients, as lm_robust's df. */
  degreesOfFreedom: number;
  /** Rows used: those of the two arms with the outcome and every covariate present. */
  n: number;
  method: string;
  /** Covariate columns left out because they do not vary (or repeat others) on these rows, as lm_robust gives them NA. */
  omittedColumns: string[];
}

export interface CovariateAdjustedEffectInput {
  /** The outcome per row (NaN where missing); binary outcomes as 0/1 (a linear probability model). */
  outcome: ArrayLike<number>;
  /** The arm of each row (null where none); rows of other arms are left out. */
  arms: readonly (string | null | undefined)[];
  arm: string;
  control: string;
  covariates: readonly Covariate[];
}

/**
 * The covariate-adjusted effect of `arm` against `control` (Lin 2013): on
 * those two arms' complete rows, OLS of `y ~ treat * (covariates centred at
 * their mean)` with HC2 standard errors; the coefficient of `treat`, its t
 * interval and p on n − p degrees of freedom. Equals R's
 * `estimatr::lm_robust(y ~ treat * (xc1 + xc2 + …), se_type = "HC2")` (and
 * `estimatr::lm_lin`). Categorical covariates enter as centred indicators.
 *
 * @example
 * covariateAdjustedEffect({ outcome: amounts, arms, arm: 'low-anchor', control: 'control', covariates: [{ name: 'age', kind: 'numeric', values: ages }] }).diff;
 * // => −1207.8 (say)
 * @throws RangeError when the columns' lengths differ or arm equals control.
 */
export function covariateAdjustedEffect(input: CovariateAdjustedEffectInput, confidenceLevel = 0.95): CovariateAdjustedEffect | Unavailable {
  const { outcome, arms, arm, control, covariates } = input;
  if (arm === control) throw new RangeError(`arm and control are the same ("${arm}")`);
  if (arms.length !== outcome.length) throw new RangeError(`${arms.length} arm labels for ${outcome.length} outcomes`);
  for (const covariate of covariates) {
    if (covariate.values.length !== outcome.length) throw new RangeError(`covariate "${covariate.name}" has ${covariate.values.length} values for ${outcome.length} outcomes`);
  }
  const rows: number[] = [];
  let treatedCount = 0;
  for (let row = 0; row < outcome.length; row += 1) {
    const label = arms[row];
    if ((label !== arm && label !== control) || !Number.isFinite(outcome[row]!)) continue;
    let complete = true;
    for (const covariate of covariates) if (isCovariateMissing(covariate, row)) complete = false;
    if (!complete) continue;
    rows.push(row);
    if (label === arm) treatedCount += 1;
  }
  if (treatedCount === 0) return unavailable(`arm "${arm}" has no rows with the outcome and every covariate`);
  if (treatedCount === rows.length) return unavailable(`arm "${control}" has no rows with the outcome and every covariate`);

  const treat = Float64Array.from(rows, (row) => (arms[row] === arm ? 1 : 0));
  const centred = centredCovariateColumns(covariates, rows);
  const columns: DesignColumn[] = [
    { name: '(Intercept)', values: Float64Array.from(rows, () => 1) },
    { name: 'treat', values: treat },
    ...centred,
    ...centred.map((column) => {
      const values = new Float64Array(rows.length);
      for (let index = 0; index < rows.length; index += 1) values[index] = treat[index]! * column.values[index]!;
      return { name: `treat:${column.name}`, values };
    }),
  ];
  const fit = ordinaryLeastSquares({ columns, outcome: Float64Array.from(rows, (row) => outcome[row]!) }, { dropAliased: true });
  if (!fit.available) return unavailable(`the adjusted model cannot be fitted: ${fit.reason}`);
  const treatIndex = fit.terms.indexOf('treat');
  if (treatIndex < 0 || fit.aliased.includes('(Intercept)')) return unavailable('treatment is collinear with the covariates: no adjusted effect');
  const diff = fit.coefficients[treatIndex]!;
  const se = fit.standardErrors[treatIndex]!;
  const degreesOfFreedom = fit.residualDegreesOfFreedom;
  if (!Number.isFinite(diff) || !Number.isFinite(se)) return unavailable('the values are too large or too small for the adjusted model');
  if (!(se > 0)) return unavailable('the adjusted model fits every row exactly: its standard error is 0');
  const margin = studentTQuantile(1 - (1 - confidenceLevel) / 2, degreesOfFreedom) * se;
  return {
    available: true,
    diff,
    diffCi: [diff - margin, diff + margin],
    se,
    pValue: twoSidedTPValue(diff / se, degreesOfFreedom),
    degreesOfFreedom,
    n: fit.n,
    method: covariateAdjustmentMethod,
    omittedColumns: [...new Set(fit.aliased.map((name) => name.replace(/^treat:/, '')))],
  };
}
