import type { ExperimentDefinitionInput } from '../../experiments/definition-schema';

/** A new experiment written from the schema's documentation, using every amount-screen option. */
export const sliderStudy = {
  template: 'amount',
  key: 'slider-study',
  initialState: 'running',
  title: 'Slider ranges',
  hypothesis: 'A wide slider starting at its midpoint raises requested amounts.',
  citation: 'Domain brief, optional arms of flagship 1.',
  scenario: { title: { nl: 'Situatie', en: 'Situation' }, body: { nl: 'Een verbouwing.\n\nKies een bedrag.', en: 'A renovation.\n\nChoose an amount.' } },
  screen: { annualPercentageRate: 0.079, termOptionsMonths: [36, 60, 84], defaultTermMonths: 60, amountLimits: { min: 100, max: 75000 } },
  arms: [
    { key: 'narrow', label: 'Slider €1,000–€15,000', weight: 1, params: { amountInput: { mode: 'slider', min: 1000, max: 15000, step: 100, start: 8000 } } },
    {
      key: 'wide',
      label: 'Slider €100–€75,000 from the midpoint',
      weight: 1,
      params: {
        amountInput: { mode: 'slider', min: 100, max: 75000, step: 100, start: 37500 },
        firstFigure: 'total-cost',
        wording: { title: { nl: 'Hoeveel wilt u lenen?', en: 'How much would you like to borrow?' }, submit: { nl: 'Verder', en: 'Next' } },
      },
    },
  ],
  outcomes: [
    { key: 'amount', label: 'Requested amount', type: 'continuous', unit: 'EUR', primary: true, derive: { from: 'field', field: 'amount' } },
    { key: 'kept_start', label: 'Left the slider at its start', type: 'binary', derive: { from: 'keptDefault', field: 'amount' } },
  ],
  analysisPlan: { minimumDetectableEffect: 1000, plannedPerArm: 100 },
  completion: { redirectUrlTemplate: 'https://panel.example/complete?code={code}' },
} as const satisfies ExperimentDefinitionInput;
