import { amountTemplate } from './amount/amount-template';
import { productChoiceTemplate } from './product-choice/product-choice-template';
import type { ComputedField, DecisionField, PresentationColumn, SimulatedDecision, TemplateIssue } from './screen-template';
import { statementTemplate } from './statement/statement-template';
import type { SeededRandom } from '../simulation/seeded-random';

/**
 * Every screen template, in the order the documentation lists them. The
 * experiment schema is built from this list (discriminated on `template`).
 * To add a template: write experiments/templates/NAME/ (its pure part),
 * server/templates/NAME/ and views/templates/NAME/ (its server part and view),
 * and list it here and in server/templates/server-template-registry.ts.
 */
export const screenTemplates = [amountTemplate, productChoiceTemplate, statementTemplate] as const;

/** The name of a registered template, e.g. `amount`. */
export type TemplateName = (typeof screenTemplates)[number]['name'];

/**
 * A template seen from code that serves any experiment: its parameters are
 * whatever the experiment's own (already validated) definition holds, so
 * they are taken as they come.
 */
export interface AnyScreenTemplate {
  name: TemplateName;
  description: string;
  decisionFields(screen: unknown): DecisionField[];
  computedFields: ComputedField<unknown>[];
  keptDefaultField(params: unknown): string;
  armDefaults(screen: unknown, params: unknown): Record<string, number | string>;
  definitionIssues(screen: unknown, arms: readonly { params: unknown }[]): TemplateIssue[];
  presentation(input: { experimentKey: string; screen: unknown; params: unknown; participantId: string }): { template: TemplateName };
  presentationColumns: PresentationColumn<{ template: TemplateName } & Record<string, unknown>>[];
  simulatedDecision(observed: { template: TemplateName }, random: SeededRandom, effect: number): SimulatedDecision;
}

const byName = new Map<string, AnyScreenTemplate>(screenTemplates.map((template) => [template.name, template as unknown as AnyScreenTemplate]));

/**
 * The template of a definition (or of an observed screen), by its `template` name.
 *
 * @example
 * screenTemplateOf({ template: 'amount' }).decisionFields(loanAnchor.screen).map((field) => field.field); // => ['amount', 'term']
 * @throws Error for a name no template has (a definition that passed validation always has one).
 */
export function screenTemplateOf({ template }: { template: string }): AnyScreenTemplate {
  const found = byName.get(template);
  if (!found) throw new Error(`no screen template "${template}" (${[...byName.keys()].join(', ')})`);
  return found;
}
