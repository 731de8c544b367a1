import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { maximumFailedLogins, refusedSignInMessage } from '../../../server/admin/login';
import { csrfTokenOf } from '../../helpers/test-app';
import { passwords, workspaceApp } from './workspace-app';

/** Signs in through the form and returns the answer (303 on success). */
async function trySignIn(app: Parameters<typeof request.agent>[0], username: string, password: string) {
  const agent = request.agent(app);
  const csrf = csrfTokenOf((await agent.get('/admin/login')).text);
  const response = await agent.post('/admin/login').type('form').send({ _csrf: csrf, username, password });
  return { agent, csrf, response };
}

describe('accounts on the users page (admins only)', () => {
  it('lists users with role and state; disabling refuses sign-in like a wrong password and ends the sessions; enabling lets them in again', async () => {
    const { app, store, signIn } = await workspaceApp();
    const admin = await signIn('admin');
    const anna = await signIn('anna');
    await anna.agent.get('/admin').expect(200);
    const page = (await admin.agent.get('/admin/users').expect(200)).text;
    expect(page).toMatch(/data-user="anna" data-state="active"/);
    expect(page).toContain('researcher');
    await admin.agent.post('/admin/users/anna/disable').type('form').send({ _csrf: admin.csrf }).expect(303);
    // The session she had ends at once.
    await anna.agent.get('/admin').expect(303).expect('location', /\/admin\/login/);
    // One browser tries both, so that the pages differ in nothing but the answer.
    const { agent: visitor, csrf } = await trySignIn(app, 'nobody', 'warm-up-password');
    const disabled = await visitor.post('/admin/login').type('form').send({ _csrf: csrf, username: 'anna', password: passwords.anna });
    const wrong = await visitor.post('/admin/login').type('form').send({ _csrf: csrf, username: 'anna-unknown', password: 'wrong-password' });
    expect(disabled.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(disabled.text).toContain(refusedSignInMessage);
    expect(disabled.text).toBe(wrong.text);
    expect((await admin.agent.get('/admin/users').expect(200)).text).toMatch(/data-user="anna" data-state="disabled"/);
    await admin.agent.post('/admin/users/anna/enable').type('form').send({ _csrf: admin.csrf }).expect(303);
    expect((await trySignIn(app, 'anna', passwords.anna)).response.status).toBe(303);
    const audit = (await store.listAudit(50)).filter((entry) => entry.subject === 'anna' && /^user\.(disable|enable)$/.test(entry.action));
    expect(audit.reverse().map((entry) => [entry.actor, entry.action, entry.subject])).toEqual([
      ['admin', 'user.disable', 'anna'],
      ['admin', 'user.enable', 'anna'],
    ]);
  });

  it('unlocks a locked account and sets a new password, audited, ending the account’s sessions', async () => {
    const { app, store, signIn } = await workspaceApp();
    const admin = await signIn('admin');
    const anna = await signIn('anna');
    for (let attempt = 0; attempt < maximumFailedLogins; attempt += 1) await trySignIn(app, 'anna', 'guess-wrong');
    expect((await trySignIn(app, 'anna', passwords.anna)).response.status).toBe(401);
    expect((await admin.agent.get('/admin/users').expect(200)).text).toMatch(/data-user="anna" data-state="locked"/);
    await admin.agent.post('/admin/users/anna/unlock').type('form').send({ _csrf: admin.csrf }).expect(303);
    expect((await trySignIn(app, 'anna', passwords.anna)).response.status).toBe(303);
    const short = await admin.agent.post('/admin/users/anna/password').type('form').send({ _csrf: admin.csrf, password: 'short' }).expect(400);
    expect(short.text).toContain('at least 10 characters');
    await admin.agent.post('/admin/users/anna/password').type('form').send({ _csrf: admin.csrf, password: 'a-brand-new-password' }).expect(303);
    await anna.agent.get('/admin').expect(303);
    expect((await trySignIn(app, 'anna', passwords.anna)).response.status).toBe(401);
    expect((await trySignIn(app, 'anna', 'a-brand-new-password')).response.status).toBe(303);
    const actions = (await store.listAudit(50)).filter((entry) => entry.actor === 'admin').map((entry) => [entry.action, entry.subject]);
    expect(actions).toEqual(expect.arrayContaining([['user.unlock', 'anna'], ['user.password', 'anna']]));
    expect(JSON.stringify(await store.listAudit(50))).not.toContain('a-brand-new-password');
  });

  it('refuses to let admins disable themselves, answers an unknown user with 404, and keeps researchers out', async () => {
    const { signIn } = await workspaceApp();
    const admin = await signIn('admin');
    const self = await admin.agent.post('/admin/users/admin/disable').type('form').send({ _csrf: admin.csrf }).expect(400);
    expect(self.text).toContain('cannot disable your own account');
    await admin.agent.post('/admin/users/ghost/unlock').type('form').send({ _csrf: admin.csrf }).expect(404);
    const anna = await signIn('anna');
    await anna.agent.get('/admin/users').expect(403);
    await anna.agent.post('/admin/users/admin/disable').type('form').send({ _csrf: anna.csrf }).expect(403);
    await admin.agent.post('/admin/users/anna/disable').type('form').send({}).expect(403);
  });
});

describe('changing one’s own password', () => {
  it('needs the current password, keeps this session, ends the others, and is audited', async () => {
    const { app, store, signIn } = await workspaceApp();
    const here = await signIn('anna');
    const elsewhere = await signIn('anna');
    const change = (fields: Record<string, string>) => here.agent.post('/admin/account/password').type('form').send({ _csrf: here.csrf, ...fields });
    expect((await here.agent.get('/admin/account/password').expect(200)).text).toContain('Current password');
    expect((await change({ currentPassword: 'not-my-password', newPassword: 'my-new-password-1', repeatPassword: 'my-new-password-1' }).expect(400)).text).toContain('current password is not right');
    expect((await change({ currentPassword: passwords.anna, newPassword: 'short', repeatPassword: 'short' }).expect(400)).text).toContain('at least 10');
    expect((await change({ currentPassword: passwords.anna, newPassword: 'my-new-password-1', repeatPassword: 'my-new-password-2' }).expect(400)).text).toContain('differ');
    await change({ currentPassword: passwords.anna, newPassword: 'my-new-password-1', repeatPassword: 'my-new-password-1' }).expect(303);
    await here.agent.get('/admin').expect(200);
    await elsewhere.agent.get('/admin').expect(303);
    expect((await trySignIn(app, 'anna', 'my-new-password-1')).response.status).toBe(303);
    expect((await store.listAudit(5)).find((entry) => entry.action === 'user.password')).toMatchObject({ actor: 'anna', subject: 'anna' });
  });
});
