import type { MetricInput } from '../../analysis/analyze-experiment';
import type { Outcome } from '../../experiments/definition-schema';

/**
 * What the analysis engine needs to know about a declared outcome besides its
 * values: its type, whether it is primary (the family it is adjusted in), the
 * hypothesised direction per arm, the smallest effect of interest and any
 * declared comparisons, with the plan's arm-versus-arm comparisons added
 * (`planComparisons`, in the same family). The results page, the API and tests that re-analyse
 * an export all build the input this one way.
 *
 * @example
 * outcomeMetricInput(loanAnchorAmountOutcome, valuesByArm); // => { metric: 'amount', type: 'continuous', role: 'primary', expectedDirection: {…}, smallestEffectOfInterest: 500, valuesByArm }
 */
export function outcomeMetricInput(outcome: Outcome, valuesByArm: MetricInput['valuesByArm'], planComparisons: readonly { arm: string; against: string }[] = []): MetricInput {
  const comparisons = withPlanComparisons(outcome, [...valuesByArm.keys()], planComparisons);
  return {
    metric: outcome.key,
    type: outcome.type,
    valuesByArm,
    role: outcome.primary ? 'primary' : 'secondary',
    ...(outcome.expectedDirection ? { expectedDirection: outcome.expectedDirection } : {}),
    ...(outcome.smallestEffectOfInterest !== undefined ? { smallestEffectOfInterest: outcome.smallestEffectOfInterest } : {}),
    ...(comparisons ? { comparisons } : {}),
  };
}

/**
 * The outcome's comparisons with the plan's arm-versus-arm pairs added: its
 * declared ones (or each treatment against the control, the first arm), then
 * each plan pair it does not already hold, so they share its family. Without
 * plan pairs, the outcome's own declaration as it is.
 */
function withPlanComparisons(outcome: Outcome, arms: readonly string[], planComparisons: readonly { arm: string; against: string }[]) {
  if (planComparisons.length === 0) return outcome.comparisons;
  const [control, ...treatments] = arms;
  const base = outcome.comparisons ?? treatments.map((arm) => ({ arm, against: control! }));
  // A pair the outcome already compares, either way round, is not repeated.
  const held = (pair: { arm: string; against: string }) => base.some((each) => (each.arm === pair.arm && each.against === pair.against) || (each.arm === pair.against && each.against === pair.arm));
  const extra = planComparisons.filter((pair) => !held(pair));
  return [...base, ...extra];
}
