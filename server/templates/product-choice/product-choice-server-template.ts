import { productFigures } from '../../../experiments/arithmetic/product-figures';
import type { ProductChoiceExperimentDefinition } from '../../../experiments/definition-schema';
import type { ProductChoicePresentation } from '../../../experiments/templates/product-choice/product-choice-template';
import { formatEuros } from '../../i18n/format';
import type { MessageKey } from '../../i18n/messages-nl';
import { attributeOf, tagsMatching, type ServerScreenTemplate } from '../server-screen-template';
import { productDecision } from './product-decision';
import { productChoiceView } from './product-choice-view';

/**
 * The product-choice screen's server part: the form has `product` (a product
 * key); the view is views/templates/product-choice/screen.ejs. The order is
 * the one logged at the participant's exposure.
 */
export const productChoiceServerTemplate: ServerScreenTemplate<ProductChoiceExperimentDefinition> = {
  name: 'product-choice',
  view: 'templates/product-choice/screen',
  parseDecision: (body, { definition }) => productDecision(body, definition.screen.products.map((product) => product.key)),
  viewModel: ({ definition, arm, presentation, locale, t, submitted, problems }) => {
    const { productOrder, preselected } = presentation as ProductChoicePresentation;
    const chosen = submitted.product !== undefined && productOrder.includes(submitted.product) ? submitted.product : preselected;
    return productChoiceView({ definition, arm, productOrder, selected: chosen, locale, t, problems });
  },
  previewPresentation: (definition, arm) => {
    const { productOrder, preselected, showTotalCostAndPayoff } = arm.params;
    const randomised = productOrder === 'randomised';
    return {
      presentation: { template: 'product-choice', productOrder: randomised ? definition.screen.products.map((product) => product.key) : productOrder, preselected, showTotalCostAndPayoff },
      note: randomised ? 'Participants see the products in a random order.' : null,
    };
  },
  debriefRows: ({ definition, values, locale, t }) => {
    const product = definition.screen.products.find((candidate) => candidate.key === values.product);
    if (!product) throw new Error(`stored product "${String(values.product)}" is not in ${definition.key}`);
    const figures = productFigures(product);
    return [
      { figure: 'product', label: t('debrief.yourProduct'), value: t(`choice.${product.kind}.name` as MessageKey) },
      { figure: 'monthly', label: t('choice.monthly'), value: formatEuros(figures.monthlyPayment, locale, 2) },
      ...(figures.totalPayable === null ? [] : [{ figure: 'total', label: t('choice.total'), value: formatEuros(figures.totalPayable, locale, 2) }]),
    ];
  },
  observeScreen(html) {
    if (!html.includes('data-screen="product-choice"')) return null;
    const radios = tagsMatching(html, /<input type="radio" name="product"[^>]*>/g);
    const checked = radios.find((tag) => /\schecked/.test(tag));
    return {
      template: 'product-choice',
      productOrder: radios.map((tag) => attributeOf(tag, 'value')!),
      preselected: checked ? attributeOf(checked, 'value')! : null,
      showsTotalCostAndPayoff: html.includes('data-shows-total-cost="true"'),
    };
  },
};
