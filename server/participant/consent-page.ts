import { createHmac, randomUUID } from 'node:crypto';

/**
 * A consent page's one-time value: each showing of the consent page carries
 * a new one in a hidden field, so that two accepts from the same page (a
 * double click, the second sent before the first answer's cookie arrived)
 * can be told from an accept in another browser with the same panel link.
 *
 * @example
 * newConsentPageToken(); // => '1b4e28ba-2fa1-4d2e-883f-0016d3cca427'
 */
export function newConsentPageToken(): string {
  return randomUUID();
}

/**
 * A token as the form may carry it: a UUID (lower-cased), else nothing (an
 * old page, or a made-up field).
 *
 * @example
 * consentPageTokenOf('not-a-page'); // => undefined
 */
export function consentPageTokenOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value.toLowerCase() : undefined;
}

const keyedDigest = (serverSecret: string, purpose: string, token: string) => createHmac('sha256', serverSecret).update(`consent-page:${purpose}:${token}`).digest();

/**
 * What is stored of the token with a panel participant (migration 18): a
 * keyed hash, never the token itself, so the database alone lets nobody go
 * on with a participation.
 *
 * @example
 * consentPageHash(serverSecret, token); // => 'c3ab8f…' (64 hex digits)
 */
export function consentPageHash(serverSecret: string, token: string): string {
  return keyedDigest(serverSecret, 'hash', token).toString('hex');
}

/**
 * The participant id of an accept without a panel id: derived from the page's
 * token (a UUID made of a keyed hash), so that a second accept from the same
 * page finds the participation the first one started instead of starting
 * another; an accept from another page (another token) gets another id, and
 * nobody can choose the id a token leads to.
 *
 * @example
 * participantIdOfConsentPage(serverSecret, token); // => '9f86d081-884c-4d63-9a2b-8e0f1c6d2a17'
 */
export function participantIdOfConsentPage(serverSecret: string, token: string): string {
  const bytes = keyedDigest(serverSecret, 'participant', token).subarray(0, 16);
  // A version-4, variant-1 UUID, as randomUUID gives.
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
