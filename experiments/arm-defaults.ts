import type { Arm, ExperimentDefinition } from './definition-schema';

/**
 * The values an arm pre-fills or pre-selects on its screen, by decision field:
 * the pre-filled amount or the slider's start, a default term, the
 * pre-selected product. A field is absent when the participant must choose it.
 *
 * @example
 * armDefaults(loanAnchor, lowAnchorArm); // => { amount: 2500 }
 */
export function armDefaults(definition: Pick<ExperimentDefinition, 'template' | 'screen'>, arm: Pick<Arm, 'params'>): Record<string, number | string> {
  const defaults: Record<string, number | string> = {};
  if (definition.template === 'amount' && 'amountInput' in arm.params) {
    const input = arm.params.amountInput;
    if (input.mode === 'prefilled') defaults.amount = input.value;
    if (input.mode === 'slider') defaults.amount = input.start;
    if ('defaultTermMonths' in definition.screen && definition.screen.defaultTermMonths !== undefined) defaults.term = definition.screen.defaultTermMonths;
  }
  if (definition.template === 'product-choice' && 'preselected' in arm.params && arm.params.preselected !== null) {
    defaults.product = arm.params.preselected;
  }
  return defaults;
}
