import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { serverTemplateOf } from '../templates/server-template-registry';
import { pageLocals, participantFromCookie } from './participant-context';
import { experimentOf } from '../http/load-experiment';
import { participantStepPath } from './participant-step';

/** GET /e/:experimentKey/debrief — what the study was about, the participant's choice and completion code. */
export function debrief(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    const { decision, completion, locale } = participant;
    if (!decision || !completion) return response.redirect(303, participantStepPath(participant));
    const locals = pageLocals(response, locale);
    const { definition } = experiment;
    const choiceRows = serverTemplateOf(definition).debriefRows({ definition, values: decision.values, locale, t: locals.t });
    const template = definition.completion.redirectUrlTemplate;
    response.render('participant/debrief', {
      ...locals,
      title: locals.t('debrief.title'),
      choiceRows,
      completionCode: completion.code,
      returnUrl: template?.replaceAll('{code}', encodeURIComponent(completion.code)),
    });
  };
}
