import { statementFigures } from './arithmetic/statement-figures';
import type { ExperimentDefinitionInput } from './definition-schema';
import { attentionCheckQuestion } from './questions/attention-check';
import { ageBandQuestion } from './questions/background';
import { financialLiteracyQuestions } from './questions/financial-literacy';

const statement = { balance: 1250, annualPercentageRate: 0.14, minimumPayment: { percentOfBalance: 2, floor: 25 } } as const;
const figures = statementFigures({ balance: statement.balance, annualPercentageRate: statement.annualPercentageRate, minimum: statement.minimumPayment, payoffMonths: 12 });

/**
 * Flagship experiment 3: does showing the minimum payment on a credit-card
 * statement anchor repayments low? A replication of Stewart (2009): with the
 * minimum shown, partial repayments were much lower than without it.
 *
 * A Dutch revolving-credit statement: balance €1,250 at 14% JKP, minimum
 * payment 2% of the balance with a €25 floor (so €25.00). The participant
 * enters this month's repayment in euros and cents. Arms: `control` (no
 * minimum shown), `minimum-shown`, `payoff-prompt` (the minimum plus the
 * monthly amount that clears the balance in 12 months, €111.75). Permuted
 * blocks of 6, as in a lab sample.
 */
export const minimumRepayment = {
  template: 'statement',
  key: 'minimum-repayment',
  initialState: 'running',
  title: 'Minimum payment anchor',
  hypothesis:
    'Showing the minimum payment on a credit-card statement lowers the repayment people choose, compared with a statement without one (anchoring on the minimum).',
  citation:
    'Stewart, N. (2009). The cost of anchoring on credit-card minimum repayments. Psychological Science 20(1):39–41; FCA OP45 (2025) on autopay minimums.',
  scenario: {
    title: { nl: 'Uw situatie', en: 'Your situation' },
    body: {
      nl: 'U heeft een creditcard met een doorlopend krediet. U heeft er de afgelopen maanden een aantal aankopen mee gedaan. Deze maand ontvangt u uw afschrift.\n\nStel u voor dat u na uw vaste lasten ongeveer €1.500 op uw betaalrekening heeft. Vul op het volgende scherm in hoeveel u deze maand terugbetaalt, zoals u dat in het echt zou doen.',
      en: 'You have a credit card with a revolving credit. You have made a number of purchases with it in recent months. This month you receive your statement.\n\nImagine that after your fixed costs you have about €1,500 in your current account. On the next screen, enter how much you repay this month, as you would in real life.',
    },
  },
  randomisation: { method: 'permuted-blocks', blockSize: 6 },
  screen: statement,
  arms: [
    { key: 'control', label: 'No minimum shown', weight: 1, params: { showMinimumPayment: false } },
    { key: 'minimum-shown', label: 'Minimum payment shown (€25)', weight: 1, params: { showMinimumPayment: true } },
    { key: 'payoff-prompt', label: 'Minimum and 12-month payoff amount shown', weight: 1, params: { showMinimumPayment: true, payoffPromptMonths: 12 } },
  ],
  outcomes: [
    {
      key: 'repayment',
      label: 'Repayment this month',
      type: 'continuous',
      unit: 'EUR',
      primary: true,
      expectedDirection: { 'minimum-shown': 'lower' },
      derive: { from: 'field', field: 'repayment' },
    },
    { key: 'paid_minimum', label: 'Paid exactly the minimum', type: 'binary', derive: { from: 'equals', field: 'repayment', value: figures.minimumPayment } },
    { key: 'paid_in_full', label: 'Paid the balance in full', type: 'binary', derive: { from: 'equals', field: 'repayment', value: statement.balance } },
    { key: 'time_to_decide', label: 'Time to decide', type: 'continuous', unit: 'seconds', derive: { from: 'timeToDecide' } },
    { key: 'repayment_changes', label: 'Changes to the repayment', type: 'continuous', unit: 'changes', derive: { from: 'changes', field: 'repayment' } },
  ],
  questionnaire: [
    {
      kind: 'single-choice',
      key: 'recall_minimum',
      role: 'manipulation-check',
      text: {
        nl: 'Stond er een minimumbedrag op het afschrift dat u ten minste moest terugbetalen? Zo ja, welk bedrag?',
        en: 'Did the statement show a minimum amount you had to repay at least? If so, which amount?',
      },
      options: [
        { value: 'none', label: { nl: 'Nee, er stond geen minimumbedrag', en: 'No, there was no minimum amount' } },
        { value: '25', label: { nl: 'Ja, €25', en: 'Yes, €25' } },
        { value: '112', label: { nl: 'Ja, ongeveer €112', en: 'Yes, about €112' } },
        { value: 'dont-remember', label: { nl: 'Weet ik niet meer', en: 'I do not remember' } },
      ],
      correctByArm: { control: 'none', 'minimum-shown': '25', 'payoff-prompt': '25' },
    },
    {
      kind: 'single-choice',
      key: 'recall_payoff',
      role: 'manipulation-check',
      text: {
        nl: 'Stond er op het afschrift welk bedrag per maand het saldo binnen een jaar aflost?',
        en: 'Did the statement show which amount a month would repay the balance within a year?',
      },
      options: [
        { value: 'yes', label: { nl: 'Ja', en: 'Yes' } },
        { value: 'no', label: { nl: 'Nee', en: 'No' } },
        { value: 'dont-remember', label: { nl: 'Weet ik niet meer', en: 'I do not remember' } },
      ],
      correctByArm: { control: 'no', 'minimum-shown': 'no', 'payoff-prompt': 'yes' },
    },
    attentionCheckQuestion,
    ...financialLiteracyQuestions,
    ageBandQuestion,
  ],
  analysisPlan: { alpha: 0.05, minimumDetectableEffect: 75, plannedPerArm: 138, correction: 'holm' },
} as const satisfies ExperimentDefinitionInput;
