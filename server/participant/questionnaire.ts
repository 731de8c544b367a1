import type { RequestHandler } from 'express';
import { questionsAt } from '../../experiments/questions-at';
import type { AppContext } from '../app-context';
import { completeParticipation } from './complete-participation';
import { participantFromCookie, whileStillEnrolled } from './participant-context';
import { experimentOf } from '../http/load-experiment';
import { participantStepPath } from './participant-step';
import { questionnaireAnswers } from './questionnaire-answers';
import { renderQuestionnairePage } from './questionnaire-page';

const actionOf = (experimentKey: string) => `/e/${experimentKey}/questionnaire`;

/** GET /e/:experimentKey/questionnaire — the questions after the decision (an experiment without any completes here). */
export function showQuestionnaire(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    if (!participant.decision || participant.completion) return response.redirect(303, participantStepPath(participant, experiment.definition));
    const questions = questionsAt(experiment.definition.questionnaire, 'after-screen');
    if (questions.length === 0) {
      await completeParticipation(context, response, participant);
      return response.redirect(303, `/e/${participant.experimentKey}/debrief`);
    }
    renderQuestionnairePage(response, participant, { kind: 'after-screen', questions, action: actionOf(participant.experimentKey), submitted: {}, problems: {} });
  };
}

/**
 * POST /e/:experimentKey/questionnaire — stores all answers after the screen
 * at once, scored, and completes the participation; incomplete or invalid
 * answers re-show the form (400) with a message at each question and store nothing.
 */
export function submitQuestionnaire(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    if (!participant.decision || participant.completion) return response.redirect(303, participantStepPath(participant, experiment.definition));
    const questions = questionsAt(experiment.definition.questionnaire, 'after-screen');
    const result = questionnaireAnswers(request.body, questions, participant.arm, participant.locale);
    if (!result.ok) {
      response.status(400);
      return renderQuestionnairePage(response, participant, { kind: 'after-screen', questions, action: actionOf(participant.experimentKey), submitted: result.submitted, problems: result.problems });
    }
    await whileStillEnrolled(response, participant, context.store.recordAnswers(participant.experimentKey, participant.participantId, result.answers, context.now()));
    await completeParticipation(context, response, participant);
    response.redirect(303, `/e/${participant.experimentKey}/debrief`);
  };
}
