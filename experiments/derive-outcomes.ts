import type { Arm, ExperimentDefinition } from './definition-schema';
import { armDefaults } from './arm-defaults';

/** A participant's submitted decision: field name → value. */
export type DecisionValues = Readonly<Record<string, number | string>>;

/**
 * The outcome values of one decision, by outcome key, as the definition
 * declares them. `null` marks an outcome that does not apply (keeping a default
 * in an arm that had none) or a field the decision lacks.
 *
 * @example
 * deriveOutcomes(loanAnchor, lowAnchorArm, { amount: 2500, term: 60 });
 * // => { amount: 2500, above_highest_quote: 0, kept_prefill: 1, term: 60 }
 */
export function deriveOutcomes(
  definition: Pick<ExperimentDefinition, 'outcomes'>,
  arm: Pick<Arm, 'params'>,
  values: DecisionValues,
): Record<string, number | null> {
  const defaults = armDefaults(arm);
  const outcomes: Record<string, number | null> = {};
  for (const outcome of definition.outcomes) {
    const raw = values[outcome.derive.field];
    const derive = outcome.derive;
    if (raw === undefined) {
      outcomes[outcome.key] = null;
    } else if (derive.from === 'field') {
      outcomes[outcome.key] = typeof raw === 'number' ? raw : null;
    } else if (derive.from === 'above') {
      outcomes[outcome.key] = typeof raw === 'number' ? Number(raw > derive.threshold) : null;
    } else {
      const defaultValue = defaults[derive.field];
      outcomes[outcome.key] = defaultValue === undefined ? null : Number(raw === defaultValue);
    }
  }
  return outcomes;
}
