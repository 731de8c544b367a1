import { normalQuantile } from './distributions';
import type { ProportionSummary } from './proportion-summary';
import type { RatioResult } from './relative-risk';
import { unavailable, type Unavailable } from './unavailable';

/**
 * The sample odds ratio (a·d)/(b·c) of treatment against control with Woolf's
 * log-scale interval, se = √(1/a + 1/b + 1/c + 1/d), as statsmodels'
 * `Table2x2(...).oddsratio_confint()`.
 *
 * @example
 * oddsRatio({ n: 100, count: 30 }, { n: 100, count: 20 }).estimate; // => 1.7142857…
 */
export function oddsRatio(treatment: ProportionSummary, control: ProportionSummary, confidenceLevel = 0.95): RatioResult | Unavailable {
  const cells = [treatment.count, treatment.n - treatment.count, control.count, control.n - control.count];
  if (cells.some((cell) => cell === 0)) return unavailable('a cell of the 2×2 table is 0: the odds ratio has no finite interval');
  const [a, b, c, d] = cells as [number, number, number, number];
  const estimate = (a * d) / (b * c);
  const margin = normalQuantile(1 - (1 - confidenceLevel) / 2) * Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  return { available: true, estimate, confidenceInterval: [estimate * Math.exp(-margin), estimate * Math.exp(margin)] };
}
