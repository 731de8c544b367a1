import { describe, expect, it } from 'vitest';
import { consentPageHash, consentPageTokenOf, newConsentPageToken, participantIdOfConsentPage } from '../../../server/participant/consent-page';

const secret = 'test-secret-that-is-long-enough-0123456789';
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the consent page’s one-time value', () => {
  it('reads only a UUID from the form, whatever its case', () => {
    const token = newConsentPageToken();
    expect(consentPageTokenOf(token)).toBe(token);
    expect(consentPageTokenOf(token.toUpperCase())).toBe(token);
    for (const forged of ['not-a-page', '', `${token}x`, 42, undefined, [token]]) expect(consentPageTokenOf(forged)).toBeUndefined();
  });

  it('gives each page a participant id of its own, the same for the same page, shaped as randomUUID shapes them, and tied to the server secret', () => {
    const tokens = Array.from({ length: 200 }, newConsentPageToken);
    const ids = tokens.map((token) => participantIdOfConsentPage(secret, token));
    expect(ids.every((id) => uuidV4.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(200);
    expect(participantIdOfConsentPage(secret, tokens[0]!)).toBe(ids[0]);
    expect(participantIdOfConsentPage(`${secret}-other`, tokens[0]!)).not.toBe(ids[0]);
    // Neither the id nor the stored hash is the token itself, nor one another.
    expect(ids[0]).not.toBe(tokens[0]);
    expect(consentPageHash(secret, tokens[0]!)).toMatch(/^[0-9a-f]{64}$/);
    expect(consentPageHash(secret, tokens[0]!)).not.toContain(ids[0]!.replace(/-/g, '').slice(0, 16));
  });
});
