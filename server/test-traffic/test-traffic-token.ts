import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token that marks an entry link as test traffic for one experiment:
 * HMAC-SHA256 of `test-traffic:KEY` under the server secret (the cookie
 * secret), as 32 hex digits. Only someone holding the secret — the server,
 * a signed-in admin who copies the test link from the dashboard, or
 * `nudgelab simulate` on the server's machine — can make it; a participant
 * cannot forge it or reuse one experiment's token for another.
 *
 * @example
 * testTrafficToken('a secret of at least 32 characters…', 'loan-anchor'); // => '3f9c…' (32 hex digits)
 */
export function testTrafficToken(secret: string, experimentKey: string): string {
  return createHmac('sha256', secret).update(`test-traffic:${experimentKey}`).digest('hex').slice(0, 32);
}

/**
 * Whether `token` is the experiment's test-traffic token, compared in constant time.
 *
 * @example
 * isTestTrafficToken(secret, 'loan-anchor', testTrafficToken(secret, 'loan-anchor')); // => true
 * isTestTrafficToken(secret, 'loan-anchor', 'guess'); // => false
 */
export function isTestTrafficToken(secret: string, experimentKey: string, token: unknown): boolean {
  if (typeof token !== 'string' || !/^[0-9a-f]{32}$/.test(token)) return false;
  return timingSafeEqual(Buffer.from(token), Buffer.from(testTrafficToken(secret, experimentKey)));
}

/**
 * The entry link of an experiment that enrols whoever follows it as test traffic.
 *
 * @example
 * testTrafficLink(secret, 'loan-anchor'); // => '/e/loan-anchor?test=3f9c…'
 */
export function testTrafficLink(secret: string, experimentKey: string): string {
  return `/e/${encodeURIComponent(experimentKey)}?test=${testTrafficToken(secret, experimentKey)}`;
}
