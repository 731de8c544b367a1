import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The secret an experiment's panel signs entry links with: derived from the
 * server secret and the experiment key, so each experiment has its own, it
 * survives restarts, and admins can read it on the dashboard.
 *
 * @example
 * entryLinkSecret(serverSecret, 'loan-anchor'); // => '3f9a…' (64 hex digits)
 */
export function entryLinkSecret(serverSecret: string, experimentKey: string): string {
  return createHmac('sha256', serverSecret).update(`entry-link:${experimentKey}`).digest('hex');
}

/**
 * The `sig` of an entry link: HMAC-SHA256 of the panel id with the
 * experiment's link secret, in hex — what a panel computes to sign a link.
 *
 * @example
 * entryLinkSignature(secret, 'panel-0042'); // => '9c1e…' (64 hex digits)
 */
export function entryLinkSignature(linkSecret: string, panelId: string): string {
  return createHmac('sha256', linkSecret).update(panelId).digest('hex');
}

/** Whether `sig` signs `panelId` for this experiment (compared in constant time). */
export function entryLinkSignatureIsValid(serverSecret: string, experimentKey: string, panelId: string | undefined, sig: unknown): boolean {
  if (!panelId || typeof sig !== 'string' || !/^[0-9a-f]{64}$/i.test(sig)) return false;
  const expected = Buffer.from(entryLinkSignature(entryLinkSecret(serverSecret, experimentKey), panelId), 'hex');
  return timingSafeEqual(expected, Buffer.from(sig.toLowerCase(), 'hex'));
}
