import type { RequestHandler } from 'express';
import { questionsAt } from '../../experiments/questions-at';
import { stratumQuestionKey } from '../../experiments/stratum-levels';
import type { AppContext } from '../app-context';
import { drawArm } from '../assignment/draw-arm';
import { readStratum, stratumParameter } from '../assignment/read-stratum';
import { HttpError } from '../http/http-error';
import { experimentOf } from '../http/load-experiment';
import type { Experiment } from '../../experiments/validate-experiments';
import type { NewAnswer, NewAssignment, ParticipantRecord } from '../store/store';
import { participantFromCookie, whileStillEnrolled } from './participant-context';
import { beforeScreenPath, beforeScreenStepDue, participantStepPath } from './participant-step';
import { questionnaireAnswers } from './questionnaire-answers';
import { renderQuestionnairePage } from './questionnaire-page';

/**
 * GET /e/:experimentKey/before-screen — the before-screen questions (pre-treatment
 * measures such as an age band), on their own page after consent. Someone
 * who has answered them (and has an arm), or whose experiment has none, goes
 * on to their step.
 */
export function showBeforeScreenQuestions(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    if (!beforeScreenStepDue(experiment.definition, participant)) return response.redirect(303, participantStepPath(participant, experiment.definition));
    refuseArmlessUnderEntryStrata(experiment, participant);
    const questions = questionsAt(experiment.definition.questionnaire, 'before-screen');
    renderQuestionnairePage(response, participant, { kind: 'before-screen', questions, action: beforeScreenPath(participant.experimentKey), submitted: {}, problems: {} });
  };
}

/**
 * Stops a participant who consented without an arm (the design then drew it
 * from a before-screen answer) when the design now takes the stratum from
 * the entry link: their link carried none, so no block can take them, and
 * answering again cannot help. They get a page saying the study changed
 * (409), not "try again" (the generic 400) on every attempt.
 *
 * @throws HttpError 409 with the study-changed page.
 */
function refuseArmlessUnderEntryStrata(experiment: Experiment, participant: ParticipantRecord): void {
  if (participant.arm !== null) return;
  const parameter = stratumParameter(experiment.definition.randomisation);
  if (parameter === undefined) return;
  throw new HttpError(409, `${participant.participantId} consented without an arm, and the design now takes its stratum from the entry parameter "${parameter}"`, 'error.studyChanged');
}

/**
 * The arm to assign with the before-screen answers, for a participant
 * enrolled without one (a design stratified by a before-screen answer): the
 * next position of the block of the stratum they answered. Undefined for a
 * participant who has an arm.
 *
 * @throws HttpError 400 when the answers lack a valid stratum (the page's validation lets none through).
 */
function assignmentWithAnswers(experiment: Experiment, participant: ParticipantRecord, answers: readonly NewAnswer[]): NewAssignment | undefined {
  if (participant.arm !== null) return undefined;
  const { definition } = experiment;
  const questionKey = stratumQuestionKey(definition.randomisation);
  const stratum = readStratum(definition, questionKey === undefined ? undefined : answers.find((answer) => answer.questionKey === questionKey)?.answer);
  if (!stratum.ok) throw new HttpError(400, `the answer to "${stratum.parameter}" is ${stratum.problem}`);
  return { arm: drawArm(definition, participant.participantId, stratum.stratum), definitionHash: experiment.definitionHash };
}

/**
 * POST /e/:experimentKey/before-screen — validates and stores the before-screen
 * answers at once (like the questionnaire after the screen), then on to the
 * scenario; incomplete or invalid answers re-show the page (400), each
 * message naming its question, and store nothing. For a design stratified by
 * a before-screen answer the arm is drawn from that stratum's block in the
 * same transaction as the answers are stored, so a participant who never
 * answers holds no position. A repeat (a reload, another tab) changes nothing.
 */
export function submitBeforeScreenQuestions(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    if (!beforeScreenStepDue(experiment.definition, participant)) return response.redirect(303, participantStepPath(participant, experiment.definition));
    refuseArmlessUnderEntryStrata(experiment, participant);
    const questions = questionsAt(experiment.definition.questionnaire, 'before-screen');
    const result = questionnaireAnswers(request.body, questions, participant.arm, participant.locale);
    if (!result.ok) {
      response.status(400);
      return renderQuestionnairePage(response, participant, { kind: 'before-screen', questions, action: beforeScreenPath(participant.experimentKey), submitted: result.submitted, problems: result.problems });
    }
    const assignment = assignmentWithAnswers(experiment, participant, result.answers);
    await whileStillEnrolled(response, participant, context.store.recordAnswers(participant.experimentKey, participant.participantId, result.answers, context.now(), assignment));
    response.redirect(303, `/e/${participant.experimentKey}/scenario`);
  };
}
