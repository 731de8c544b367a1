import type { RequestHandler } from 'express';
import { questionsAt } from '../../experiments/questions-at';
import type { AppContext } from '../app-context';
import { experimentOf } from '../http/load-experiment';
import { participantFromCookie } from './participant-context';
import { beforeScreenPath, beforeScreenQuestionsPending, participantStepPath } from './participant-step';
import { questionnaireAnswers } from './questionnaire-answers';
import { renderQuestionnairePage } from './questionnaire-page';

/**
 * GET /e/:experimentKey/before-screen — the before-screen questions (pre-treatment
 * measures such as an age band), on their own page after consent. Someone
 * who has answered them, or whose experiment has none, goes on to their step.
 */
export function showBeforeScreenQuestions(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    if (!beforeScreenQuestionsPending(experiment.definition, participant) || participant.exposedAt) return response.redirect(303, participantStepPath(participant, experiment.definition));
    const questions = questionsAt(experiment.definition.questionnaire, 'before-screen');
    renderQuestionnairePage(response, participant, { kind: 'before-screen', questions, action: beforeScreenPath(participant.experimentKey), submitted: {}, problems: {} });
  };
}

/**
 * POST /e/:experimentKey/before-screen — validates and stores the before-screen
 * answers at once (like the questionnaire after the screen), then on to the
 * scenario; incomplete or invalid answers re-show the page (400), each
 * message naming its question, and store nothing. A repeat changes nothing.
 */
export function submitBeforeScreenQuestions(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    if (!beforeScreenQuestionsPending(experiment.definition, participant) || participant.exposedAt) return response.redirect(303, participantStepPath(participant, experiment.definition));
    const questions = questionsAt(experiment.definition.questionnaire, 'before-screen');
    const result = questionnaireAnswers(request.body, questions, participant.arm, participant.locale);
    if (!result.ok) {
      response.status(400);
      return renderQuestionnairePage(response, participant, { kind: 'before-screen', questions, action: beforeScreenPath(participant.experimentKey), submitted: result.submitted, problems: result.problems });
    }
    await context.store.recordAnswers(participant.experimentKey, participant.participantId, result.answers, context.now());
    response.redirect(303, `/e/${participant.experimentKey}/scenario`);
  };
}
