import type { ExperimentDefinition } from '../../../experiments/definition-schema';
import type { TemplateName } from '../../../experiments/templates/template-registry';
import { amountWalk } from './amount-walk';
import { productChoiceWalk } from './product-choice-walk';
import type { ScreenWalk } from './screen-walk';
import { statementWalk } from './statement-walk';

const walks = { amount: amountWalk, 'product-choice': productChoiceWalk, statement: statementWalk } satisfies Record<TemplateName, unknown>;

/** How the browser walks operate the screen of a definition's template. */
export function screenWalkOf(definition: Pick<ExperimentDefinition, 'template'>): ScreenWalk {
  return walks[definition.template] as unknown as ScreenWalk;
}
