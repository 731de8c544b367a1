import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { assignArm } from '../assignment/assign-arm';
import { HttpError } from '../http/http-error';
import { cookieIsSecure } from '../http/secure-cookie';
import { panelIdSchema } from './entry';
import { pageLocals, participantFromCookieIfAny, refusedBecauseClosed } from './participant-context';
import { experimentOf } from '../http/load-experiment';
import { rememberParticipant } from './participant-cookie';
import { participantStepPath } from './participant-step';
import { userAgentClass } from './user-agent-class';

const consentFormSchema = z.object({
  choice: z.enum(['accept', 'decline']),
  pid: z.union([panelIdSchema, z.literal('')]).optional(),
  lang: z.enum(['nl', 'en']).default('nl'),
});

/**
 * POST /e/:experimentKey/consent — a decline stores only that someone
 * declined; an accept enrols the participant (id = panel id, else a new UUID)
 * in the arm GrowthBook gives that id, or the arm already stored for it.
 */
export function consent(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const form = consentFormSchema.safeParse(request.body);
    if (!form.success) throw new HttpError(400, 'the consent form is incomplete or invalid');
    const { choice, lang: locale } = form.data;
    const pid = form.data.pid || undefined;
    const key = experiment.definition.key;
    if (choice === 'decline') {
      await context.store.recordConsentDecline(key, context.now());
      const locals = pageLocals(response, locale);
      response.render('participant/message', { ...locals, title: locals.t('declined.title'), body: locals.t('declined.body') });
      return;
    }
    const sameBrowser = pid ? undefined : await participantFromCookieIfAny(context, request, key);
    const participantId = pid ?? sameBrowser?.participantId ?? randomUUID();
    const alreadyEnrolled = sameBrowser ?? (pid ? await context.store.findParticipant(key, pid) : undefined);
    if (!alreadyEnrolled && (await refusedBecauseClosed(context, experiment, response, locale))) return;
    const participant = await context.store.enrolParticipant({
      experimentKey: key,
      participantId,
      panelId: pid ?? null,
      locale,
      userAgentClass: userAgentClass(request.get('user-agent')),
      arm: assignArm(experiment.definition, participantId),
      definitionHash: experiment.definitionHash,
      at: context.now(),
    });
    rememberParticipant(response, key, participant.participantId, cookieIsSecure(request, context.secureCookies));
    response.redirect(303, participantStepPath(participant));
  };
}
