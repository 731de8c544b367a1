import { seededShuffle } from '../../seeded-shuffle';
import { defineScreenTemplate, type TemplateIssue } from '../screen-template';
import { productChoiceArmParamsSchema, productChoiceScreenSchema } from './product-choice-parameters';
import { simulatedProductChoice, type ObservedProductChoiceScreen } from './simulated-product-choice';

/** What one participant's product-choice screen shows; stored with the exposure. */
export interface ProductChoicePresentation {
  template: 'product-choice';
  productOrder: string[];
  preselected: string | null;
  showTotalCostAndPayoff: boolean;
}

const duplicates = (keys: readonly string[], path: (index: number) => (string | number)[], what: string): TemplateIssue[] =>
  keys.flatMap((key, index) => (keys.indexOf(key) !== index ? [{ path: path(index), message: `duplicate ${what} "${key}"` }] : []));

/**
 * The product-choice screen: the participant picks one of several credit
 * products (fixed loans, revolving credits). Records `product`, valued with
 * the chosen product's key. A `randomised` order is drawn once per
 * participant from their id, so it is the same on every visit and is logged.
 */
export const productChoiceTemplate = defineScreenTemplate<
  'product-choice',
  typeof productChoiceScreenSchema,
  typeof productChoiceArmParamsSchema,
  ProductChoicePresentation,
  ObservedProductChoiceScreen
>({
  name: 'product-choice',
  description: 'the participant picks one of several credit products',
  screenSchema: productChoiceScreenSchema,
  armParamsSchema: productChoiceArmParamsSchema,
  decisionFields: (screen) => [
    { field: 'product', column: 'chosen_product', type: 'category', meaning: 'Product the participant chose.', allowedValues: screen.products.map((product) => product.key) },
  ],
  computedFields: [],
  keptDefaultField: () => 'product',
  armDefaults: (_screen, params): Record<string, number | string> => (params.preselected === null ? {} : { product: params.preselected }),
  definitionIssues(screen, arms) {
    const productKeys = screen.products.map((product) => product.key);
    const issues = duplicates(productKeys, (index) => ['screen', 'products', index, 'key'], 'product key');
    arms.forEach((arm, index) => {
      const { productOrder, preselected } = arm.params;
      if (productOrder !== 'randomised' && [...productOrder].sort().join() !== [...productKeys].sort().join()) {
        issues.push({ path: ['arms', index, 'params', 'productOrder'], message: `must list each product once: ${productKeys.join(', ')}` });
      }
      if (preselected !== null && !productKeys.includes(preselected)) {
        issues.push({ path: ['arms', index, 'params', 'preselected'], message: `"${preselected}" is not a product key (${productKeys.join(', ')})` });
      }
    });
    return issues;
  },
  presentation: ({ experimentKey, screen, params, participantId }) => {
    const keys = screen.products.map((product) => product.key);
    const { productOrder, preselected, showTotalCostAndPayoff } = params;
    return {
      template: 'product-choice',
      productOrder: productOrder === 'randomised' ? seededShuffle(keys, `${experimentKey}:${participantId}:product-order`) : [...productOrder],
      preselected,
      showTotalCostAndPayoff,
    };
  },
  presentationColumns: [
    { column: 'product_order', meaning: 'Order in which the products were shown, separated by |.', value: (presentation) => presentation?.productOrder?.join('|') ?? null },
  ],
  simulatedDecision: simulatedProductChoice,
});
