import type { QuestionInput } from '../definition-schema';

/** Age in bands (never a birth date), with an option not to say. */
export const ageBandQuestion = {
  kind: 'single-choice',
  key: 'age_band',
  role: 'age-band',
  text: { nl: 'Wat is uw leeftijd?', en: 'What is your age?' },
  options: [
    { value: '18-24', label: { nl: '18–24 jaar', en: '18–24' } },
    { value: '25-34', label: { nl: '25–34 jaar', en: '25–34' } },
    { value: '35-44', label: { nl: '35–44 jaar', en: '35–44' } },
    { value: '45-54', label: { nl: '45–54 jaar', en: '45–54' } },
    { value: '55-64', label: { nl: '55–64 jaar', en: '55–64' } },
    { value: '65-plus', label: { nl: '65 jaar of ouder', en: '65 or older' } },
    { value: 'no-answer', label: { nl: 'Zeg ik liever niet', en: 'Prefer not to say' } },
  ],
} as const satisfies QuestionInput;

/** Attitude to borrowing on a 7-point scale. */
export const borrowingAttitudeQuestion = {
  kind: 'scale7',
  key: 'attitude_borrowing',
  role: 'attitude',
  text: {
    nl: 'In hoeverre bent u het eens met deze uitspraak: "Geld lenen voor een grote aankoop is verstandig."',
    en: 'How far do you agree with this statement: "Borrowing money for a large purchase is sensible."',
  },
  lowLabel: { nl: 'Helemaal oneens', en: 'Strongly disagree' },
  highLabel: { nl: 'Helemaal eens', en: 'Strongly agree' },
} as const satisfies QuestionInput;
