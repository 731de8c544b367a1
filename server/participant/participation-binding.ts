import type { Request, Response } from 'express';
import type { AppContext } from '../app-context';
import type { Locale } from '../i18n/locale';
import type { ParticipantRecord } from '../store/store';
import { participantIdFromCookie } from './participant-cookie';
import { pageLocals } from './participant-context';

/**
 * Whether this browser may go on with a participant id's stored
 * participation. A participation belongs to the browser that started it (its
 * signed cookie names the id): another browser opening the same panel link
 * may not take it over — submit a decision, read the completion code — unless
 * an admin released the id for exactly one more browser. An accept sent again
 * from the consent page that started the participation (`consentPageHash`,
 * the keyed hash of its one-time value: a double click) is the same browser. A unit a lender
 * assigned through the API never goes on through the participant pages.
 * It takes the participant as read, so it is asked after that read: a
 * consent of another browser cannot land in between. Who enrols a new id is
 * decided by the store (`enrolNewParticipant`: one request wins it).
 *
 * @example
 * const participant = await context.store.findParticipant('loan-anchor', 'panel-0042');
 * if (participant) await mayContinueParticipation(context, request, participant); // => false in a second browser
 */
export async function mayContinueParticipation(
  context: AppContext,
  request: Request,
  participant: Pick<ParticipantRecord, 'experimentKey' | 'participantId' | 'source'>,
  consentPageHash?: string | null,
): Promise<boolean> {
  const { experimentKey, participantId } = participant;
  if (participant.source === 'api') return false;
  if (participantIdFromCookie(request, experimentKey) === participantId) return true;
  // A second accept from the consent page that started it (a double click): the same browser, whose cookie is on its way.
  if (consentPageHash && (await context.store.startedOnConsentPage(experimentKey, participantId, consentPageHash))) return true;
  return context.store.takeParticipantRelease(experimentKey, participantId);
}

/** The polite page for a link already in use elsewhere: no form, no decision, no completion code; 409. */
export function participationBoundElsewherePage(response: Response, locale: Locale): void {
  const locals = pageLocals(response, locale);
  response.status(409).render('participant/message', { ...locals, showResearcherContact: true, title: locals.t('bound.title'), body: locals.t('bound.body') });
}

/** The page for an entry link that must be signed and is not (or is wrongly signed); 400. */
export function unsignedEntryLinkPage(response: Response, locale: Locale): void {
  const locals = pageLocals(response, locale);
  response.status(400).render('participant/message', { ...locals, showResearcherContact: true, title: locals.t('link.unsigned.title'), body: locals.t('link.unsigned.body') });
}
