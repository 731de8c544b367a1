import type { MetricInput } from '../../analysis/analyze-experiment';
import type { Outcome } from '../../experiments/definition-schema';

/**
 * What the analysis engine needs to know about a declared outcome besides its
 * values: its type, whether it is primary (the family it is adjusted in), the
 * hypothesised direction per arm, the smallest effect of interest and any
 * declared comparisons. The results page, the API and tests that re-analyse
 * an export all build the input this one way.
 *
 * @example
 * outcomeMetricInput(loanAnchorAmountOutcome, valuesByArm); // => { metric: 'amount', type: 'continuous', role: 'primary', expectedDirection: {…}, smallestEffectOfInterest: 500, valuesByArm }
 */
export function outcomeMetricInput(outcome: Outcome, valuesByArm: MetricInput['valuesByArm']): MetricInput {
  return {
    metric: outcome.key,
    type: outcome.type,
    valuesByArm,
    role: outcome.primary ? 'primary' : 'secondary',
    ...(outcome.expectedDirection ? { expectedDirection: outcome.expectedDirection } : {}),
    ...(outcome.smallestEffectOfInterest !== undefined ? { smallestEffectOfInterest: outcome.smallestEffectOfInterest } : {}),
    ...(outcome.comparisons ? { comparisons: outcome.comparisons } : {}),
  };
}
