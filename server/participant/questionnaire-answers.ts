import type { Question } from '../../experiments/definition-schema';
import { scoreAnswer } from '../../experiments/score-answer';
import type { MessageKey } from '../i18n/messages-nl';
import type { Locale } from '../i18n/locale';
import type { NewAnswer } from '../store/store';
import { parseLocaleNumber } from './parse-locale-number';

export interface AnswerProblem {
  messageKey: MessageKey;
  /** Placeholders of the message besides `{question}`, which the page fills with the question's text. */
  parameters?: Record<string, number>;
}

export type QuestionnaireResult =
  | { ok: true; answers: NewAnswer[] }
  | { ok: false; problems: Record<string, AnswerProblem>; submitted: Record<string, string> };

/** The form field of a question. */
export const answerField = (questionKey: string): string => `q_${questionKey}`;

/**
 * Validates the questionnaire form: every question answered, choices among the
 * options, numbers in range, scale points 1–7; and scores the scored ones for
 * the participant's arm (null when none is drawn yet: the before-screen
 * questions of a design stratified by one of them). Returns all problems at once.
 *
 * @example
 * questionnaireAnswers({ q_attention_check: 'orange' }, [attentionCheckQuestion], 'control', 'nl');
 * // => { ok: true, answers: [{ questionKey: 'attention_check', answer: 'orange', correct: true }] }
 */
export function questionnaireAnswers(body: unknown, questions: readonly Question[], arm: string | null, locale: Locale): QuestionnaireResult {
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const problems: Record<string, AnswerProblem> = {};
  const submitted: Record<string, string> = {};
  const answers: NewAnswer[] = [];
  for (const question of questions) {
    const raw = form[answerField(question.key)];
    const text = typeof raw === 'string' ? raw.slice(0, 100) : '';
    submitted[question.key] = text;
    if (text.trim() === '') {
      problems[question.key] = { messageKey: 'error.answer.missing' };
      continue;
    }
    if (question.kind === 'single-choice') {
      if (!question.options.some((option) => option.value === text)) problems[question.key] = { messageKey: 'error.answer.missing' };
      else answers.push({ questionKey: question.key, answer: text, correct: scoreAnswer(question, text, arm) });
    } else if (question.kind === 'scale7') {
      const point = Number(text);
      if (!/^[1-7]$/.test(text)) problems[question.key] = { messageKey: 'error.answer.missing' };
      else answers.push({ questionKey: question.key, answer: text, correct: scoreAnswer(question, point, arm) });
    } else {
      const value = parseLocaleNumber(text, locale);
      if (value === null || Number.isNaN(value)) problems[question.key] = { messageKey: 'error.answer.number' };
      else if (value < question.min || value > question.max) {
        problems[question.key] = { messageKey: 'error.answer.range', parameters: { min: question.min, max: question.max } };
      } else answers.push({ questionKey: question.key, answer: String(value), correct: scoreAnswer(question, value, arm) });
    }
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems, submitted } : { ok: true, answers };
}
