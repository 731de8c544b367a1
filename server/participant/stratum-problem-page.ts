import type { Response } from 'express';
import type { StratumReading } from '../assignment/read-stratum';
import type { Locale } from '../i18n/locale';
import { pageLocals } from './participant-context';

/**
 * Answers a newcomer whose link lacks the stratum a stratified design needs,
 * or carries one it does not know, with a 400 page in their language naming
 * the parameter (not a 500: the link is at fault, and the panel can fix it).
 *
 * @example
 * if (!stratum.ok) return stratumProblemPage(response, 'en', stratum); // "the parameter "stratum" is missing"
 */
export function stratumProblemPage(response: Response, locale: Locale, problem: Extract<StratumReading, { ok: false }>): void {
  const locals = pageLocals(response, locale);
  response.status(400).render('participant/message', {
    ...locals,
    showWarning: false,
    title: locals.t('error.title'),
    body: locals.t(`error.stratum.${problem.problem}`, { parameter: problem.parameter }),
  });
}
