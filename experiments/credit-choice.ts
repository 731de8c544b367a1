import { revolvingPayoff } from './arithmetic/revolving-payoff';
import type { ExperimentDefinitionInput } from './definition-schema';
import { attentionCheckQuestion } from './questions/attention-check';
import { ageBandQuestion } from './questions/background';
import { financialLiteracyQuestions } from './questions/financial-literacy';

const revolving = { limit: 10000, annualPercentageRate: 0.099, monthlyPaymentPercentOfLimit: 2 } as const;
const revolvingTruth = revolvingPayoff(revolving.limit, revolving.annualPercentageRate, (revolving.limit * revolving.monthlyPaymentPercentOfLimit) / 100);
const [literacyInterestQuestion, ...otherLiteracyQuestions] = financialLiteracyQuestions;
if (!revolvingTruth.paysOff) throw new Error('credit-choice: the revolving credit must pay off for the comprehension questions');

/**
 * Flagship experiment 2: fixed loan versus revolving credit for a one-off
 * purchase. The AFM: "een doorlopend krediet past vaak niet goed bij een
 * eenmalige aanschaf". Before 2016 Dutch screens pre-selected revolving
 * credit; does that choice architecture, rather than preference, drive who
 * takes revolving credit — and does showing what each product costs in total
 * and how long it takes to pay off change it?
 *
 * A 3 × 2 factorial design, so that each manipulation's effect is
 * identified on its own: `default` (revolving pre-selected, the 2016
 * environment and the reference; nothing pre-selected; the fixed loan
 * pre-selected) × `disclosure` (payment and rate only, the reference; total
 * cost and payoff time shown on both cards). The six cells are the arms,
 * `revolving-hidden` (the control) first. The product order is a nuisance the
 * design randomises in every cell, per participant, and records with the
 * exposure (export column `product_order`).
 */
export const creditChoice = {
  template: 'product-choice',
  key: 'credit-choice',
  initialState: 'running',
  title: 'Fixed loan versus revolving credit',
  hypothesis:
    'Fewer participants choose revolving credit for a one-off €10,000 purchase when it is not pre-selected (and fewer still when the fixed loan is), and fewer when total cost and payoff time are shown for both products.',
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
  // A lender may send the visitor's (coarse) income band with the assignment; it is exported as a pre-treatment column.
  lenderAttributes: [{ key: 'income_band', label: 'Net monthly household income band', levels: ['below-2000', '2000-3500', 'above-3500', 'unknown'] }],
  commonParams: { productOrder: 'randomised' },
  factors: [
    {
      key: 'default',
      label: 'Pre-selected product',
      levels: [
        { key: 'revolving', label: 'Revolving credit pre-selected (2016)', params: { preselected: 'revolving' } },
        { key: 'none', label: 'Nothing pre-selected', params: { preselected: null } },
        { key: 'fixed', label: 'Fixed loan pre-selected', params: { preselected: 'fixed' } },
      ],
    },
    {
      key: 'disclosure',
      label: 'Total cost and payoff time',
      levels: [
        { key: 'hidden', label: 'Payment and rate only', params: { showTotalCostAndPayoff: false } },
        { key: 'shown', label: 'Total cost and payoff time shown for both', params: { showTotalCostAndPayoff: true } },
      ],
    },
  ],
  outcomes: [
    {
      key: 'chose_revolving',
      label: 'Chose revolving credit',
      type: 'binary',
      primary: true,
      expectedDirectionByFactor: { default: { none: 'lower', fixed: 'lower' }, disclosure: { shown: 'lower' } },
      smallestEffectOfInterest: 0.05,
      derive: { from: 'equals', field: 'product', value: 'revolving' },
    },
    {
      key: 'kept_preselection',
      label: 'Kept the pre-selected product',
      type: 'binary',
      // Cells without a default have no pre-selection to keep: only cells with one are compared, each against the control.
      comparisons: [
        { arm: 'fixed-hidden', against: 'revolving-hidden' },
        { arm: 'revolving-shown', against: 'revolving-hidden' },
        { arm: 'fixed-shown', against: 'revolving-hidden' },
      ],
      derive: { from: 'keptDefault', field: 'product' },
    },
    { key: 'time_to_decide', label: 'Time to decide', type: 'continuous', unit: 'seconds', derive: { from: 'timeToDecide' } },
    { key: 'product_changes', label: 'Changes of product', type: 'continuous', unit: 'changes', derive: { from: 'changes', field: 'product' } },
  ],
  questionnaire: [
    // Pre-treatment measures, asked on their own page before the scenario and the screen: the plan's covariates and moderator.
    { ...ageBandQuestion, timing: 'before-screen' },
    { ...literacyInterestQuestion, timing: 'before-screen' },
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
      correctByFactor: { factor: 'default', answers: { revolving: 'revolving', none: 'none', fixed: 'fixed' } },
    },
    {
      kind: 'single-choice',
      key: 'recall_disclosure',
      role: 'manipulation-check',
      text: {
        nl: 'Stond op het keuzescherm bij elk krediet hoeveel u in totaal zou terugbetalen en hoe lang dat zou duren?',
        en: 'Did the choice screen show, for each credit, how much you would repay in total and how long it would take?',
      },
      options: [
        { value: 'yes', label: { nl: 'Ja', en: 'Yes' } },
        { value: 'no', label: { nl: 'Nee', en: 'No' } },
        { value: 'dont-remember', label: { nl: 'Weet ik niet meer', en: 'I do not remember' } },
      ],
      correctByFactor: { factor: 'disclosure', answers: { hidden: 'no', shown: 'yes' } },
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
    ...otherLiteracyQuestions,
  ],
  analysisPlan: { alpha: 0.05, minimumDetectableEffect: 0.15, plannedPerArm: 125, correction: 'holm',
    exclusions: [{ rule: 'failed-attention-check' }, { rule: 'did-not-complete' }],
    // Lin (2013) adjustment for the pre-treatment measures; whether defaults sway those who do not grasp compound interest more is exploratory.
    covariates: ['age_band', 'literacy_interest'],
    moderators: [{ key: 'literacy_interest', confirmatory: false }] },
} as const satisfies ExperimentDefinitionInput;
