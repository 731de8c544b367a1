import { createHash, randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { cookieIsSecure } from '../http/secure-cookie';
import type { Role, User } from '../store/store';

const cookieName = 'nudgelab_session';
export const sessionLifetimeMs = 8 * 60 * 60 * 1000;
const tokenSha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a new session (a fresh token at every login, so a fixed session cannot be planted) in a strict, http-only cookie. */
export async function startSession(context: AppContext, request: Request, response: Response, username: string): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const now = context.now();
  await context.store.createSession(tokenSha256(token), username, now, new Date(now.getTime() + sessionLifetimeMs));
  response.cookie(cookieName, token, { httpOnly: true, sameSite: 'strict', secure: cookieIsSecure(request, context.secureCookies), path: '/', maxAge: sessionLifetimeMs });
}

/**
 * The SHA-256 of this request's session token (as the store keeps it), or
 * undefined without one: to keep the current session when users change their
 * own password and every other session of theirs ends.
 *
 * @example
 * await store.deleteSessionsOf('anna', currentSessionTokenSha256(request));
 */
export function currentSessionTokenSha256(request: Request): string | undefined {
  const token: unknown = request.cookies?.[cookieName];
  return typeof token === 'string' && token.length > 0 ? tokenSha256(token) : undefined;
}

export async function endSession(context: AppContext, request: Request, response: Response): Promise<void> {
  const token: unknown = request.cookies?.[cookieName];
  if (typeof token === 'string') await context.store.deleteSession(tokenSha256(token));
  response.clearCookie(cookieName, { path: '/' });
}

/** Puts the signed-in user, if any, in `res.locals.user`. Sessions live in the store, so any instance can serve them. */
export function loadSessionUser(context: AppContext): RequestHandler {
  return async (request, response, next) => {
    const token: unknown = request.cookies?.[cookieName];
    if (typeof token === 'string' && token.length > 0 && token.length < 100) {
      response.locals.user = await context.store.findSessionUser(tokenSha256(token), context.now());
    }
    next();
  };
}

/** The signed-in user; anonymous visitors are sent to the login page (303). */
export function requireRole(role: Role): RequestHandler {
  return (request, response, next) => {
    const user = response.locals.user as User | undefined;
    if (!user) return response.redirect(303, `/admin/login?next=${encodeURIComponent(request.originalUrl)}`);
    if (role === 'admin' && user.role !== 'admin') throw new HttpError(403, 'this needs the admin role');
    next();
  };
}
