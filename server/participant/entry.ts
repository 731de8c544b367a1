import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { readStratum, stratumParameter, type StratumReading } from '../assignment/read-stratum';
import { cookieIsSecure } from '../http/secure-cookie';
import { pageLocals, participantFromCookieIfAny, refusedBecauseClosed } from './participant-context';
import { experimentOf } from '../http/load-experiment';
import { rememberParticipant } from './participant-cookie';
import { stratumProblemPage } from './stratum-problem-page';
import { participantStepPath } from './participant-step';
import { entryLinkSignatureIsValid } from './entry-link-signature';
import { newConsentPageToken } from './consent-page';
import { mayContinueParticipation, participationBoundElsewherePage, unsignedEntryLinkPage } from './participation-binding';
import { rememberTestTraffic } from '../test-traffic/test-traffic-cookie';
import { panelValueSchema, readPanelEntry } from './panel-entry-parameters';
import { participantLanguage } from './participant-language';
import { invalidEntryLinkPage } from './invalid-entry-link-page';
import { studyInformationLines } from './study-information-lines';

/** A panel id: what panels put in links (letters, digits and . _ : @ -), at most 128 characters. */
export const panelIdSchema = panelValueSchema;

/** The link's `sig`, when it is one plausible value (a repeated or overlong one signs nothing). */
const signatureOf = (value: unknown): string | undefined => (typeof value === 'string' && value.length <= 128 ? value : undefined);

/**
 * GET /e/:experimentKey?pid=ID&lang=en — the entry link, with the panel's id
 * under the parameter its panel declares (`PROLIFIC_PID=…`), the panel's
 * recorded parameters, and the stratum parameter when the design is
 * stratified. The language is the link's `lang` when the experiment offers
 * it, else the experiment's default — never the browser's preference. A
 * known participant (by panel id, or by this browser's cookie) resumes where
 * they left off; anyone else sees the consent page. A broken panel value
 * gets the "link not valid" page. Nothing is stored before consent.
 */
export function entry(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const { definition } = experiment;
    const locale = participantLanguage(definition.languages, request.query.lang);
    const panelEntry = readPanelEntry(definition.panel, request.query);
    if (!panelEntry.ok) return invalidEntryLinkPage(response, locale, panelEntry.parameter);
    const { panelId: pid, recorded } = panelEntry;
    const sig = signatureOf(request.query.sig);
    const key = definition.key;
    if (definition.entryLinks.signed && !entryLinkSignatureIsValid(context.secret, key, pid, sig)) return unsignedEntryLinkPage(response, locale);
    const returning = pid
      ? await context.store.findParticipant(key, pid)
      : await participantFromCookieIfAny(context, request, key);
    // Whether this browser may go on is decided on the participant as just read (not on an earlier read), so that another
    // browser's consent landing meanwhile cannot hand this one its participation.
    if (pid && returning && !(await mayContinueParticipation(context, request, returning))) return participationBoundElsewherePage(response, locale);
    rememberTestTraffic(context, request, response, key);
    if (returning) {
      rememberParticipant(response, key, returning.participantId, cookieIsSecure(request, context.secureCookies));
      response.redirect(303, participantStepPath(returning, definition));
      return;
    }
    if (await refusedBecauseClosed(context, experiment, response, locale)) return;
    // A design stratified by an entry parameter needs it from the link before consent, so the consent form can carry it;
    // one stratified by a before-screen answer needs nothing from the link (the answer comes after consent).
    const parameter = stratumParameter(definition.randomisation);
    const stratum: StratumReading = parameter === undefined ? { ok: true, stratum: null } : readStratum(definition, request.query[parameter]);
    if (!stratum.ok) return stratumProblemPage(response, locale, stratum);
    const locals = pageLocals(response, locale);
    const otherLanguage = definition.languages.available.find((language) => language !== locale);
    const linkParameters = {
      ...(pid ? { [definition.panel.idParameter]: pid } : {}),
      ...recorded,
      ...(sig ? { sig } : {}),
      ...(parameter && stratum.stratum ? { [parameter]: stratum.stratum } : {}),
    };
    response.render('participant/consent', {
      ...locals,
      title: locals.t('consent.title'),
      intro: definition.studyInformation.consentIntro?.[locale] ?? locals.t('consent.intro'),
      study: studyInformationLines(definition, locale, locals.t),
      experimentKey: key,
      pid: pid ?? '',
      panelParameters: Object.entries(recorded).map(([name, value]) => ({ name, value })),
      sig: sig ?? '',
      stratum: stratum.stratum ?? '',
      consentPage: newConsentPageToken(),
      languageSwitch:
        definition.languages.switcher && otherLanguage
          ? { language: otherLanguage, link: `/e/${key}?${new URLSearchParams({ ...linkParameters, lang: otherLanguage })}` }
          : null,
    });
  };
}
