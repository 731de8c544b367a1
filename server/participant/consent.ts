import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { drawArm } from '../assignment/draw-arm';
import { readStratum } from '../assignment/read-stratum';
import { stratumQuestionKey } from '../../experiments/stratum-levels';
import { HttpError } from '../http/http-error';
import { cookieIsSecure } from '../http/secure-cookie';
import type { Panel } from '../../experiments/participant-pages/panel-schema';
import { readPanelEntry } from './panel-entry-parameters';
import { participantLanguage } from './participant-language';
import { invalidEntryLinkPage } from './invalid-entry-link-page';
import { pageLocals, participantFromCookieIfAny, refusedBecauseClosed } from './participant-context';
import { experimentOf } from '../http/load-experiment';
import { rememberParticipant } from './participant-cookie';
import { participantStepPath } from './participant-step';
import { stratumProblemPage } from './stratum-problem-page';
import { userAgentClass } from './user-agent-class';
import { entryLinkSignatureIsValid } from './entry-link-signature';
import { consentPageHash, consentPageTokenOf, participantIdOfConsentPage } from './consent-page';
import { mayContinueParticipation, participationBoundElsewherePage, unsignedEntryLinkPage } from './participation-binding';
import { isTestTraffic } from '../test-traffic/test-traffic-cookie';

const consentFormSchema = z.looseObject({
  choice: z.enum(['accept', 'decline']),
  pid: z.string().max(200).optional(),
  lang: z.string().max(16).optional(),
  stratum: z.string().max(200).optional(),
  sig: z.string().max(128).optional(),
  consent_page: z.string().max(64).optional(),
});

/** The panel parameters as the consent form carries them: the id as `pid`, the others as `panel_NAME`, under the panel's own names. */
function panelParametersOfForm(panel: Panel, form: Record<string, unknown>): Record<string, unknown> {
  return { [panel.idParameter]: form.pid, ...Object.fromEntries(panel.recordParameters.map((name) => [name, form[`panel_${name}`]])) };
}

/**
 * POST /e/:experimentKey/consent — a decline stores only that someone
 * declined; an accept enrols the participant (id = panel id, else a new UUID)
 * in the arm the experiment's randomisation draws (GrowthBook hashing, or the
 * next position of a permuted block of their stratum), or the arm already
 * stored for it. When the stratum is the answer to a before-screen question,
 * consent enrols without an arm (and without a block position): the arm is
 * drawn when those answers are accepted. With a panel id already taken by
 * another browser (or a lender's unit) it enrols nobody and shows the "link
 * already used" page — also to every browser but the first of several that
 * consent with one panel id at the same instant (but not to a second accept
 * from the same consent page, a double click: see consent-page.ts);
 * an experiment with signed links refuses a link without a valid `sig`. The
 * panel's declared parameters are read again from the form (hidden fields
 * the consent page carried) and recorded with a new participant; the
 * language is the one the consent page was shown in, if the experiment
 * offers it.
 */
export function consent(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const form = consentFormSchema.safeParse(request.body);
    if (!form.success) throw new HttpError(400, 'the consent form is incomplete or invalid');
    const { choice } = form.data;
    const { definition } = experiment;
    const locale = participantLanguage(definition.languages, form.data.lang);
    const key = definition.key;
    if (choice === 'decline') {
      await context.store.recordConsentDecline(key, context.now());
      const locals = pageLocals(response, locale);
      response.render('participant/message', { ...locals, title: locals.t('declined.title'), body: locals.t('declined.body') });
      return;
    }
    const panelEntry = readPanelEntry(definition.panel, panelParametersOfForm(definition.panel, form.data));
    if (!panelEntry.ok) return invalidEntryLinkPage(response, locale, panelEntry.parameter);
    const pid = panelEntry.panelId;
    if (experiment.definition.entryLinks.signed && !entryLinkSignatureIsValid(context.secret, key, pid, form.data.sig)) return unsignedEntryLinkPage(response, locale);
    const consentPage = consentPageTokenOf(form.data.consent_page);
    const pageHash = consentPage ? consentPageHash(context.secret, consentPage) : null;
    const sameBrowser = pid ? undefined : await participantFromCookieIfAny(context, request, key);
    // Without a panel id, the id comes from the consent page's one-time value: an accept sent twice from one page enrols one participant.
    const pageParticipantId = !pid && !sameBrowser && consentPage ? participantIdOfConsentPage(context.secret, consentPage) : undefined;
    const participantId = pid ?? sameBrowser?.participantId ?? pageParticipantId ?? randomUUID();
    const alreadyEnrolled = sameBrowser ?? (pid || pageParticipantId ? await context.store.findParticipant(key, participantId) : undefined);
    // A participation belongs to the browser that started it: another browser with the same panel link is turned away.
    // Decided on the participant as just read (not on an earlier read), so that a consent landing meanwhile cannot slip through.
    if (pid && alreadyEnrolled && !(await mayContinueParticipation(context, request, alreadyEnrolled, pageHash))) return participationBoundElsewherePage(response, locale);
    if (!alreadyEnrolled && (await refusedBecauseClosed(context, experiment, response, locale))) return;
    // Someone enrolled keeps their arm (and needs no stratum); a newcomer needs the stratum their link carried,
    // unless the stratum is a before-screen answer: then they are enrolled without an arm, drawn when they answer.
    const drawnAtAnswer = stratumQuestionKey(definition.randomisation) !== undefined;
    const stratum = readStratum(definition, form.data.stratum);
    if (!alreadyEnrolled && !drawnAtAnswer && !stratum.ok) return stratumProblemPage(response, locale, stratum);
    // Only one request can enrol an id: one that finds it enrolled meanwhile (another browser consented at the same
    // instant, here or on another instance, or a lender's API took it) lost the race and is turned away like a second browser.
    const participant =
      alreadyEnrolled ??
      (await context.store.enrolNewParticipant({
        experimentKey: key,
        participantId,
        panelId: pid ?? null,
        isTest: isTestTraffic(request, key),
        locale,
        userAgentClass: userAgentClass(request.get('user-agent')),
        arm: drawnAtAnswer ? null : drawArm(definition, participantId, stratum.ok ? stratum.stratum : null),
        definitionHash: experiment.definitionHash,
        at: context.now(),
        consentPageHash: pageHash,
      })) ??
      // Enrolled meanwhile by the other click of a double click from this page: go on with it (another browser is still turned away).
      (pageHash && (pageParticipantId || (await context.store.startedOnConsentPage(key, participantId, pageHash)))
        ? await context.store.findParticipant(key, participantId)
        : undefined);
    // A lender's unit never goes on through the participant pages either.
    if (!participant || participant.assignedByApiKeyId !== null) return participationBoundElsewherePage(response, locale);
    if (!alreadyEnrolled) await context.store.recordPanelParameters(key, participant.participantId, panelEntry.recorded);
    rememberParticipant(response, key, participant.participantId, cookieIsSecure(request, context.secureCookies));
    response.redirect(303, participantStepPath(participant, experiment.definition));
  };
}
