import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { pageLocals, participantFromCookie } from './participant-context';
import { experimentOf } from '../http/load-experiment';
import { beforeScreenPath, beforeScreenStepDue } from './participant-step';

/** GET /e/:experimentKey/scenario — the situation to imagine, then on to the screen; someone due on the before-screen page goes there first. */
export function scenario(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    if (participant.decision) return response.redirect(303, `/e/${participant.experimentKey}/debrief`);
    if (beforeScreenStepDue(experiment.definition, participant)) return response.redirect(303, beforeScreenPath(participant.experimentKey));
    const { scenario: text } = experiment.definition;
    response.render('participant/scenario', {
      ...pageLocals(response, participant.locale),
      title: text.title[participant.locale],
      paragraphs: text.body[participant.locale].split(/\n\s*\n/),
      screenPath: `/e/${participant.experimentKey}/screen`,
    });
  };
}
