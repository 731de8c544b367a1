/**
 * The probability distributions the analysis uses, from @stdlib (a
 * well-tested numerical library), with tails computed directly rather than as
 * 1 − cdf so that small p-values keep their precision.
 */
import chiSquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import gammaIncomplete from '@stdlib/math-base-special-gammainc';
import normalCdfStdlib from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileStdlib from '@stdlib/stats-base-dists-normal-quantile';
import studentTCdfStdlib from '@stdlib/stats-base-dists-t-cdf';
import studentTQuantileStdlib from '@stdlib/stats-base-dists-t-quantile';

/** P(Z ≤ z) for a standard normal Z. @example normalCdf(1.959963984540054); // => 0.975 */
export const normalCdf = (z: number): number => normalCdfStdlib(z, 0, 1);

/** The z with P(Z ≤ z) = p. @example normalQuantile(0.975); // => 1.959963984540054 */
export const normalQuantile = (p: number): number => normalQuantileStdlib(p, 0, 1);

/** P(T ≤ t) for Student's t with `degreesOfFreedom` (may be fractional, as Welch's). */
export const studentTCdf = (t: number, degreesOfFreedom: number): number => studentTCdfStdlib(t, degreesOfFreedom);

/** The t with P(T ≤ t) = p. @example studentTQuantile(0.975, 10); // => 2.2281388519649385 */
export const studentTQuantile = (p: number, degreesOfFreedom: number): number => studentTQuantileStdlib(p, degreesOfFreedom);

/** Two-sided p-value of a t statistic: 2·P(T ≤ −|t|). */
export const twoSidedTPValue = (t: number, degreesOfFreedom: number): number => Math.min(1, 2 * studentTCdf(-Math.abs(t), degreesOfFreedom));

/** Two-sided p-value of a z statistic: 2·Φ(−|z|). */
export const twoSidedZPValue = (z: number): number => Math.min(1, 2 * normalCdf(-Math.abs(z)));

/**
 * P(X ≥ x) for a chi-square variable with `degreesOfFreedom`, through the
 * regularised upper incomplete gamma function, exact in the far tail.
 *
 * @example chiSquareUpperTail(3.841458820694124, 1); // => 0.05
 */
export function chiSquareUpperTail(x: number, degreesOfFreedom: number): number {
  if (x <= 0) return 1;
  const upper = gammaIncomplete(x / 2, degreesOfFreedom / 2, true, true);
  return Number.isFinite(upper) ? upper : 1 - chiSquareCdf(x, degreesOfFreedom);
}
