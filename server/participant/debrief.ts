import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { serverTemplateOf } from '../templates/server-template-registry';
import { pageLocals, participantFromCookie } from './participant-context';
import { experimentOf } from '../http/load-experiment';
import { participantStepPath } from './participant-step';
import { studyInformationLines } from './study-information-lines';

/** Seconds the debrief shows its notice before sending the participant back to the panel. */
export const returnToPanelDelaySeconds = 5;

/**
 * GET /e/:experimentKey/debrief — what the study was about (the experiment's
 * own text, or the standard one), the participant's choice, the completion
 * code and who to contact. With a panel return link it sends the participant
 * back after a short notice: /static/return-to-panel.js (no inline script,
 * the CSP is unchanged) follows the link after 5 seconds unless they choose to
 * stay, and without JavaScript a meta refresh does the same; the link itself
 * is always on the page.
 */
export function debrief(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const participant = await participantFromCookie(context, request, experiment);
    const { decision, completion, locale } = participant;
    if (!decision || !completion) return response.redirect(303, participantStepPath(participant, experiment.definition));
    const locals = pageLocals(response, locale);
    const { definition } = experiment;
    const choiceRows = serverTemplateOf(definition).debriefRows({ definition, values: decision.values, locale, t: locals.t });
    const template = definition.completion.redirectUrlTemplate;
    const returnUrl = template?.replaceAll('{code}', encodeURIComponent(completion.code));
    response.render('participant/debrief', {
      ...locals,
      title: locals.t('debrief.title'),
      body: definition.studyInformation.debriefBody?.[locale] ?? locals.t('debrief.body'),
      study: studyInformationLines(definition, locale, locals.t),
      choiceRows,
      completionCode: completion.code,
      returnUrl,
      returnAfterNotice: returnUrl ? { url: returnUrl, seconds: returnToPanelDelaySeconds } : null,
    });
  };
}
