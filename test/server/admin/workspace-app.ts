import request from 'supertest';
import { hashPassword } from '../../../server/admin/password-hash';
import { initializeExperimentStates } from '../../../server/lifecycle/experiment-lifecycle';
import { createTestApp, csrfTokenOf } from '../../helpers/test-app';

/** The passwords of the workspace's two users: `admin` (role admin) and `anna` (role researcher). */
export const passwords = { admin: 'admin-password-1', anna: 'researcher-password-1' };

/**
 * The test app with its experiments in their initial states, an admin and a
 * researcher, and `signIn`, which logs one of them in through the login form.
 *
 * @example
 * const { signIn } = await workspaceApp();
 * const { agent, csrf } = await signIn('admin');
 */
export async function workspaceApp(options: Parameters<typeof createTestApp>[0] = {}) {
  const testApp = createTestApp(options);
  await initializeExperimentStates(testApp.store, testApp.experiments, new Date());
  await testApp.store.createUser({ username: 'admin', role: 'admin', passwordHash: await hashPassword(passwords.admin), createdAt: new Date() });
  await testApp.store.createUser({ username: 'anna', role: 'researcher', passwordHash: await hashPassword(passwords.anna), createdAt: new Date() });
  const signIn = async (username: 'admin' | 'anna') => {
    const agent = request.agent(testApp.app);
    const csrf = csrfTokenOf((await agent.get('/admin/login').expect(200)).text);
    await agent.post('/admin/login').type('form').send({ _csrf: csrf, username, password: passwords[username], next: '/admin' }).expect(303).expect('location', '/admin');
    return { agent, csrf };
  };
  return { ...testApp, signIn };
}
