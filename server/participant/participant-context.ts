import type { Request, Response } from 'express';
import type { Experiment } from '../../experiments/validate-experiments';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { translator } from '../i18n/translator';
import { experimentStateName } from '../lifecycle/experiment-lifecycle';
import type { Locale } from '../i18n/locale';
import { UnknownParticipantError, type ParticipantRecord } from '../store/store';
import { participantIdFromCookie } from './participant-cookie';
import { contactLink } from './contact-link';

/** The participant this browser's cookie names in an experiment, if any and if stored. */
export async function participantFromCookieIfAny(
  context: AppContext,
  request: Request,
  experimentKey: string,
): Promise<ParticipantRecord | undefined> {
  const participantId = participantIdFromCookie(request, experimentKey);
  return participantId ? context.store.findParticipant(experimentKey, participantId) : undefined;
}

/** The participant this browser belongs to, or a friendly 403 page asking to reopen the link. */
export async function participantFromCookie(context: AppContext, request: Request, experiment: Experiment): Promise<ParticipantRecord> {
  const participant = await participantFromCookieIfAny(context, request, experiment.definition.key);
  if (!participant) throw new HttpError(403, 'no participant session for this experiment', 'error.noSession');
  return participant;
}

/**
 * Awaits a store write for the participant a page read; if they were erased
 * in between (the store refuses with UnknownParticipantError, storing
 * nothing), answers like a browser without a participation: the friendly 403
 * page asking to reopen the link, in the participant's language, not a 500.
 *
 * @example
 * await whileStillEnrolled(response, participant, context.store.recordAnswers('loan-anchor', 'p1', answers, now)); // => true, or throws HttpError 403 once p1 is erased
 */
export async function whileStillEnrolled<T>(response: Response, participant: Pick<ParticipantRecord, 'locale'>, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (!(error instanceof UnknownParticipantError)) throw error;
    response.locals.locale = participant.locale;
    throw new HttpError(403, error.message, 'error.noSession');
  }
}

/**
 * The arm a participant was assigned, from the experiment's definition.
 *
 * @throws Error when the participant has no arm yet, or one the definition does not have (the screen guard keeps both from happening).
 */
export function armOf(experiment: Experiment, participant: Pick<ParticipantRecord, 'arm' | 'participantId'>) {
  const arm = experiment.definition.arms.find((candidate) => candidate.key === participant.arm);
  if (!arm) throw new Error(`arm "${participant.arm}" of ${participant.participantId} is not in ${experiment.file}`);
  return arm;
}

/** Answers a newcomer to an experiment that is not running with the polite closed page; returns whether it did. */
export async function refusedBecauseClosed(context: AppContext, experiment: Experiment, response: Response, locale: Locale): Promise<boolean> {
  if ((await experimentStateName(context.store, experiment)) === 'running') return false;
  const locals = pageLocals(response, locale);
  response.render('participant/message', { ...locals, showWarning: false, title: locals.t('closed.title'), body: locals.t('closed.body') });
  return true;
}

/**
 * Sets the page language for this response (used by the error page too) and
 * returns what every page needs: the translator, the CSRF token, and the
 * experiment's lender brand and researcher contact when the route loaded an
 * experiment (the brand is the experiment's, so it is the same in every arm).
 */
export function pageLocals(response: Response, locale: Locale) {
  response.locals.locale = locale;
  const definition = (response.locals.experiment as Experiment | undefined)?.definition;
  const brand = definition?.lenderBrand ?? null;
  return {
    locale,
    t: translator(locale),
    csrfToken: response.locals.csrfToken as string,
    showWarning: true,
    brand,
    brandStylesheet: brand?.colour && definition ? `/e/${definition.key}/brand.css` : null,
    researcherContact: contactLink(definition?.studyInformation.contact),
  };
}
