import logGamma from '@stdlib/math-base-special-gammaln';
import { findRoot } from './find-root';
import { noncentralTCdf } from './noncentral-t-cdf';
import type { SampleSummary } from './sample-summary';
import { unavailable, type Unavailable } from './unavailable';

export interface HedgesGResult {
  available: true;
  g: number;
  confidenceInterval: [number, number];
}

/** The noncentrality δ with P(T ≤ t | df, δ) = probability; the cdf falls as δ grows. */
function noncentralityFor(t: number, degreesOfFreedom: number, probability: number): number {
  const f = (noncentrality: number) => noncentralTCdf(t, degreesOfFreedom, noncentrality) - probability;
  let step = 2 + Math.abs(t) * 0.1;
  let lower = t - step;
  let upper = t + step;
  while (f(lower) < 0) lower -= (step *= 2);
  while (f(upper) > 0) upper += (step *= 2);
  return findRoot(f, lower, upper, 1e-12);
}

/**
 * Hedges' g, the standardised mean difference (treatment − control over the
 * pooled sd) with the exact small-sample correction
 * J = Γ(df/2) / (√(df/2) Γ((df−1)/2)), and a confidence interval from the
 * noncentral t distribution, as R's `effectsize::hedges_g(treatment, control)`.
 *
 * @example
 * hedgesG({ n: 20, mean: 11, variance: 4 }, { n: 20, mean: 10, variance: 4 }).g; // => 0.4899…
 */
export function hedgesG(treatment: SampleSummary, control: SampleSummary, confidenceLevel = 0.95): HedgesGResult | Unavailable {
  const degreesOfFreedom = treatment.n + control.n - 2;
  if (treatment.n < 2 || control.n < 2 || degreesOfFreedom < 2) return unavailable('each arm needs at least 2 values for Hedges’ g');
  const pooledVariance = ((treatment.n - 1) * treatment.variance + (control.n - 1) * control.variance) / degreesOfFreedom;
  if (!(pooledVariance > 0)) return unavailable('the pooled standard deviation is 0: a standardised effect is undefined');
  const pooledSd = Math.sqrt(pooledVariance);
  const cohensD = (treatment.mean - control.mean) / pooledSd;
  const sizeFactor = Math.sqrt(1 / treatment.n + 1 / control.n);
  const t = cohensD / sizeFactor;
  if (!Number.isFinite(t)) return unavailable('the values are too spread out to compute a standardised effect');
  const tail = (1 - confidenceLevel) / 2;
  const correction = Math.exp(logGamma(degreesOfFreedom / 2) - Math.log(Math.sqrt(degreesOfFreedom / 2)) - logGamma((degreesOfFreedom - 1) / 2));
  const lower = noncentralityFor(t, degreesOfFreedom, 1 - tail) * sizeFactor * correction;
  const upper = noncentralityFor(t, degreesOfFreedom, tail) * sizeFactor * correction;
  return { available: true, g: cohensD * correction, confidenceInterval: [lower, upper] };
}
