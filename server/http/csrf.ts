import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './http-error';
import { cookieIsSecure } from './secure-cookie';

const cookieName = 'nudgelab_csrf';

const tokenFor = (key: KeyObject, nonce: string): string => createHmac('sha256', key).update(nonce).digest('base64url');

/** How many nonces' tokens are remembered before the memory starts afresh. */
const rememberedTokensLimit = 10_000;

/**
 * CSRF protection for HTML forms: a random nonce in a signed, http-only
 * cookie, and in each form a token that is the HMAC of that nonce. A forged
 * cross-site form cannot read the cookie, so it cannot produce the token.
 * Puts `csrfToken` in `res.locals`; rejects a state-changing request whose
 * `_csrf` field does not match with 403. A browser sends the same nonce on
 * every page, so each nonce's token is computed once and remembered (up to
 * 10,000 nonces; then the memory starts afresh).
 */
export function csrfProtection(secret: string, { secureCookies }: { secureCookies: boolean }): RequestHandler {
  const key = createSecretKey(Buffer.from(secret));
  const tokens = new Map<string, string>();
  const rememberedTokenFor = (nonce: string): string => {
    let token = tokens.get(nonce);
    if (token === undefined) {
      token = tokenFor(key, nonce);
      if (tokens.size >= rememberedTokensLimit) tokens.clear();
      tokens.set(nonce, token);
    }
    return token;
  };
  return (request, response, next) => {
    let nonce: unknown = request.signedCookies?.[cookieName];
    if (typeof nonce !== 'string' || nonce.length === 0) {
      nonce = randomBytes(24).toString('base64url');
      response.cookie(cookieName, nonce, { httpOnly: true, sameSite: 'lax', secure: cookieIsSecure(request, secureCookies), signed: true, path: '/' });
    }
    const expected = rememberedTokenFor(nonce as string);
    response.locals.csrfToken = expected;
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return next();
    const submitted: unknown = (request.body as Record<string, unknown> | undefined)?._csrf;
    const valid =
      typeof submitted === 'string' &&
      submitted.length === expected.length &&
      timingSafeEqual(Buffer.from(submitted), Buffer.from(expected));
    if (!valid) throw new HttpError(403, 'missing or invalid CSRF token', 'error.expired');
    next();
  };
}
