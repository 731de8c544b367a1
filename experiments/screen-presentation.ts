import type { AmountInput, Arm, ExperimentDefinition } from './definition-schema';
import { seededShuffle } from './seeded-shuffle';

/** What one participant's screen shows beyond the arm's fixed parameters; stored with the exposure. */
export type ScreenPresentation =
  | { template: 'amount'; amountInput: AmountInput; firstFigure: 'monthly-payment' | 'total-cost' }
  | { template: 'product-choice'; productOrder: string[]; preselected: string | null; showTotalCostAndPayoff: boolean };

/**
 * The screen a participant sees in their arm. A `randomised` product order
 * is drawn once per participant from their id, so it is the same on every
 * visit and can be logged and analysed.
 *
 * @example
 * screenPresentation(creditChoice, neutralArm, 'p1'); // => { template: 'product-choice', productOrder: ['fixed', 'revolving'], … }
 */
export function screenPresentation(definition: ExperimentDefinition, arm: Arm, participantId: string): ScreenPresentation {
  if (definition.template === 'amount') {
    if (!('amountInput' in arm.params)) throw new Error(`arm ${arm.key} has no amount parameters`);
    return { template: 'amount', amountInput: arm.params.amountInput, firstFigure: arm.params.firstFigure };
  }
  if (!('productOrder' in arm.params)) throw new Error(`arm ${arm.key} has no product-choice parameters`);
  const keys = definition.screen.products.map((product) => product.key);
  const { productOrder, preselected, showTotalCostAndPayoff } = arm.params;
  return {
    template: 'product-choice',
    productOrder: productOrder === 'randomised' ? seededShuffle(keys, `${definition.key}:${participantId}:product-order`) : [...productOrder],
    preselected,
    showTotalCostAndPayoff,
  };
}
