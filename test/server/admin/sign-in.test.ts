import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { lockoutMs, maximumFailedLogins, refusedSignInMessage } from '../../../server/admin/login';
import { hashPassword } from '../../../server/admin/password-hash';
import { createTestApp, csrfTokenOf } from '../../helpers/test-app';

/** A workspace with one researcher and a clock the test moves. */
async function workspaceWithClock() {
  let now = new Date('2026-03-01T09:00:00Z');
  const testApp = createTestApp({ now: () => now });
  await testApp.store.createUser({ username: 'anna', role: 'researcher', passwordHash: await hashPassword('anna-password-long'), createdAt: now });
  const agent = request.agent(testApp.app);
  const csrf = csrfTokenOf((await agent.get('/admin/login')).text);
  const signIn = (username: string, password: string) => agent.post('/admin/login').type('form').send({ _csrf: csrf, username, password });
  return { ...testApp, signIn, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('sign-in answers that give nothing away', () => {
  it('answers an unknown user, a wrong password and a locked account in exactly the same words and status', async () => {
    const { signIn } = await workspaceWithClock();
    const unknown = await signIn('nobody', 'guess');
    const wrongPassword = await signIn('anna', 'guess');
    for (let attempt = 1; attempt < maximumFailedLogins; attempt += 1) await signIn('anna', 'guess');
    const lockedRightPassword = await signIn('anna', 'anna-password-long');
    const lockedUnknown = await signIn('nobody', 'guess');
    for (const response of [unknown, wrongPassword, lockedRightPassword, lockedUnknown]) {
      expect(response.status).toBe(401);
      expect(response.text).toContain(refusedSignInMessage);
      expect(response.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/nudgelab_session=/)]));
    }
    expect(lockedRightPassword.text).toBe(unknown.text);
    expect(wrongPassword.text).toBe(unknown.text);
  });

  it('spends the same scrypt time on an unknown user as on a known one', async () => {
    const { signIn } = await workspaceWithClock();
    await signIn('nobody', 'warm-up');
    const medianMs = async (username: string) => {
      const times: number[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const started = performance.now();
        await signIn(username, `wrong-${attempt}`);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[1]!;
    };
    const known = await medianMs('anna');
    const unknown = await medianMs('nobody');
    // Without the dummy scrypt an unknown user answered in ~2 ms against ~35 ms for a known one (a ratio near 0.06).
    // Wide bounds: the machine may be loaded; a skipped scrypt shows as a ratio far below them.
    expect(unknown / known).toBeGreaterThan(0.25);
    expect(unknown / known).toBeLessThan(4);
  });

  it('lets the owner in again once a lock expires: one wrong password after expiry does not lock again', async () => {
    const { signIn, advance, store } = await workspaceWithClock();
    for (let attempt = 0; attempt < maximumFailedLogins; attempt += 1) await signIn('anna', 'guess').expect(401);
    expect((await store.findUser('anna'))?.lockedUntil).toBeInstanceOf(Date);
    await signIn('anna', 'anna-password-long').expect(401);
    advance(lockoutMs + 1);
    await signIn('anna', 'guess').expect(401);
    expect(await store.findUser('anna')).toMatchObject({ failedLogins: 1, lockedUntil: null });
    await signIn('anna', 'anna-password-long').expect(303);
  });

  it('audits failed sign-ins and the lock-out', async () => {
    const { signIn, store } = await workspaceWithClock();
    await signIn('nobody', 'guess');
    for (let attempt = 0; attempt < maximumFailedLogins; attempt += 1) await signIn('anna', 'guess');
    await signIn('anna', 'guess');
    const audit = (await store.listAudit(100)).reverse();
    const failures = audit.filter((entry) => entry.action === 'user.login-failed');
    expect(failures.map((entry) => [entry.subject, entry.details?.reason])).toEqual([
      ['nobody', 'unknown user'],
      ...Array.from({ length: maximumFailedLogins }, () => ['anna', 'wrong password']),
      ['anna', 'locked'],
    ]);
    expect(audit.filter((entry) => entry.action === 'user.locked').map((entry) => entry.subject)).toEqual(['anna']);
  });
});
