import type { StatementExperimentDefinition } from '../../../experiments/definition-schema';
import type { StatementPresentation } from '../../../experiments/templates/statement/statement-template';
import { statementTemplate } from '../../../experiments/templates/statement/statement-template';
import { formatEuros } from '../../i18n/format';
import { attributeOf, tagsMatching, type ServerScreenTemplate } from '../server-screen-template';
import { repaymentDecision } from './repayment-decision';
import { statementText } from './statement-messages';
import { statementView } from './statement-view';

/**
 * The statement screen's server part: the form has `repayment` (euros and
 * cents); the view is views/templates/statement/screen.ejs.
 */
export const statementServerTemplate: ServerScreenTemplate<StatementExperimentDefinition> = {
  name: 'statement',
  view: 'templates/statement/screen',
  parseDecision: (body, { definition, locale }) => repaymentDecision(body, definition.screen, locale),
  viewModel: ({ definition, arm, presentation, locale, submitted, problems }) =>
    statementView({ definition, arm, presentation: presentation as StatementPresentation, locale, repayment: submitted.repayment ?? '', problems }),
  previewPresentation: (definition, arm) => ({
    presentation: statementTemplate.presentation({ experimentKey: definition.key, screen: definition.screen, params: arm.params, participantId: 'preview' }),
    note: null,
  }),
  debriefRows: ({ definition, values, locale }) => {
    const repayment = Number(values.repayment);
    return [
      { figure: 'repayment', label: statementText(locale, 'yourRepayment'), value: formatEuros(repayment, locale, 2) },
      { figure: 'remaining', label: statementText(locale, 'remainingBalance'), value: formatEuros(Math.round((definition.screen.balance - repayment) * 100) / 100, locale, 2) },
    ];
  },
  observeScreen(html) {
    if (!html.includes('data-screen="statement"')) return null;
    const amountOf = (figure: string): number | null => {
      const cell = tagsMatching(html, new RegExp(`<[a-z]+\\s[^>]*data-figure="${figure}"[^>]*>`, 'g'))[0];
      const value = cell === undefined ? undefined : attributeOf(cell, 'data-amount');
      return value === undefined ? null : Number(value);
    };
    return { template: 'statement', balance: amountOf('balance') ?? 0, minimumPayment: amountOf('minimum'), payoffPayment: amountOf('payoff') };
  },
};
