import type { ExperimentDefinition } from './definition-schema';
import { screenTemplateOf } from './templates/template-registry';

/**
 * The values an arm pre-fills or pre-selects on its screen, by decision field:
 * the pre-filled amount or the slider's start, a default term, the
 * pre-selected product. A field is absent when the participant must choose
 * it. Each template says what its arms pre-fill.
 *
 * @example
 * armDefaults(loanAnchor, lowAnchorArm); // => { amount: 2500 }
 */
export function armDefaults(definition: Pick<ExperimentDefinition, 'template' | 'screen'>, arm: { params: unknown }): Record<string, number | string> {
  return screenTemplateOf(definition).armDefaults(definition.screen, arm.params);
}
