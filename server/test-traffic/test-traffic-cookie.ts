import type { Request, Response } from 'express';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { cookieIsSecure } from '../http/secure-cookie';
import { isTestTrafficToken } from './test-traffic-token';

const cookieNameFor = (experimentKey: string): string => `nudgelab_test_${experimentKey}`;

/**
 * At the entry link: when it carries `test=TOKEN`, checks the token and
 * remembers in a signed, http-only cookie (scoped to the experiment's pages)
 * that this browser's participation is test traffic, so the consent that
 * enrols it marks the participant `is_test`. A wrong token is a 400, never
 * a silent real participation.
 *
 * @example
 * rememberTestTraffic(context, request, response, 'loan-anchor'); // GET /e/loan-anchor?test=… sets the cookie
 */
export function rememberTestTraffic(context: AppContext, request: Request, response: Response, experimentKey: string): void {
  const token = request.query.test;
  if (token === undefined) return;
  if (!isTestTrafficToken(context.secret, experimentKey, token)) throw new HttpError(400, 'the test link is not valid for this experiment');
  response.cookie(cookieNameFor(experimentKey), '1', {
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieIsSecure(request, context.secureCookies),
    signed: true,
    path: `/e/${experimentKey}`,
  });
}

/**
 * Whether this browser came in through a valid test link of the experiment
 * (its signed cookie, which a participant cannot forge).
 *
 * @example
 * await store.enrolParticipant({ …, isTest: isTestTraffic(request, 'loan-anchor') });
 */
export function isTestTraffic(request: Request, experimentKey: string): boolean {
  return request.signedCookies?.[cookieNameFor(experimentKey)] === '1';
}
