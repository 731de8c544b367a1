import { statementFigures } from '../../arithmetic/statement-figures';
import { defineScreenTemplate } from '../screen-template';
import { statementArmParamsSchema, statementScreenSchema } from './statement-parameters';
import { simulatedRepayment, type ObservedStatementScreen } from './simulated-repayment';

/** What one participant's statement shows; stored with the exposure. */
export interface StatementPresentation {
  template: 'statement';
  minimumShown: boolean;
  /** The minimum payment shown, in euros, or null when none is shown. */
  minimumPayment: number | null;
  /** The monthly amount shown that clears the balance, or null. */
  payoffPayment: number | null;
  payoffMonths: number | null;
}

/**
 * The statement screen, after Stewart (2009): a credit-card or
 * revolving-credit statement (balance, JKP, the interest next month) on
 * which the participant enters this month's repayment in euros and cents
 * (decision field `repayment`, from €0 to the balance). An arm may show the
 * minimum payment and a payoff prompt: the monthly amount that clears the
 * balance in N months.
 */
export const statementTemplate = defineScreenTemplate<'statement', typeof statementScreenSchema, typeof statementArmParamsSchema, StatementPresentation, ObservedStatementScreen>({
  name: 'statement',
  description: 'a credit-card statement on which the participant enters this month’s repayment',
  screenSchema: statementScreenSchema,
  armParamsSchema: statementArmParamsSchema,
  decisionFields: () => [{ field: 'repayment', column: 'chosen_repayment', type: 'number', unit: 'EUR', meaning: 'Repayment the participant entered for this month (euros and cents).' }],
  computedFields: [],
  keptDefaultField: () => 'repayment',
  armDefaults: () => ({}),
  definitionIssues(_screen, arms) {
    return arms.flatMap((arm, index) =>
      arm.params.payoffPromptMonths !== null && !arm.params.showMinimumPayment
        ? [{ path: ['arms', index, 'params', 'payoffPromptMonths'], message: 'a payoff prompt is shown beside the minimum payment: set showMinimumPayment to true' }]
        : [],
    );
  },
  presentation: ({ screen, params }) => {
    const figures = statementFigures({ balance: screen.balance, annualPercentageRate: screen.annualPercentageRate, minimum: screen.minimumPayment, payoffMonths: params.payoffPromptMonths });
    return {
      template: 'statement',
      minimumShown: params.showMinimumPayment,
      minimumPayment: params.showMinimumPayment ? figures.minimumPayment : null,
      payoffPayment: figures.payoffPayment,
      payoffMonths: figures.payoffMonths,
    };
  },
  presentationColumns: [],
  simulatedDecision: simulatedRepayment,
});
