import type { QuestionInput } from '../definition-schema';

/**
 * An instructed-response attention check: the question tells the participant
 * which answer to give. The result is a column in the data; nobody is
 * excluded silently.
 */
export const attentionCheckQuestion = {
  kind: 'single-choice',
  key: 'attention_check',
  role: 'attention-check',
  text: {
    nl: 'Om te controleren of u de vragen leest: kies bij deze vraag het antwoord "Oranje".',
    en: 'To check that you are reading the questions: please choose the answer "Orange" here.',
  },
  options: [
    { value: 'blue', label: { nl: 'Blauw', en: 'Blue' } },
    { value: 'orange', label: { nl: 'Oranje', en: 'Orange' } },
    { value: 'green', label: { nl: 'Groen', en: 'Green' } },
    { value: 'red', label: { nl: 'Rood', en: 'Red' } },
  ],
  correct: 'orange',
} as const satisfies QuestionInput;
