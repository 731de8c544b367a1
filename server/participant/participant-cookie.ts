import type { Request, Response } from 'express';

const cookieNameFor = (experimentKey: string): string => `nudgelab_p_${experimentKey}`;
const thirtyDays = 30 * 24 * 60 * 60 * 1000;

/**
 * The signed value names the experiment as well as the participant: a value signed for the same id in another
 * experiment (where anyone may enter with any panel id) must not open this experiment's participation.
 */
const cookieValueFor = (experimentKey: string, participantId: string): string => `${experimentKey}/${participantId}`;

/**
 * The participant id this browser holds for an experiment, from its signed
 * cookie; undefined without one, or when the cookie was signed for another
 * experiment (copied over under this experiment's name).
 *
 * @example
 * participantIdFromCookie(request, 'loan-anchor'); // => 'panel-0042'
 */
export function participantIdFromCookie(request: Request, experimentKey: string): string | undefined {
  const value: unknown = request.signedCookies?.[cookieNameFor(experimentKey)];
  const prefix = cookieValueFor(experimentKey, '');
  if (typeof value !== 'string' || !value.startsWith(prefix) || value.length === prefix.length) return undefined;
  return value.slice(prefix.length);
}

/** Remembers the participant in a signed, http-only, SameSite cookie scoped to the experiment's pages. */
export function rememberParticipant(response: Response, experimentKey: string, participantId: string, secure: boolean): void {
  response.cookie(cookieNameFor(experimentKey), cookieValueFor(experimentKey, participantId), {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    signed: true,
    path: `/e/${experimentKey}`,
    maxAge: thirtyDays,
  });
}
