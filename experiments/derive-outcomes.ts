import { armOutcomeDeriver } from './arm-outcome-deriver';
import type { ExperimentDefinition } from './definition-schema';

/** A participant's submitted decision and what the process data says about it. */
export interface DecisionForOutcomes {
  values: Readonly<Record<string, number | string>>;
  /** Milliseconds from the screen being shown to the decision. */
  timeToDecisionMs: number | null;
  /**
   * Where `timeToDecisionMs` was measured. The `timeToDecide` outcome uses
   * browser (client) timings only: a server timing includes page loading and
   * network time, so mixing the two would compare different quantities.
   * Left out, the timing counts as the client's.
   */
  timingSource?: 'client' | 'server' | null;
  /** Changes made to each field; null when process data is missing (no JavaScript). */
  changesByField: Readonly<Record<string, number>> | null;
  /** Events a lender sent for this unit, in the order received. */
  events?: readonly { name: string; value: number | string | boolean | null }[];
}

/**
 * The outcome values of one decision, by outcome key, as the definition
 * declares them; outcomes may also use the fields the template computes
 * from the decision (e.g. the amount screen's `total_payable`). `null` marks
 * an outcome that does not apply (keeping a default in an arm that had none)
 * or data that is missing (time to decide without a browser timing).
 *
 * @example
 * deriveOutcomes(loanAnchor, lowAnchorArm, { values: { amount: 2500, term: 60 }, timeToDecisionMs: 8000, changesByField: { amount: 0 } });
 * // => { amount: 2500, above_highest_quote: 0, kept_prefill: 1, term: 60, … }
 */
export function deriveOutcomes(
  definition: Pick<ExperimentDefinition, 'outcomes' | 'template' | 'screen'>,
  arm: { params: unknown },
  decision: DecisionForOutcomes,
): Record<string, number | null> {
  const values = armOutcomeDeriver(definition, arm)(decision);
  return Object.fromEntries(definition.outcomes.map((outcome, index) => [outcome.key, values[index] ?? null]));
}
