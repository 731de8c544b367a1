import { normalQuantile } from './distributions';

/**
 * Wilson's score interval for a proportion (no continuity correction), as
 * statsmodels' `proportion_confint(count, n, method="wilson")`.
 *
 * @example
 * wilsonInterval(7, 20); // => [0.1812…, 0.5671…]
 * @throws RangeError unless 0 ≤ count ≤ n and n > 0.
 */
export function wilsonInterval(count: number, n: number, confidenceLevel = 0.95): [number, number] {
  if (!(n > 0) || count < 0 || count > n) throw new RangeError(`need 0 ≤ count ≤ n and n > 0, got ${count} of ${n}`);
  const z = normalQuantile(1 - (1 - confidenceLevel) / 2);
  const rate = count / n;
  const zSquared = z * z;
  const centre = rate + zSquared / (2 * n);
  const halfWidth = z * Math.sqrt((rate * (1 - rate)) / n + zSquared / (4 * n * n));
  const denominator = 1 + zSquared / n;
  return [(centre - halfWidth) / denominator, (centre + halfWidth) / denominator];
}
