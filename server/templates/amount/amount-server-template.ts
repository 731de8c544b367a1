import { parseWholeEuros } from '../../participant/parse-whole-euros';
import type { AmountExperimentDefinition } from '../../../experiments/definition-schema';
import { creditTableRows } from '../../participant/credit-table-rows';
import { attributeOf, tagsMatching, type ServerScreenTemplate } from '../server-screen-template';
import { amountDecision } from './amount-decision';
import { amountScreenView } from './amount-screen-view';

/**
 * The amount screen's server part: the form has `amount` (whole euros; none
 * with a fixed amount) and `term`; the view is views/templates/amount/screen.ejs.
 */
/** An amount as written on a page in its `<html lang>` (whole euros; a slider's raw value passes unchanged). */
function wholeEurosOnPage(html: string, value: string): number {
  const parsed = parseWholeEuros(value, /<html lang="en"/.test(html) ? 'en' : 'nl');
  return parsed.ok ? parsed.euros : Number(value);
}

export const amountServerTemplate: ServerScreenTemplate<AmountExperimentDefinition> = {
  name: 'amount',
  view: 'templates/amount/screen',
  parseDecision: (body, { definition, arm, locale }) => amountDecision(body, definition.screen, arm.params.amountInput, locale),
  viewModel: ({ definition, arm, locale, t, submitted, problems }) =>
    amountScreenView({ definition, arm, locale, t, amount: submitted.amount ?? '', term: submitted.term ?? '', problems }),
  previewPresentation: (_definition, arm) => ({
    presentation: { template: 'amount', amountInput: arm.params.amountInput, firstFigure: arm.params.firstFigure },
    note: null,
  }),
  debriefRows: ({ definition, values, locale, t }) =>
    creditTableRows({ amount: Number(values.amount), termMonths: Number(values.term), annualPercentageRate: definition.screen.annualPercentageRate, locale, t }),
  observeScreen(html) {
    if (!html.includes('data-screen="amount"')) return null;
    const amountTag = tagsMatching(html, /<input id="amount"[^>]*>/g)[0] ?? '';
    const terms = tagsMatching(html, /<input type="radio" name="term"[^>]*>/g);
    const value = attributeOf(amountTag, 'value') ?? '';
    const checked = terms.find((tag) => /\schecked/.test(tag));
    const fixed = /type="hidden"/.test(amountTag);
    return {
      template: 'amount',
      // A text field's pre-fill is written as the page's language writes amounts ("2.500" in Dutch), as a person reads it.
      startingAmount: value === '' || fixed ? null : wholeEurosOnPage(html, value),
      slider: /type="range"/.test(amountTag)
        ? { min: Number(attributeOf(amountTag, 'min')), max: Number(attributeOf(amountTag, 'max')), step: Number(attributeOf(amountTag, 'step')) }
        : null,
      termOptions: terms.map((tag) => Number(attributeOf(tag, 'value'))),
      checkedTerm: checked ? Number(attributeOf(checked, 'value')) : null,
      ...(fixed ? { fixedAmount: Number(value) } : {}),
    };
  },
};

