import { creditTable } from '../../arithmetic/credit-table';
import { defineScreenTemplate, type TemplateIssue } from '../screen-template';
import { amountArmParamsSchema, amountScreenSchema, type AmountArmParams, type AmountInput, type AmountScreen } from './amount-parameters';
import { simulatedAmountDecision, type ObservedAmountScreen } from './simulated-amount-decision';

/** What one participant's amount screen shows; stored with the exposure. */
export interface AmountPresentation {
  template: 'amount';
  amountInput: AmountInput;
  firstFigure: 'monthly-payment' | 'total-cost';
  /** Only present when the arm pre-selects a term of its own. */
  defaultTermMonths?: number | null;
}

/** The term an arm pre-selects: its own, else the screen's; undefined for none. */
function defaultTermOf(screen: AmountScreen, params: AmountArmParams): number | undefined {
  if (params.defaultTermMonths !== undefined) return params.defaultTermMonths ?? undefined;
  return screen.defaultTermMonths;
}

/**
 * The amount screen: an amount field (empty, pre-filled, a slider, or a
 * fixed amount shown as a figure), a term picker and a krediettabel that
 * updates live. Records `amount` (whole euros) and `term` (months).
 */
export const amountTemplate = defineScreenTemplate<'amount', typeof amountScreenSchema, typeof amountArmParamsSchema, AmountPresentation, ObservedAmountScreen>({
  name: 'amount',
  description: 'an amount field or slider (or a fixed amount), a term picker and a live krediettabel',
  screenSchema: amountScreenSchema,
  armParamsSchema: amountArmParamsSchema,
  decisionFields: () => [
    { field: 'amount', column: 'chosen_amount', type: 'integer', unit: 'EUR', meaning: 'Amount the participant requested.' },
    { field: 'term', column: 'chosen_term', type: 'integer', unit: 'months', meaning: 'Term the participant chose.' },
  ],
  computedFields: [
    {
      field: 'total_payable',
      meaning: 'Total amount payable for the chosen amount and term (krediettabel, in euros).',
      compute: (screen, values) =>
        typeof values.amount === 'number' && typeof values.term === 'number' ? creditTable(values.amount, values.term, screen.annualPercentageRate).totalPayable : null,
    },
  ],
  keptDefaultField: (params) => (params.amountInput.mode === 'fixed' ? 'term' : 'amount'),
  armDefaults(screen, params) {
    const defaults: Record<string, number | string> = {};
    const input = params.amountInput;
    if (input.mode === 'prefilled') defaults.amount = input.value;
    if (input.mode === 'slider') defaults.amount = input.start;
    const term = defaultTermOf(screen, params);
    if (term !== undefined) defaults.term = term;
    return defaults;
  },
  definitionIssues(screen, arms) {
    const issues: TemplateIssue[] = [];
    const { min, max } = screen.amountLimits;
    if (min > max) issues.push({ path: ['screen', 'amountLimits'], message: `min (${min}) is above max (${max})` });
    arms.forEach((arm, index) => {
      const input = arm.params.amountInput;
      const path = ['arms', index, 'params', 'amountInput'];
      if ((input.mode === 'prefilled' || input.mode === 'fixed') && (input.value < min || input.value > max)) {
        issues.push({ path: [...path, 'value'], message: `${input.mode === 'fixed' ? 'fixed' : 'pre-filled'} amount ${input.value} is outside the amount limits ${min}–${max}` });
      }
      if (input.mode === 'slider') {
        if (input.min >= input.max) issues.push({ path: [...path, 'min'], message: 'slider min must be below max' });
        if (input.min < min || input.max > max) issues.push({ path: [...path, 'max'], message: `slider range must lie within the amount limits ${min}–${max}` });
        if (input.start < input.min || input.start > input.max) issues.push({ path: [...path, 'start'], message: 'slider start must lie between min and max' });
        if ((input.start - input.min) % input.step !== 0) issues.push({ path: [...path, 'start'], message: 'slider start must be min plus a whole number of steps' });
      }
      const armTerm = arm.params.defaultTermMonths;
      if (armTerm !== undefined && armTerm !== null && !screen.termOptionsMonths.includes(armTerm)) {
        issues.push({ path: ['arms', index, 'params', 'defaultTermMonths'], message: 'must be one of termOptionsMonths' });
      }
    });
    if (screen.defaultTermMonths !== undefined && !screen.termOptionsMonths.includes(screen.defaultTermMonths)) {
      issues.push({ path: ['screen', 'defaultTermMonths'], message: 'must be one of termOptionsMonths' });
    }
    return issues;
  },
  presentation: ({ params }) => ({
    template: 'amount',
    amountInput: params.amountInput,
    firstFigure: params.firstFigure,
    ...(params.defaultTermMonths === undefined ? {} : { defaultTermMonths: params.defaultTermMonths }),
  }),
  presentationColumns: [],
  simulatedDecision: simulatedAmountDecision,
});
