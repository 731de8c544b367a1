import type { Response } from 'express';
import type { Question } from '../../experiments/definition-schema';
import type { Translate } from '../i18n/translator';
import type { Locale } from '../i18n/locale';
import type { ParticipantRecord } from '../store/store';
import { pageLocals } from './participant-context';
import { answerField, type AnswerProblem } from './questionnaire-answers';

/** A question's text as an error message quotes it: whole up to 90 characters, else cut at a word with an ellipsis. */
function quotedQuestion(text: string): string {
  if (text.length <= 90) return text;
  const cut = text.slice(0, 90);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : 90)}…`;
}

/** The questions as the template shows them, in the participant's language, each problem naming its question. */
function questionViews(questions: readonly Question[], locale: Locale, t: Translate, submitted: Record<string, string>, problems: Record<string, AnswerProblem>) {
  return questions.map((question) => {
    const problem = problems[question.key];
    const common = {
      key: question.key,
      field: answerField(question.key),
      kind: question.kind,
      text: question.text[locale],
      value: submitted[question.key] ?? '',
      error: problem ? t(problem.messageKey, { ...problem.parameters, question: quotedQuestion(question.text[locale]) }) : null,
    };
    if (question.kind === 'single-choice') return { ...common, options: question.options.map((option) => ({ value: option.value, label: option.label[locale] })) };
    if (question.kind === 'scale7') {
      return {
        ...common,
        options: [1, 2, 3, 4, 5, 6, 7].map((point) => ({ value: String(point), label: String(point) })),
        lowLabel: question.lowLabel[locale],
        highLabel: question.highLabel[locale],
      };
    }
    return { ...common, unit: question.unit === 'none' ? null : t(`unit.${question.unit}`) };
  });
}

/** Which questionnaire page: the one before the screen or the one after the decision. */
export type QuestionnairePageKind = 'before-screen' | 'after-screen';

/**
 * Renders a page of questions (views/participant/questionnaire.ejs): the
 * before-screen questions or those after the decision, with what the
 * participant entered and a message at each problem, each naming its
 * question, under the questionnaire's own error heading.
 *
 * @example
 * renderQuestionnairePage(response, participant, { kind: 'before-screen', questions, action: '/e/credit-choice/before-screen', submitted: {}, problems: {} });
 */
export function renderQuestionnairePage(
  response: Response,
  participant: Pick<ParticipantRecord, 'locale'>,
  { kind, questions, action, submitted, problems }: { kind: QuestionnairePageKind; questions: readonly Question[]; action: string; submitted: Record<string, string>; problems: Record<string, AnswerProblem> },
): void {
  const locals = pageLocals(response, participant.locale);
  const before = kind === 'before-screen';
  response.render('participant/questionnaire', {
    ...locals,
    title: locals.t(before ? 'questionnaire.before.title' : 'questionnaire.title'),
    intro: locals.t(before ? 'questionnaire.before.intro' : 'questionnaire.intro'),
    submitLabel: locals.t(before ? 'questionnaire.before.submit' : 'questionnaire.submit'),
    errorSummaryTitle: locals.t('questionnaire.errors.title'),
    action,
    questions: questionViews(questions, participant.locale, locals.t, submitted, problems),
    hasProblems: Object.keys(problems).length > 0,
  });
}
