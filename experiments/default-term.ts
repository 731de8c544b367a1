import type { ExperimentDefinitionInput } from './definition-schema';
import { attentionCheckQuestion } from './questions/attention-check';
import { ageBandQuestion, borrowingAttitudeQuestion } from './questions/background';
import { financialLiteracyQuestions } from './questions/financial-literacy';

/**
 * Flagship experiment 4: does a pre-selected loan term steer the term people
 * choose, and with it what the loan costs? After Timmons, Lunn et al. (2019),
 * where a five-year default in a loan calculator moved 12–16 percentage points
 * more people to terms of four years or more than a one-year default.
 *
 * A fixed €10,000 persoonlijke lening at 7.9% JKP; the participant chooses the
 * term from 12 to 84 months in steps of 12, with the krediettabel live. Arms:
 * `control` (no term pre-selected), `short-default` (24 months pre-selected),
 * `long-default` (72 months pre-selected).
 */
export const defaultTerm = {
  template: 'amount',
  key: 'default-term',
  initialState: 'running',
  title: 'Default loan term',
  hypothesis:
    'A pre-selected short term shortens, and a pre-selected long term lengthens, the term chosen for a €10,000 loan, compared with no pre-selection; a longer term costs more in total.',
  citation:
    'Timmons, S., Lunn, P. et al. (2019). Default effects in loan term choice (ESRI); Johnson & Goldstein (2003) Do defaults save lives? Science 302:1338–1339; AFM & Freo (2019) field trials.',
  scenario: {
    title: { nl: 'Uw situatie', en: 'Your situation' },
    body: {
      nl: 'U wilt een nieuwe keuken laten plaatsen en heeft daarvoor €10.000 nodig. U heeft het geld niet op uw spaarrekening en vraagt een persoonlijke lening van €10.000 aan.\n\nKies op het volgende scherm in hoeveel maanden u de lening wilt terugbetalen, zoals u dat in het echt zou doen.',
      en: 'You want to have a new kitchen fitted and need €10,000 for it. You do not have the money in savings and apply for a personal loan of €10,000.\n\nOn the next screen, choose over how many months you want to repay the loan, as you would in real life.',
    },
  },
  screen: {
    annualPercentageRate: 0.079,
    termOptionsMonths: [12, 24, 36, 48, 60, 72, 84],
    amountLimits: { min: 500, max: 75000 },
  },
  arms: [
    { key: 'control', label: 'No term pre-selected', weight: 1, params: { amountInput: { mode: 'fixed', value: 10000 }, defaultTermMonths: null } },
    { key: 'short-default', label: '24 months pre-selected', weight: 1, params: { amountInput: { mode: 'fixed', value: 10000 }, defaultTermMonths: 24 } },
    { key: 'long-default', label: '72 months pre-selected', weight: 1, params: { amountInput: { mode: 'fixed', value: 10000 }, defaultTermMonths: 72 } },
  ],
  outcomes: [
    {
      key: 'term',
      label: 'Chosen term',
      type: 'continuous',
      unit: 'months',
      primary: true,
      expectedDirection: { 'short-default': 'lower', 'long-default': 'higher' },
      derive: { from: 'field', field: 'term' },
    },
    { key: 'total_payable', label: 'Total amount payable', type: 'continuous', unit: 'EUR', derive: { from: 'field', field: 'total_payable' } },
    { key: 'kept_default_term', label: 'Kept the pre-selected term', type: 'binary', derive: { from: 'keptDefault', field: 'term' } },
    { key: 'time_to_decide', label: 'Time to decide', type: 'continuous', unit: 'seconds', derive: { from: 'timeToDecide' } },
    { key: 'term_changes', label: 'Changes to the term', type: 'continuous', unit: 'changes', derive: { from: 'changes', field: 'term' } },
  ],
  questionnaire: [
    {
      kind: 'single-choice',
      key: 'recall_default_term',
      role: 'manipulation-check',
      text: {
        nl: 'Was er al een looptijd gekozen toen u het aanvraagscherm zag? Zo ja, welke?',
        en: 'Was a term already selected when you saw the application screen? If so, which one?',
      },
      options: [
        { value: 'none', label: { nl: 'Nee, er was niets gekozen', en: 'No, nothing was selected' } },
        { value: '24', label: { nl: 'Ja, 24 maanden', en: 'Yes, 24 months' } },
        { value: '72', label: { nl: 'Ja, 72 maanden', en: 'Yes, 72 months' } },
        { value: 'dont-remember', label: { nl: 'Weet ik niet meer', en: 'I do not remember' } },
      ],
      correctByArm: { control: 'none', 'short-default': '24', 'long-default': '72' },
    },
    attentionCheckQuestion,
    ...financialLiteracyQuestions,
    borrowingAttitudeQuestion,
    ageBandQuestion,
  ],
  analysisPlan: { alpha: 0.05, minimumDetectableEffect: 6, plannedPerArm: 125, correction: 'holm' },
} as const satisfies ExperimentDefinitionInput;
