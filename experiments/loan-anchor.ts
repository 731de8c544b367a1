import type { ExperimentDefinitionInput } from './definition-schema';
import { attentionCheckQuestion } from './questions/attention-check';
import { ageBandQuestion, borrowingAttitudeQuestion } from './questions/background';
import { financialLiteracyQuestions } from './questions/financial-literacy';

/**
 * Flagship experiment 1: does a pre-filled loan amount anchor how much people
 * borrow? The AFM suggested that a low pre-filled amount may keep consumers
 * from borrowing more than they need; a high one may do the opposite.
 *
 * Between subjects: an empty amount field (active choice, control), pre-filled
 * at the €2,500 minimum, or pre-filled high at €25,000. The scenario's need is
 * €6,000–€9,000, so amounts above €9,000 are more than the participant needs.
 */
export const loanAnchor = {
  template: 'amount',
  key: 'loan-anchor',
  initialState: 'running',
  title: 'Loan amount anchor',
  hypothesis:
    'A low pre-filled loan amount lowers, and a high one raises, the amount requested for a €6,000–€9,000 renovation, compared with an empty field.',
  citation:
    'AFM (2016) Klantbelang Dashboard; Stewart (2009) Psychological Science 20(1):39–41; AFM & Freo (2019) field trials on pre-filled amounts.',
  scenario: {
    title: { nl: 'Uw situatie', en: 'Your situation' },
    body: {
      nl: 'U wilt uw badkamer laten renoveren. U heeft offertes gekregen van €6.000 tot €9.000. U heeft het geld niet op uw spaarrekening en wilt een persoonlijke lening aanvragen. Vul op het volgende scherm de aanvraag in zoals u dat in het echt zou doen.',
      en: 'You want to have your bathroom renovated. You have received quotes from €6,000 to €9,000. You do not have the money in savings and want to apply for a personal loan. On the next screen, fill in the application as you would in real life.',
    },
  },
  screen: {
    annualPercentageRate: 0.079,
    termOptionsMonths: [36, 60, 84],
    amountLimits: { min: 500, max: 75000 },
  },
  arms: [
    { key: 'control', label: 'Empty amount field', weight: 1, params: { amountInput: { mode: 'empty' } } },
    { key: 'low-anchor', label: 'Pre-filled €2,500', weight: 1, params: { amountInput: { mode: 'prefilled', value: 2500 } } },
    { key: 'high-anchor', label: 'Pre-filled €25,000', weight: 1, params: { amountInput: { mode: 'prefilled', value: 25000 } } },
  ],
  outcomes: [
    {
      key: 'amount',
      label: 'Requested amount',
      type: 'continuous',
      unit: 'EUR',
      primary: true,
      expectedDirection: { 'low-anchor': 'lower', 'high-anchor': 'higher' },
      smallestEffectOfInterest: 500,
      derive: { from: 'field', field: 'amount' },
    },
    { key: 'above_highest_quote', label: 'Requested more than €9,000', type: 'binary', derive: { from: 'above', field: 'amount', threshold: 9000 } },
    {
      key: 'kept_prefill',
      label: 'Kept the pre-filled amount',
      type: 'binary',
      // Only the anchored arms pre-fill an amount, so they are compared with each other.
      comparisons: [{ arm: 'high-anchor', against: 'low-anchor' }],
      derive: { from: 'keptDefault', field: 'amount' },
    },
    { key: 'term', label: 'Chosen term', type: 'continuous', unit: 'months', derive: { from: 'field', field: 'term' } },
    { key: 'time_to_decide', label: 'Time to decide', type: 'continuous', unit: 'seconds', derive: { from: 'timeToDecide' } },
    { key: 'amount_changes', label: 'Changes to the amount', type: 'continuous', unit: 'changes', derive: { from: 'changes', field: 'amount' } },
  ],
  questionnaire: [
    {
      kind: 'single-choice',
      key: 'recall_prefill',
      role: 'manipulation-check',
      text: {
        nl: 'Stond er al een bedrag ingevuld toen u het aanvraagscherm zag? Zo ja, welk bedrag?',
        en: 'Was an amount already filled in when you saw the application screen? If so, which amount?',
      },
      options: [
        { value: 'none', label: { nl: 'Nee, het veld was leeg', en: 'No, the field was empty' } },
        { value: '2500', label: { nl: 'Ja, €2.500', en: 'Yes, €2,500' } },
        { value: '25000', label: { nl: 'Ja, €25.000', en: 'Yes, €25,000' } },
        { value: 'dont-remember', label: { nl: 'Weet ik niet meer', en: 'I do not remember' } },
      ],
      correctByArm: { control: 'none', 'low-anchor': '2500', 'high-anchor': '25000' },
    },
    attentionCheckQuestion,
    ...financialLiteracyQuestions,
    borrowingAttitudeQuestion,
    ageBandQuestion,
  ],
  analysisPlan: { alpha: 0.05, minimumDetectableEffect: 1000, plannedPerArm: 125, correction: 'holm',
    exclusions: [{ rule: 'failed-attention-check' }, { rule: 'did-not-complete' }] },
} as const satisfies ExperimentDefinitionInput;
