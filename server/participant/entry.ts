import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { readStratum, stratumParameter } from '../assignment/read-stratum';
import { HttpError } from '../http/http-error';
import { cookieIsSecure } from '../http/secure-cookie';
import type { Locale } from '../i18n/locale';
import { pageLocals, participantFromCookieIfAny, refusedBecauseClosed } from './participant-context';
import { experimentOf } from '../http/load-experiment';
import { rememberParticipant } from './participant-cookie';
import { stratumProblemPage } from './stratum-problem-page';
import { participantStepPath } from './participant-step';
import { entryLinkSignatureIsValid } from './entry-link-signature';
import { mayContinueParticipation, participationBoundElsewherePage, unsignedEntryLinkPage } from './participation-binding';
import { rememberTestTraffic } from '../test-traffic/test-traffic-cookie';

/** A panel id: what panels put in links (letters, digits and . _ : @ -), at most 128 characters. */
export const panelIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[\p{L}\p{N}._:@-]+$/u);

export const entryQuerySchema = z.object({
  pid: panelIdSchema.optional(),
  lang: z.enum(['nl', 'en']).optional(),
  sig: z.string().max(128).optional(),
});

/**
 * GET /e/:experimentKey?pid=ID&lang=en — the entry link (with the stratum
 * parameter when the design is stratified). A known participant
 * (by pid, or by this browser's cookie) resumes where they left off; anyone
 * else sees the consent page. Nothing is stored before consent.
 */
export function entry(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const query = entryQuerySchema.safeParse(request.query);
    if (!query.success) throw new HttpError(400, 'the participant link has an invalid pid or lang parameter');
    const { pid, lang, sig } = query.data;
    const locale: Locale = lang ?? (request.acceptsLanguages('nl', 'en') === 'en' ? 'en' : 'nl');
    const key = experiment.definition.key;
    if (experiment.definition.entryLinks.signed && !entryLinkSignatureIsValid(context.secret, key, pid, sig)) return unsignedEntryLinkPage(response, locale);
    if (pid && !(await mayContinueParticipation(context, request, key, pid))) return participationBoundElsewherePage(response, locale);
    rememberTestTraffic(context, request, response, key);
    const returning = pid
      ? await context.store.findParticipant(key, pid)
      : await participantFromCookieIfAny(context, request, key);
    if (returning) {
      rememberParticipant(response, key, returning.participantId, cookieIsSecure(request, context.secureCookies));
      response.redirect(303, participantStepPath(returning));
      return;
    }
    if (await refusedBecauseClosed(context, experiment, response, locale)) return;
    // A stratified design needs the stratum from the link before consent, so the consent form can carry it.
    const parameter = stratumParameter(experiment.definition.randomisation);
    const stratum = readStratum(experiment.definition.randomisation, parameter && request.query[parameter]);
    if (!stratum.ok) return stratumProblemPage(response, locale, stratum);
    const locals = pageLocals(response, locale);
    const stratumQuery = parameter && stratum.stratum ? { [parameter]: stratum.stratum } : {};
    response.render('participant/consent', {
      ...locals,
      title: locals.t('consent.title'),
      experimentKey: key,
      pid: pid ?? '',
      sig: sig ?? '',
      stratum: stratum.stratum ?? '',
      otherLanguage: locale === 'nl' ? 'en' : 'nl',
      otherLanguageLink: `/e/${key}?${new URLSearchParams({ ...(pid ? { pid } : {}), ...(sig ? { sig } : {}), ...stratumQuery, lang: locale === 'nl' ? 'en' : 'nl' })}`,
    });
  };
}
