import type { ExperimentDefinition } from './definition-schema';
import type { AmountPresentation } from './templates/amount/amount-template';
import type { ProductChoicePresentation } from './templates/product-choice/product-choice-template';
import type { StatementPresentation } from './templates/statement/statement-template';
import { screenTemplateOf } from './templates/template-registry';

/** What one participant's screen shows beyond the arm's fixed parameters; stored with the exposure. */
export type ScreenPresentation = AmountPresentation | ProductChoicePresentation | StatementPresentation;

/**
 * The screen a participant sees in their arm, as the experiment's template
 * presents it. A `randomised` product order is drawn once per participant
 * from their id, so it is the same on every visit and can be logged and
 * analysed.
 *
 * @example
 * screenPresentation(creditChoice, neutralArm, 'p1'); // => { template: 'product-choice', productOrder: ['fixed', 'revolving'], … }
 */
export function screenPresentation(definition: Pick<ExperimentDefinition, 'template' | 'key' | 'screen'>, arm: { params: unknown }, participantId: string): ScreenPresentation {
  return screenTemplateOf(definition).presentation({ experimentKey: definition.key, screen: definition.screen, params: arm.params, participantId }) as ScreenPresentation;
}
