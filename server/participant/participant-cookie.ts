import type { Request, Response } from 'express';

const cookieNameFor = (experimentKey: string): string => `nudgelab_p_${experimentKey}`;
const thirtyDays = 30 * 24 * 60 * 60 * 1000;

/** The participant id this browser holds for an experiment, from its signed cookie. */
export function participantIdFromCookie(request: Request, experimentKey: string): string | undefined {
  const value: unknown = request.signedCookies?.[cookieNameFor(experimentKey)];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Remembers the participant in a signed, http-only, SameSite cookie scoped to the experiment's pages. */
export function rememberParticipant(response: Response, experimentKey: string, participantId: string, secure: boolean): void {
  response.cookie(cookieNameFor(experimentKey), participantId, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    signed: true,
    path: `/e/${experimentKey}`,
    maxAge: thirtyDays,
  });
}
