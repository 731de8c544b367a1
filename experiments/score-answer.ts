import type { Question } from './definition-schema';

/**
 * Whether an answer is correct, for scored questions: the right option (or
 * the right one for the participant's arm; the arm is null before one is drawn), the instructed scale point, or a
 * number within the relative tolerance of the truth. Null for unscored ones.
 *
 * @example
 * scoreAnswer({ kind: 'number', truth: 12771, tolerance: 0.1, … }, 13000, 'control'); // => true
 */
export function scoreAnswer(question: Question, answer: string | number, arm: string | null): boolean | null {
  if (question.kind === 'single-choice') {
    const correct = (arm === null ? undefined : question.correctByArm?.[arm]) ?? question.correct;
    return correct === undefined ? null : answer === correct;
  }
  if (question.kind === 'scale7') return question.correct === undefined ? null : answer === question.correct;
  const truth = (arm === null ? undefined : question.truthByArm?.[arm]) ?? question.truth;
  if (truth === undefined || typeof answer !== 'number') return null;
  if (truth === 0) return answer === 0;
  return Math.abs(answer - truth) / Math.abs(truth) <= question.tolerance;
}
