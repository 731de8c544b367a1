import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { listDecisions } from '../../helpers/store-reads';
import { hashPassword } from '../../../server/admin/password-hash';
import { initializeExperimentStates } from '../../../server/lifecycle/experiment-lifecycle';
import { createTestApp, csrfTokenOf, withPlainSpaces } from '../../helpers/test-app';

async function signedInAdmin() {
  const testApp = createTestApp();
  await initializeExperimentStates(testApp.store, testApp.experiments, new Date());
  await testApp.store.createUser({ username: 'admin', role: 'admin', passwordHash: await hashPassword('admin-password-1'), createdAt: new Date() });
  const agent = request.agent(testApp.app);
  const csrf = csrfTokenOf((await agent.get('/admin/login').expect(200)).text);
  await agent.post('/admin/login').type('form').send({ _csrf: csrf, username: 'admin', password: 'admin-password-1', next: '/admin' }).expect(303);
  return { ...testApp, agent };
}

describe('previews through each experiment’s template', () => {
  it('shows a statement arm with its minimum and payoff amount, recording nothing', async () => {
    const { agent, store } = await signedInAdmin();
    const page = withPlainSpaces((await agent.get('/admin/experiments/minimum-repayment/preview/payoff-prompt').expect(200)).text);
    expect(page).toContain('data-screen="statement"');
    expect(page).toContain('€ 25,00');
    expect(page).toContain('€ 111,75');
    expect(page).toContain('Preview of arm &#34;payoff-prompt&#34;');
    expect(page).toMatch(/<button type="submit"[^>]* disabled/);
    expect(await listDecisions(store, 'minimum-repayment')).toEqual([]);
  });

  it('shows a default-term arm with the fixed amount and its pre-selected term', async () => {
    const { agent } = await signedInAdmin();
    const page = (await agent.get('/admin/experiments/default-term/preview/long-default?lang=en').expect(200)).text;
    expect(page).toContain('id="amount-value">€10,000<');
    expect(page).toMatch(/name="term" value="72" checked/);
    expect(page).not.toMatch(/name="term" value="24" checked/);
  });

  it('shows a randomised product order in the declared order, with a note', async () => {
    const { agent } = await signedInAdmin();
    const page = (await agent.get('/admin/experiments/credit-choice/preview/none-shown').expect(200)).text;
    expect(page).toContain('Participants see the products in a random order.');
  });

  it('answers an unknown experiment or arm with 404', async () => {
    const { agent } = await signedInAdmin();
    expect((await agent.get('/admin/experiments/nope/preview/control').expect(404)).text).toContain('no experiment &#34;nope&#34;');
    await agent.get('/admin/experiments/minimum-repayment/preview/nope').expect(404);
  });
});
