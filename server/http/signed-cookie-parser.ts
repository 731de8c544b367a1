import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

/** How many verified signed values are remembered before the memory starts afresh. */
const rememberedValuesLimit = 10_000;

/** The name=value pairs of a Cookie header as the `cookie` package parses them: trimmed, unquoted, URI-decoded where valid; the first of a repeated name wins. */
function cookiePairs(header: string): [string, string][] {
  const pairs: [string, string][] = [];
  const seen = new Set<string>();
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const name = part.slice(0, equals).trim();
    if (seen.has(name)) continue;
    seen.add(name);
    let value = part.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // Kept as sent, as the cookie package does.
      }
    }
    pairs.push([name, value]);
  }
  return pairs;
}

/**
 * The value inside a cookie that Express signed (`s:VALUE.MAC`, as
 * `res.cookie(name, value, { signed: true })` writes it), or false when the
 * MAC does not match; a value without the `s:` prefix is not signed and
 * is returned as it is.
 *
 * @example
 * unsignedCookieValue('s:p-1.4yN…', key); // => 'p-1'
 * unsignedCookieValue('s:p-1.forged', key); // => false
 */
export function unsignedCookieValue(raw: string, key: KeyObject): string | false {
  if (!raw.startsWith('s:')) return raw;
  const signed = raw.slice(2);
  const dot = signed.lastIndexOf('.');
  if (dot < 0) return false;
  const value = signed.slice(0, dot);
  const expected = Buffer.from(createHmac('sha256', key).update(value).digest('base64').replace(/=+$/, ''));
  const given = Buffer.from(signed.slice(dot + 1));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : false;
}

/**
 * cookie-parser's contract (`request.cookies`, `request.signedCookies` with
 * false for a forged value, `request.secret` for `res.cookie(…, { signed:
 * true })`), without checking the same signature twice: a browser sends the
 * same signed cookies on every page of its participation, and checking a MAC
 * costs more than the rest of reading the cookies. Verified values are kept
 * in memory (up to 10,000; then it starts afresh); a forged value is never
 * remembered, so it is checked again each time. JSON cookies (`j:`) are not
 * decoded: nudgelab sets none.
 *
 * @example
 * app.use(signedCookieParser(context.secret));
 * request.signedCookies.nudgelab_csrf; // => the nonce, or false when forged
 */
export function signedCookieParser(secret: string): RequestHandler {
  const key = createSecretKey(Buffer.from(secret));
  const verified = new Map<string, string>();
  const unsign = (raw: string): string | false => {
    const remembered = verified.get(raw);
    if (remembered !== undefined) return remembered;
    const value = unsignedCookieValue(raw, key);
    if (value !== false) {
      if (verified.size >= rememberedValuesLimit) verified.clear();
      verified.set(raw, value);
    }
    return value;
  };
  return (request, _response, next) => {
    const withCookies = request as Request & { secret?: string };
    if (request.cookies) return next();
    withCookies.secret = secret;
    const cookies: Record<string, string> = Object.create(null);
    const signedCookies: Record<string, string | false> = Object.create(null);
    const header = request.headers.cookie;
    if (header) {
      for (const [name, raw] of cookiePairs(header)) {
        if (raw.startsWith('s:')) signedCookies[name] = unsign(raw);
        else cookies[name] = raw;
      }
    }
    request.cookies = cookies;
    request.signedCookies = signedCookies;
    next();
  };
}
