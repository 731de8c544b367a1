import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { creditTableRows } from './credit-table-rows';
import { experimentFromPath, pageLocals, participantFromCookie } from './participant-context';
import { participantStepPath } from './participant-step';

/** GET /e/:experimentKey/debrief — what the study was about, the participant's krediettabel and completion code. */
export function debrief(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentFromPath(context, request);
    const participant = await participantFromCookie(context, request, experiment);
    const { decision, completion } = participant;
    if (!decision || !completion) return response.redirect(303, participantStepPath(participant));
    const locals = pageLocals(response, participant.locale);
    const template = experiment.definition.completion.redirectUrlTemplate;
    response.render('participant/debrief', {
      ...locals,
      title: locals.t('debrief.title'),
      creditTable: creditTableRows(
        Number(decision.values.amount),
        Number(decision.values.term),
        experiment.definition.screen.annualPercentageRate,
        participant.locale,
        locals.t,
      ),
      completionCode: completion.code,
      returnUrl: template?.replaceAll('{code}', encodeURIComponent(completion.code)),
    });
  };
}
