import type { RequestHandler, Response } from 'express';
import type { Experiment } from '../../experiments/validate-experiments';
import type { AppContext } from '../app-context';
import type { Translate } from '../i18n/translator';
import type { Locale } from '../i18n/locale';
import type { ParticipantRecord } from '../store/store';
import { completeParticipation } from './complete-participation';
import { pageLocals, participantFromCookie } from './participant-context';
import { experimentOf } from '../http/load-experiment';
import { participantStepPath } from './participant-step';
import { answerField, questionnaireAnswers, type AnswerProblem } from './questionnaire-answers';

/** The questions as the template shows them, in the participant's language. */
function questionViews(experiment: Experiment, locale: Locale, t: Translate, submitted: Record<string, string>, problems: Record<string, AnswerProblem>) {
  return experiment.definition.questionnaire.map((question) => {
    const problem = problems[question.key];
    const common = {
      key: question.key,
      field: answerField(question.key),
      kind: question.kind,
      text: question.text[locale],
      value: submitted[question.key] ?? '',
      error: problem ? t(problem.messageKey, problem.parameters) : null,
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

function renderQuestionnaire(response: Response, experiment: Experiment, participant: ParticipantRecord, submitted: Record<string, string>, problems: Record<string, AnswerProblem>) {
  const locals = pageLocals(response, participant.locale);
  response.render('participant/questionnaire', {
    ...locals,
    title: locals.t('questionnaire.title'),
    action: `/e/${participant.experimentKey}/questionnaire`,
    questions: questionViews(experiment, participant.locale, locals.t, submitted, problems),
    hasProblems: Object.keys(problems).length > 0,
  });
}

/** GET /e/:experimentKey/questionnaire — the questions after the decision (an experiment without questions completes here). */
export function showQuestionnaire(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    if (!participant.decision || participant.completion) return response.redirect(303, participantStepPath(participant));
    if (experiment.definition.questionnaire.length === 0) {
      await completeParticipation(context, participant);
      return response.redirect(303, `/e/${participant.experimentKey}/debrief`);
    }
    renderQuestionnaire(response, experiment, participant, {}, {});
  };
}

/**
 * POST /e/:experimentKey/questionnaire — stores all answers at once, scored,
 * and completes the participation; incomplete or invalid answers re-show the
 * form (400) with a message at each question and store nothing.
 */
export function submitQuestionnaire(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    if (!participant.decision || participant.completion) return response.redirect(303, participantStepPath(participant));
    const result = questionnaireAnswers(request.body, experiment.definition.questionnaire, participant.arm, participant.locale);
    if (!result.ok) {
      response.status(400);
      return renderQuestionnaire(response, experiment, participant, result.submitted, result.problems);
    }
    await context.store.recordAnswers(participant.experimentKey, participant.participantId, result.answers, context.now());
    await completeParticipation(context, participant);
    response.redirect(303, `/e/${participant.experimentKey}/debrief`);
  };
}
