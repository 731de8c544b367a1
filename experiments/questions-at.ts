import type { Question } from './definition-schema';

/**
 * The questions asked at one moment of the flow, in their declared order:
 * `before-screen` ones on their own page after consent, `after-screen` ones
 * on the questionnaire after the decision.
 *
 * @example
 * questionsAt(creditChoice.questionnaire, 'before-screen').map((question) => question.key); // => ['age_band', 'literacy_interest']
 */
export function questionsAt(questionnaire: readonly Question[], timing: Question['timing']): Question[] {
  return questionnaire.filter((question) => question.timing === timing);
}
