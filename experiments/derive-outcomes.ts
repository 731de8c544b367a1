import { armDefaults } from './arm-defaults';
import type { ExperimentDefinition } from './definition-schema';
import { screenTemplateOf } from './templates/template-registry';

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

const numeric = (value: number | string | boolean | null | undefined): number | null =>
  typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : null;

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
  const defaults = armDefaults(definition, arm);
  const computed = screenTemplateOf(definition).computedFields.map(({ field, compute }) => [field, compute(definition.screen, decision.values)] as const);
  const values: Record<string, number | string> = { ...decision.values };
  for (const [field, value] of computed) if (value !== null) values[field] = value;
  const outcomes: Record<string, number | null> = {};
  for (const outcome of definition.outcomes) {
    const derive = outcome.derive;
    if (derive.from === 'timeToDecide') {
      outcomes[outcome.key] = decision.timeToDecisionMs === null || decision.timingSource === 'server' ? null : decision.timeToDecisionMs / 1000;
      continue;
    }
    if (derive.from === 'event') {
      const matching = (decision.events ?? []).filter((event) => event.name === derive.name);
      if (derive.aggregate === 'count') outcomes[outcome.key] = matching.length;
      else if (derive.aggregate === 'any') outcomes[outcome.key] = Number(matching.length > 0);
      else if (derive.aggregate === 'sum') outcomes[outcome.key] = matching.reduce((sum, event) => sum + (numeric(event.value) ?? 0), 0);
      else outcomes[outcome.key] = numeric(matching.at(-1)?.value);
      continue;
    }
    if (derive.from === 'changes') {
      outcomes[outcome.key] = decision.changesByField === null ? null : (decision.changesByField[derive.field] ?? 0);
      continue;
    }
    const raw = values[derive.field];
    if (raw === undefined) outcomes[outcome.key] = null;
    else if (derive.from === 'field') outcomes[outcome.key] = typeof raw === 'number' ? raw : null;
    else if (derive.from === 'above') outcomes[outcome.key] = typeof raw === 'number' ? Number(raw > derive.threshold) : null;
    else if (derive.from === 'equals') outcomes[outcome.key] = Number(raw === derive.value);
    else outcomes[outcome.key] = defaults[derive.field] === undefined ? null : Number(raw === defaults[derive.field]);
  }
  return outcomes;
}
