import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/admin/password-hash';
import { consentedParticipant, createTestApp, csrfTokenOf } from '../../helpers/test-app';

/** The Set-Cookie lines of a response, by cookie name. */
const cookiesOf = (response: request.Response): Map<string, string> =>
  new Map(([] as string[]).concat(response.headers['set-cookie'] ?? []).map((line) => [line.slice(0, line.indexOf('=')), line]));

/**
 * Consent, then a login, collecting every cookie the server sets on the way.
 * Cookies are sent back by hand: a cookie jar would withhold Secure ones over plain http.
 */
async function cookiesSetAlongTheWay(app: Parameters<typeof request>[0], headers: Record<string, string>) {
  const jar = new Map<string, string>();
  const remember = (response: request.Response) => {
    for (const [name, line] of cookiesOf(response)) jar.set(name, line);
    return response;
  };
  const cookieHeader = () => [...jar].map(([name, line]) => `${name}=${line.slice(name.length + 1).split(';')[0]}`).join('; ');
  const consentPage = remember(await request(app).get('/e/loan-anchor').set(headers).expect(200));
  const csrf = csrfTokenOf(consentPage.text);
  remember(await request(app).post('/e/loan-anchor/consent').set(headers).set('cookie', cookieHeader()).type('form').send({ _csrf: csrf, choice: 'accept', pid: '', lang: 'nl' }).expect(303));
  remember(await request(app).post('/admin/login').set(headers).set('cookie', cookieHeader()).type('form').send({ _csrf: csrf, username: 'ada', password: 'ada-password-long' }).expect(303));
  return jar;
}

async function appWithAdmin(trustProxy?: string) {
  const testApp = createTestApp({ trustProxy });
  await testApp.store.createUser({ username: 'ada', role: 'admin', passwordHash: await hashPassword('ada-password-long'), createdAt: new Date() });
  return testApp;
}

describe('cookies', () => {
  it('are http-only and SameSite, and not Secure on plain http', async () => {
    const { app } = await appWithAdmin();
    const cookies = await cookiesSetAlongTheWay(app, {});
    expect([...cookies.keys()].sort()).toEqual(['nudgelab_csrf', 'nudgelab_p_loan-anchor', 'nudgelab_session']);
    for (const line of cookies.values()) {
      expect(line).toMatch(/; HttpOnly/);
      expect(line).toMatch(/; SameSite=(Strict|Lax)/);
      expect(line).not.toMatch(/; Secure/);
    }
    expect(cookies.get('nudgelab_session')).toMatch(/SameSite=Strict/);
  });

  it('are Secure behind a trusted TLS proxy (NUDGELAB_TRUST_PROXY), and a client cannot fake it without one', async () => {
    const behindProxy = await appWithAdmin('loopback');
    for (const line of (await cookiesSetAlongTheWay(behindProxy.app, { 'x-forwarded-proto': 'https' })).values()) expect(line).toMatch(/; Secure/);
    for (const line of (await cookiesSetAlongTheWay(behindProxy.app, {})).values()) expect(line).not.toMatch(/; Secure/);

    const direct = await appWithAdmin();
    for (const line of (await cookiesSetAlongTheWay(direct.app, { 'x-forwarded-proto': 'https' })).values()) expect(line).not.toMatch(/; Secure/);
    // A proxy that is not the trusted one is ignored too.
    const otherProxy = await appWithAdmin('10.0.0.1');
    for (const line of (await cookiesSetAlongTheWay(otherProxy.app, { 'x-forwarded-proto': 'https' })).values()) expect(line).not.toMatch(/; Secure/);
  });
});

describe('headers', () => {
  it('send a Content-Security-Policy that forbids inline script, and the screens carry none', async () => {
    const { app } = createTestApp();
    const { agent } = await consentedParticipant(app, 'credit-choice');
    const pages = [await agent.get('/e/credit-choice/screen').expect(200), await request(app).get('/admin/login').expect(200), await request(app).get('/api').expect(200)];
    for (const page of pages) {
      const policy = page.headers['content-security-policy'] as string;
      const scriptSource = /(?:^|;)\s*script-src ([^;]+)/.exec(policy)?.[1];
      expect(scriptSource?.trim()).toBe("'self'");
      expect(policy).toMatch(/script-src-attr 'none'/);
      expect(policy).toMatch(/object-src 'none'/);
      expect(policy).toMatch(/frame-ancestors 'self'/);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['x-powered-by']).toBeUndefined();
      // Every script is a file; no inline script and no event-handler attributes.
      expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(page.text).not.toMatch(/\son[a-z]+=/i);
    }
  });
});
