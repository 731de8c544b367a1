import { statementFigures } from '../../../experiments/arithmetic/statement-figures';
import type { StatementArm, StatementExperimentDefinition } from '../../../experiments/definition-schema';
import type { StatementPresentation } from '../../../experiments/templates/statement/statement-template';
import { formatEuros, formatPercent } from '../../i18n/format';
import type { Locale } from '../../i18n/locale';
import type { FieldProblem } from '../server-screen-template';
import { statementText, type StatementMessageKey } from './statement-messages';

/**
 * Everything the statement template shows: the statement's figures to the
 * cent (balance, JKP, next month's interest), the minimum payment and the
 * payoff prompt where the arm shows them, the repayment field as typed, and
 * any problems in words.
 *
 * @example
 * statementView({ definition: minimumRepayment, arm, presentation, locale: 'en', repayment: '', problems: [] }).rows[0]; // => { figure: 'balance', label: 'Outstanding balance', value: '€1,250.00', amount: 1250 }
 */
export function statementView({
  definition,
  arm,
  presentation,
  locale,
  repayment,
  problems,
}: {
  definition: StatementExperimentDefinition;
  arm: StatementArm;
  presentation: StatementPresentation;
  locale: Locale;
  repayment: string;
  problems: FieldProblem[];
}) {
  const { screen } = definition;
  const { wording } = arm.params;
  const text = (key: StatementMessageKey, parameters?: Record<string, string | number>) => statementText(locale, key, parameters);
  const euros = (value: number) => formatEuros(value, locale, 2);
  const figures = statementFigures({ balance: screen.balance, annualPercentageRate: screen.annualPercentageRate, minimum: screen.minimumPayment });
  const rows = [
    { figure: 'balance', label: text('balance'), value: euros(figures.balance), amount: figures.balance },
    { figure: 'apr', label: text('apr'), value: formatPercent(figures.annualPercentageRate, locale), amount: figures.annualPercentageRate },
    { figure: 'interest', label: text('interestNextMonth'), value: euros(figures.interestNextMonth), amount: figures.interestNextMonth },
    ...(presentation.minimumPayment === null ? [] : [{ figure: 'minimum', label: text('minimumPayment'), value: euros(presentation.minimumPayment), amount: presentation.minimumPayment }]),
  ];
  const limits = { min: euros(0), max: euros(screen.balance) };
  return {
    title: wording.title?.[locale] ?? text('title'),
    intro: wording.intro?.[locale] ?? text('intro'),
    caption: text('caption'),
    rows,
    payoffPrompt:
      presentation.payoffPayment === null || presentation.payoffMonths === null
        ? null
        : { text: text('payoffPrompt', { months: presentation.payoffMonths, amount: euros(presentation.payoffPayment) }), amount: presentation.payoffPayment, months: presentation.payoffMonths },
    repaymentLabel: wording.amountLabel?.[locale] ?? text('repaymentLabel'),
    repaymentHint: text('repaymentHint', limits),
    repayment,
    submitLabel: wording.submit?.[locale] ?? text('submit'),
    errorsTitle: text('errorsTitle'),
    infoSummary: text('infoSummary'),
    infoBody: text('infoBody'),
    problems: problems.map((problem) => ({ field: problem.field, text: text(problem.messageKey as StatementMessageKey, limits) })),
  };
}
