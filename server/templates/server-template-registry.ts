import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { ObservedScreen } from '../../experiments/simulation/simulated-behaviour';
import type { TemplateName } from '../../experiments/templates/template-registry';
import { amountServerTemplate } from './amount/amount-server-template';
import { productChoiceServerTemplate } from './product-choice/product-choice-server-template';
import type { ServerScreenTemplate } from './server-screen-template';
import { statementServerTemplate } from './statement/statement-server-template';

/**
 * The server part of every screen template, by name; the pure parts are
 * listed in experiments/templates/template-registry.ts. `satisfies` makes
 * the compiler insist on one entry per registered template.
 */
const serverTemplates = {
  amount: amountServerTemplate,
  'product-choice': productChoiceServerTemplate,
  statement: statementServerTemplate,
} satisfies Record<TemplateName, unknown>;

/**
 * The server part of the template a definition uses.
 *
 * @example
 * serverTemplateOf(loanAnchor).view; // => 'templates/amount/screen'
 */
export function serverTemplateOf(definition: Pick<ExperimentDefinition, 'template'>): ServerScreenTemplate {
  return serverTemplates[definition.template] as unknown as ServerScreenTemplate;
}

/**
 * What a screen shows, read from its HTML as a person would see it (for the
 * simulator and the tests), by whichever template drew the page.
 *
 * @example
 * observeScreen(html); // => { template: 'product-choice', productOrder: ['revolving', 'fixed'], preselected: 'revolving' }
 * @throws Error when no template recognises the page.
 */
export function observeScreen(html: string): ObservedScreen {
  for (const template of Object.values(serverTemplates) as unknown as ServerScreenTemplate[]) {
    const observed = template.observeScreen(html);
    if (observed) return observed;
  }
  throw new Error('the page shows no screen template');
}
