import { armDefaults } from './arm-defaults';
import type { DecisionForOutcomes } from './derive-outcomes';
import type { ExperimentDefinition } from './definition-schema';
import { screenTemplateOf } from './templates/template-registry';

const numeric = (value: number | string | boolean | null | undefined): number | null =>
  typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : null;

/**
 * `deriveOutcomes` prepared once for one arm: the arm's defaults and each
 * outcome's rule are looked up when it is made, and a field the template
 * computes (e.g. `total_payable`) is computed only when an outcome reads it;
 * the function it returns gives a decision's outcome values in the order the
 * definition declares its outcomes (`null` where an outcome does not apply or
 * data is missing), written into `into` when given (a pass over a million
 * decisions reuses one array). Made for passes over many decisions of an
 * arm, where rebuilding the defaults per decision costs more than the
 * derivation.
 *
 * @example
 * const derive = armOutcomeDeriver(loanAnchor, lowAnchorArm);
 * derive({ values: { amount: 2500, term: 60 }, timeToDecisionMs: 8000, changesByField: { amount: 0 } });
 * // => [2500, 0, 1, 60, 8, 0]  (amount, above_highest_quote, kept_prefill, term, time_to_decide, amount_changes)
 */
export function armOutcomeDeriver(
  definition: Pick<ExperimentDefinition, 'outcomes' | 'template' | 'screen'>,
  arm: { params: unknown },
): (decision: DecisionForOutcomes, into?: (number | null)[]) => (number | null)[] {
  const defaults = armDefaults(definition, arm);
  const computed = new Map(screenTemplateOf(definition).computedFields.map(({ field, compute }) => [field, compute] as const));
  /** A decision field's value as the outcomes see it: the template's computed value where it has one, else the submitted one. */
  const fieldReader = (field: string) => {
    const compute = computed.get(field);
    if (!compute) return (decision: DecisionForOutcomes) => decision.values[field];
    return (decision: DecisionForOutcomes) => compute(definition.screen, decision.values) ?? decision.values[field];
  };
  const rules = definition.outcomes.map((outcome): ((decision: DecisionForOutcomes) => number | null) => {
    const derive = outcome.derive;
    if (derive.from === 'timeToDecide') {
      return (decision) => (decision.timeToDecisionMs === null || decision.timingSource === 'server' ? null : decision.timeToDecisionMs / 1000);
    }
    if (derive.from === 'event') {
      return (decision) => {
        const matching = (decision.events ?? []).filter((event) => event.name === derive.name);
        if (derive.aggregate === 'count') return matching.length;
        if (derive.aggregate === 'any') return Number(matching.length > 0);
        if (derive.aggregate === 'sum') return matching.reduce((sum, event) => sum + (numeric(event.value) ?? 0), 0);
        return numeric(matching.at(-1)?.value);
      };
    }
    if (derive.from === 'changes') return (decision) => (decision.changesByField === null ? null : (decision.changesByField[derive.field] ?? 0));
    const read = fieldReader(derive.field);
    if (derive.from === 'field') return (decision) => {
      const raw = read(decision);
      return typeof raw === 'number' ? raw : null;
    };
    if (derive.from === 'above') return (decision) => {
      const raw = read(decision);
      return raw === undefined ? null : typeof raw === 'number' ? Number(raw > derive.threshold) : null;
    };
    if (derive.from === 'equals') return (decision) => {
      const raw = read(decision);
      return raw === undefined ? null : Number(raw === derive.value);
    };
    const fieldDefault = defaults[derive.field];
    return (decision) => {
      const raw = read(decision);
      return raw === undefined || fieldDefault === undefined ? null : Number(raw === fieldDefault);
    };
  });
  return (decision, into = new Array<number | null>(rules.length)) => {
    for (let index = 0; index < rules.length; index++) into[index] = rules[index]!(decision);
    return into;
  };
}
