import betaIncomplete from '@stdlib/math-base-special-betainc';

/**
 * P(F ≥ f) for Snedecor's F with `numeratorDegreesOfFreedom` and
 * `denominatorDegreesOfFreedom`, as R's `pf(f, df1, df2, lower.tail = FALSE)`:
 * the regularised incomplete beta I_x(df2/2, df1/2) at x = df2 / (df2 + df1·f),
 * computed directly so that tiny p-values keep their precision (1 − cdf would
 * round them to 0).
 *
 * @example
 * fDistributionUpperTail(3, 2, 10); // => 0.09536743164062497 (R: pf(3, 2, 10, lower.tail = FALSE))
 */
export function fDistributionUpperTail(f: number, numeratorDegreesOfFreedom: number, denominatorDegreesOfFreedom: number): number {
  if (Number.isNaN(f) || !(numeratorDegreesOfFreedom > 0) || !(denominatorDegreesOfFreedom > 0)) return Number.NaN;
  if (f <= 0) return 1;
  if (f === Number.POSITIVE_INFINITY) return 0;
  const x = denominatorDegreesOfFreedom / (denominatorDegreesOfFreedom + numeratorDegreesOfFreedom * f);
  return betaIncomplete(x, denominatorDegreesOfFreedom / 2, numeratorDegreesOfFreedom / 2, true, false);
}
