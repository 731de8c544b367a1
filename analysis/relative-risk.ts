import { normalQuantile } from './distributions';
import type { ProportionSummary } from './proportion-summary';
import { unavailable, type Unavailable } from './unavailable';

export interface RatioResult {
  available: true;
  estimate: number;
  confidenceInterval: [number, number];
}

/**
 * The relative risk (treatment rate / control rate) with the usual log-scale
 * interval, se = √(1/a − 1/n_t + 1/c − 1/n_c), as statsmodels'
 * `Table2x2(...).riskratio_confint()`.
 *
 * @example
 * relativeRisk({ n: 100, count: 30 }, { n: 100, count: 20 }).estimate; // => 1.5
 */
export function relativeRisk(treatment: ProportionSummary, control: ProportionSummary, confidenceLevel = 0.95): RatioResult | Unavailable {
  if (treatment.n === 0 || control.n === 0) return unavailable('an arm is empty: rates cannot be compared');
  if (treatment.count === 0 || control.count === 0) return unavailable('an arm has no events: the relative risk has no finite interval');
  const estimate = treatment.count / treatment.n / (control.count / control.n);
  const standardError = Math.sqrt(1 / treatment.count - 1 / treatment.n + 1 / control.count - 1 / control.n);
  const margin = normalQuantile(1 - (1 - confidenceLevel) / 2) * standardError;
  return { available: true, estimate, confidenceInterval: [estimate * Math.exp(-margin), estimate * Math.exp(margin)] };
}
