import type { Response } from 'express';
import type { Locale } from '../i18n/locale';
import { pageLocals } from './participant-context';

/**
 * Answers an entry link whose panel parameter is broken (too long, odd
 * characters, repeated, or not the panel's id pattern) with a 400 page in
 * the participant's language: the link is not valid, which parameter, and
 * to contact the researcher (their declared contact, else through the panel).
 * Nothing is stored.
 *
 * @example
 * if (!panelEntry.ok) return invalidEntryLinkPage(response, 'nl', panelEntry.parameter); // "Deze link klopt niet"
 */
export function invalidEntryLinkPage(response: Response, locale: Locale, parameter: string): void {
  const locals = pageLocals(response, locale);
  response.status(400).render('participant/message', {
    ...locals,
    showWarning: false,
    showResearcherContact: true,
    title: locals.t('link.invalid.title'),
    body: locals.t('link.invalid.body', { parameter }),
  });
}
