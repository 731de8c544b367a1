import { revolvingPayoff } from './arithmetic/revolving-payoff';
import type { ExperimentDefinitionInput } from './definition-schema';
import { attentionCheckQuestion } from './questions/attention-check';
import { ageBandQuestion } from './questions/background';
import { financialLiteracyQuestions } from './questions/financial-literacy';

const revolving = { limit: 10000, annualPercentageRate: 0.099, monthlyPaymentPercentOfLimit: 2 } as const;
const revolvingTruth = revolvingPayoff(revolving.limit, revolving.annualPercentageRate, (revolving.limit * revolving.monthlyPaymentPercentOfLimit) / 100);
if (!revolvingTruth.paysOff) throw new Error('credit-choice: the revolving credit must pay off for the comprehension questions');

/**
 * Flagship experiment 2: fixed loan versus revolving credit for a one-off
 * purchase. The AFM: "een doorlopend krediet past vaak niet goed bij een
 * eenmalige aanschaf". Before 2016 Dutch screens listed revolving credit
 * first and pre-selected it; does that choice architecture, rather than
 * preference, drive who takes revolving credit?
 *
 * Arms: `control` (revolving first and pre-selected, the 2016 environment),
 * `neutral` (nothing pre-selected, order randomised per participant),
 * `fixed-default` (fixed loan pre-selected, total cost and payoff time shown
 * for both).
 */
export const creditChoice = {
  template: 'product-choice',
  key: 'credit-choice',
  initialState: 'running',
  title: 'Fixed loan versus revolving credit',
  hypothesis:
    'Fewer participants choose revolving credit for a one-off €10,000 purchase when it is not listed first and pre-selected, and fewer still when the fixed loan is pre-selected and total cost and payoff time are shown.',
  citation:
    'AFM (2016) Klantbelang Dashboard; BKR lending statistics 2010–2019; Pulk & Riitsalu (2024) on showing total cost and duration; Johnson & Goldstein (2003) on defaults.',
  scenario: {
    title: { nl: 'Uw situatie', en: 'Your situation' },
    body: {
      nl: 'U wilt een tweedehands auto kopen van €10.000. U heeft het geld niet op uw spaarrekening en wilt het lenen. Het gaat om één aankoop; daarna verwacht u niets meer te hoeven lenen.\n\nOp het volgende scherm kiest u tussen twee vormen van krediet. Kies zoals u dat in het echt zou doen.',
      en: 'You want to buy a used car for €10,000. You do not have the money in savings and want to borrow it. It is a one-off purchase; after it you do not expect to need to borrow again.\n\nOn the next screen you choose between two kinds of credit. Choose as you would in real life.',
    },
  },
  screen: {
    products: [
      { kind: 'fixed-loan', key: 'fixed', amount: 10000, annualPercentageRate: 0.07, termMonths: 60 },
      { kind: 'revolving-credit', key: 'revolving', ...revolving },
    ],
  },
  arms: [
    {
      key: 'control',
      label: 'Revolving first and pre-selected (2016)',
      weight: 1,
      params: { productOrder: ['revolving', 'fixed'], preselected: 'revolving', showTotalCostAndPayoff: false },
    },
    {
      key: 'neutral',
      label: 'No pre-selection, order randomised',
      weight: 1,
      params: { productOrder: 'randomised', preselected: null, showTotalCostAndPayoff: false },
    },
    {
      key: 'fixed-default',
      label: 'Fixed loan pre-selected, total cost and payoff shown',
      weight: 1,
      params: { productOrder: ['fixed', 'revolving'], preselected: 'fixed', showTotalCostAndPayoff: true },
    },
  ],
  outcomes: [
    {
      key: 'chose_revolving',
      label: 'Chose revolving credit',
      type: 'binary',
      primary: true,
      expectedDirection: { neutral: 'lower', 'fixed-default': 'lower' },
      smallestEffectOfInterest: 0.05,
      derive: { from: 'equals', field: 'product', value: 'revolving' },
    },
    {
      key: 'kept_preselection',
      label: 'Kept the pre-selected product',
      type: 'binary',
      // The neutral arm pre-selects nothing; the two arms with a default are compared.
      comparisons: [{ arm: 'fixed-default', against: 'control' }],
      derive: { from: 'keptDefault', field: 'product' },
    },
    { key: 'time_to_decide', label: 'Time to decide', type: 'continuous', unit: 'seconds', derive: { from: 'timeToDecide' } },
    { key: 'product_changes', label: 'Changes of product', type: 'continuous', unit: 'changes', derive: { from: 'changes', field: 'product' } },
  ],
  questionnaire: [
    {
      kind: 'single-choice',
      key: 'recall_preselection',
      role: 'manipulation-check',
      text: {
        nl: 'Was er al een optie geselecteerd toen u het keuzescherm zag? Zo ja, welke?',
        en: 'Was an option already selected when you saw the choice screen? If so, which one?',
      },
      options: [
        { value: 'none', label: { nl: 'Nee, niets was geselecteerd', en: 'No, nothing was selected' } },
        { value: 'fixed', label: { nl: 'Ja, de persoonlijke lening', en: 'Yes, the personal loan' } },
        { value: 'revolving', label: { nl: 'Ja, het doorlopend krediet', en: 'Yes, the revolving credit' } },
        { value: 'dont-remember', label: { nl: 'Weet ik niet meer', en: 'I do not remember' } },
      ],
      correctByArm: { control: 'revolving', neutral: 'none', 'fixed-default': 'fixed' },
    },
    {
      kind: 'number',
      key: 'estimate_revolving_total',
      role: 'comprehension',
      text: {
        nl: 'Stel: u gebruikt het doorlopend krediet van €10.000 helemaal en betaalt elke maand €200 terug, zonder opnieuw op te nemen. Hoeveel betaalt u naar schatting in totaal terug (in euro’s)?',
        en: 'Suppose you use the whole €10,000 of revolving credit and repay €200 every month, without drawing again. About how much do you repay in total (in euros)?',
      },
      unit: 'EUR',
      min: 0,
      max: 1000000,
      truth: revolvingTruth.totalPaid,
      tolerance: 0.1,
    },
    {
      kind: 'number',
      key: 'estimate_revolving_months',
      role: 'comprehension',
      text: {
        nl: 'En hoeveel maanden duurt het dan naar schatting voordat alles is afbetaald?',
        en: 'And about how many months does it take until everything is repaid?',
      },
      unit: 'months',
      min: 0,
      max: 2400,
      truth: revolvingTruth.months,
      tolerance: 0.1,
    },
    attentionCheckQuestion,
    ...financialLiteracyQuestions,
    ageBandQuestion,
  ],
  analysisPlan: { alpha: 0.05, minimumDetectableEffect: 0.15, plannedPerArm: 125, correction: 'holm',
    exclusions: [{ rule: 'failed-attention-check' }, { rule: 'did-not-complete' }] },
} as const satisfies ExperimentDefinitionInput;
