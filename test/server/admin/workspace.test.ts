import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loanAnchor } from '../../../experiments/loan-anchor';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { ensureFirstAdmin } from '../../../server/admin/first-admin';
import { createApp } from '../../../server/app';
import { maximumFailedLogins } from '../../../server/admin/login';
import { hashPassword, verifyPassword } from '../../../server/admin/password-hash';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { consentedParticipant, createTestApp, csrfTokenOf } from '../../helpers/test-app';
import { passwords, workspaceApp } from './workspace-app';

const workspace = workspaceApp;

describe('accounts', () => {
  it('hash passwords with scrypt and verify them', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('wrong', hash)).toBe(false);
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
  });

  it('create the first admin once, from NUDGELAB_ADMIN_PASSWORD', async () => {
    const { store } = createTestApp();
    await ensureFirstAdmin(store, pino({ level: 'silent' }), 'from-the-environment');
    await ensureFirstAdmin(store, pino({ level: 'silent' }), 'ignored-second-time');
    const admin = await store.findUser('admin');
    expect(admin?.role).toBe('admin');
    expect(await verifyPassword('from-the-environment', admin!.passwordHash)).toBe(true);
    expect(await store.countUsers()).toBe(1);
  });

  it('start a fresh http-only, SameSite=Strict session at each login, and end it at logout', async () => {
    const { app, signIn } = await workspace();
    const first = await signIn('anna');
    const agent = request.agent(app);
    const csrf = csrfTokenOf((await agent.get('/admin/login')).text);
    const one = await agent.post('/admin/login').type('form').send({ _csrf: csrf, username: 'anna', password: passwords.anna });
    const two = await agent.post('/admin/login').type('form').send({ _csrf: csrf, username: 'anna', password: passwords.anna });
    const sessionOf = (response: typeof one) => String(response.headers['set-cookie']).match(/nudgelab_session=([^;]+)/)?.[1];
    expect(sessionOf(one)).toBeDefined();
    expect(sessionOf(two)).not.toBe(sessionOf(one));
    expect(String(one.headers['set-cookie'])).toMatch(/nudgelab_session=[^;]+;.*HttpOnly/);
    expect(String(one.headers['set-cookie'])).toMatch(/SameSite=Strict/);
    await first.agent.get('/admin').expect(200);
    await first.agent.post('/admin/logout').type('form').send({ _csrf: first.csrf }).expect(303);
    await first.agent.get('/admin').expect(303).expect('location', '/admin/login?next=%2Fadmin');
  });

  it(`lock an account after ${maximumFailedLogins} failed logins, even for the right password`, async () => {
    const { app, store } = await workspace();
    const agent = request.agent(app);
    const csrf = csrfTokenOf((await agent.get('/admin/login')).text);
    for (let attempt = 0; attempt < maximumFailedLogins; attempt += 1) {
      const failed = await agent.post('/admin/login').type('form').send({ _csrf: csrf, username: 'anna', password: 'guess' }).expect(401);
      expect(failed.text).toContain('do not match');
    }
    const locked = await agent.post('/admin/login').type('form').send({ _csrf: csrf, username: 'anna', password: passwords.anna }).expect(401);
    expect(locked.text).toContain('do not match, or the account is locked');
    expect((await store.findUser('anna'))?.lockedUntil).toBeInstanceOf(Date);
    const unknown = await agent.post('/admin/login').type('form').send({ _csrf: csrf, username: 'nobody', password: 'guess' }).expect(401);
    expect(unknown.text).toContain('do not match');
  });

  it('refuse a login form without its CSRF token, and never follow a login to another site', async () => {
    const { app } = await workspace();
    await request(app).post('/admin/login').type('form').send({ username: 'anna', password: passwords.anna }).expect(403);
    const agent = request.agent(app);
    const csrf = csrfTokenOf((await agent.get('/admin/login')).text);
    await agent.post('/admin/login').type('form').send({ _csrf: csrf, username: 'anna', password: passwords.anna, next: 'https://evil.example/' }).expect(303).expect('location', '/admin');
  });
});

describe('authorisation of the workspace routes', () => {
  const routes: [string, string, number, number, number][] = [
    // method, path, anonymous, researcher, admin
    ['get', '/admin', 303, 200, 200],
    ['get', '/admin/api-keys', 303, 403, 200],
    ['get', '/admin/audit', 303, 403, 200],
    ['get', '/admin/experiments/loan-anchor/results', 303, 200, 200],
    ['get', '/admin/experiments/loan-anchor/codebook', 303, 200, 200],
    ['get', '/admin/experiments/loan-anchor/preview/control', 303, 403, 200],
    ['get', '/api/v1/experiments/loan-anchor/results', 401, 200, 200],
    ['get', '/api/v1/experiments/loan-anchor/export.csv', 401, 200, 200],
    ['get', '/api/v1/experiments/loan-anchor/process-events.csv', 401, 200, 200],
    ['get', '/api/v1/experiments/loan-anchor/codebook.json', 401, 200, 200],
    ['post', '/admin/experiments/loan-anchor/state', 303, 403, 303],
    ['post', '/admin/api-keys', 303, 403, 200],
    ['get', '/admin/experiments/loan-anchor/stop', 303, 403, 200],
    ['get', '/admin/participants/erase', 303, 403, 200],
    ['get', '/admin/participants/erase/confirm?participantId=nobody&experiment=all', 303, 403, 404],
    ['get', '/', 200, 200, 200],
  ];
  it.each(routes)('%s %s: anonymous %i, researcher %i, admin %i', async (method, path, anonymous, researcher, admin) => {
    const { app, signIn } = await workspace();
    const body: Record<string, string> = path.endsWith('/state') ? { state: 'paused' } : { name: 'Lender', experiments: 'loan-anchor' };
    const send = async (agent: ReturnType<typeof request.agent>, csrf: string) =>
      method === 'get' ? agent.get(path) : agent.post(path).type('form').send({ _csrf: csrf, ...body });
    const stranger = request.agent(app);
    const strangerCsrf = csrfTokenOf((await stranger.get('/admin/login')).text);
    expect((await send(stranger, strangerCsrf)).status).toBe(anonymous);
    const anna = await signIn('anna');
    expect((await send(anna.agent, anna.csrf)).status).toBe(researcher);
    const root = await signIn('admin');
    expect((await send(root.agent, root.csrf)).status).toBe(admin);
  });

  it('refuses a state change without the CSRF token, even from an admin', async () => {
    const { signIn, store } = await workspace();
    const { agent } = await signIn('admin');
    await agent.post('/admin/experiments/loan-anchor/state').type('form').send({ state: 'paused' }).expect(403);
    expect((await store.findExperimentState('loan-anchor'))?.state).toBe('running');
  });
});

describe('experiment lifecycle', () => {
  it('pauses, resumes and stops, refusing moves the lifecycle does not allow, all in the audit log', async () => {
    const { signIn, store } = await workspace();
    const { agent, csrf } = await signIn('admin');
    const move = (state: string) => agent.post('/admin/experiments/credit-choice/state').type('form').send({ _csrf: csrf, state });
    await move('paused').expect(303);
    await move('paused').expect(409);
    await move('running').expect(303);
    await agent.post('/admin/experiments/credit-choice/state').type('form').send({ _csrf: csrf, state: 'stopped', confirm: 'yes' }).expect(303);
    const refused = await move('running').expect(409);
    expect(refused.text).toContain('cannot go from stopped to running');
    expect((await store.listAudit(10)).map((entry) => entry.action).slice(0, 4)).toEqual(['experiment.stop', 'experiment.resume', 'experiment.pause', 'user.login']);
    const audit = await agent.get('/admin/audit').expect(200);
    expect(audit.text).toContain('experiment.pause');
  });

  it('admits no new participants unless running, lets started ones finish, and keeps the API out', async () => {
    const { app, signIn, store } = await workspace();
    const started = await consentedParticipant(app, 'loan-anchor', 'started-before-pause');
    const { agent, csrf } = await signIn('admin');
    await agent.post('/admin/experiments/loan-anchor/state').type('form').send({ _csrf: csrf, state: 'paused' }).expect(303);
    const closed = await request(app).get('/e/loan-anchor?pid=newcomer').expect(200);
    expect(closed.text).toContain('Dit onderzoek is gesloten');
    expect(closed.text).not.toContain('name="choice"');
    await started.agent.get('/e/loan-anchor/screen').expect(200);
    expect(await store.findParticipant('loan-anchor', 'newcomer')).toBeUndefined();

    const { secret, clientKey } = await createApiKey(store, { name: 'Lender', experiments: null });
    const assignment = await request(app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: 'loan-anchor', unitId: 'api-visitor' }).expect(200);
    expect(assignment.body).toMatchObject({ variant: 'control', inExperiment: false, params: { amountInput: { mode: 'empty' } } });
    expect(await store.findParticipant('loan-anchor', 'api-visitor')).toBeUndefined();
    const payload = await request(app).get(`/api/features/${clientKey}`).expect(200);
    // Every running experiment is served; the paused one is not.
    expect(Object.keys(payload.body.features)).toContain('credit-choice');
    expect(Object.keys(payload.body.features)).not.toContain('loan-anchor');
  });

  it('starts a draft experiment, freezing its definition and plan, and flags a file changed after the start', async () => {
    const draft = { ...loanAnchor, key: 'draft-study', initialState: 'draft' as const };
    const { app, signIn, store, experiments } = await workspace({ files: [{ file: 'experiments/draft-study.ts', definition: draft }] });
    await request(app).get('/e/draft-study').expect(200).expect(/gesloten/);
    const { agent, csrf } = await signIn('admin');
    await agent.post('/admin/experiments/draft-study/state').type('form').send({ _csrf: csrf, state: 'running' }).expect(303);
    const state = await store.findExperimentState('draft-study');
    expect(state).toMatchObject({ state: 'running', definitionSha256: experiments.get('draft-study')!.definitionHash });
    expect(state?.startedAt).toBeInstanceOf(Date);
    expect((state?.frozenDefinition as { analysisPlan: unknown }).analysisPlan).toEqual({
      alpha: 0.05,
      minimumDetectableEffect: 1000,
      plannedPerArm: 125,
      correction: 'holm',
      // The pre-registered exclusions are frozen with the plan.
      exclusions: [{ rule: 'failed-attention-check' }, { rule: 'did-not-complete' }],
      // So are the declared covariates, moderators and extra comparisons (none here).
      covariates: [],
      moderators: [],
      comparisons: [],
    });
    expect((await agent.get('/admin').expect(200)).text).not.toContain('data-definition-changed');

    // The file changes after the start: the same database, a new definition.
    const changed = { ...draft, analysisPlan: { ...draft.analysisPlan, plannedPerArm: 200 } };
    const appOnSameStore = createApp({
      store,
      experiments: validateExperiments([{ file: 'experiments/draft-study.ts', definition: changed }]),
      logger: pino({ level: 'silent' }),
      secret: 'test-secret-that-is-long-enough-0123456789',
      secureCookies: false,
      apiRequestsPerMinute: 1000,
      now: () => new Date(),
    });
    const viewer = request.agent(appOnSameStore);
    const loginCsrf = csrfTokenOf((await viewer.get('/admin/login')).text);
    await viewer.post('/admin/login').type('form').send({ _csrf: loginCsrf, username: 'anna', password: passwords.anna }).expect(303);
    const dashboard = (await viewer.get('/admin').expect(200)).text;
    expect(dashboard).toContain('data-definition-changed');
    expect(dashboard).toContain('analysisPlan.plannedPerArm');
  });
});

describe('dashboard and API keys page', () => {
  it('shows each experiment’s state, arms, completions, sample-ratio badge and participant link', async () => {
    const { app, signIn } = await workspace();
    for (let index = 0; index < 4; index += 1) await consentedParticipant(app, 'credit-choice', `dash-${index}`);
    const { agent } = await signIn('anna');
    const page = (await agent.get('/admin').set('host', 'study.example').expect(200)).text;
    expect(page).toContain('value="http://study.example/e/credit-choice?pid={PANEL_ID}&amp;lang=nl"');
    expect(page).toMatch(/data-experiment="credit-choice"[\s\S]*data-srm="not-checked"/);
    expect(page).toContain('default=fixed, disclosure=shown');
    // A factorial experiment's funnel has a column per factor, with each cell's level.
    expect(page).toMatch(/<th scope="col" data-factor>Pre-selected product<\/th><th scope="col" data-factor>Total cost and payoff time<\/th>/);
    expect(page).toMatch(/data-arm="fixed-shown">[\s\S]*?<td data-level>Fixed loan pre-selected<\/td><td data-level>Total cost and payoff time shown for both<\/td>/);
    // Only the factorial experiment (credit-choice, two factors) gets factor columns; the other three list arms only.
    expect(page.match(/data-factor>/g)).toHaveLength(2);
    expect(page).not.toContain('>Pause</button>');
  });

  it('words the sample-ratio badge as the results page does: a mismatch with p < 0.001, a balanced sample as no mismatch detected', async () => {
    const { signIn, store, experiments } = await workspace();
    const enrol = (experimentKey: string, participantId: string, arm: string) =>
      store.enrolParticipant({ experimentKey, participantId, panelId: null, locale: 'nl', userAgentClass: 'desktop', arm, definitionHash: experiments.get(experimentKey)!.definitionHash, at: new Date() });
    // loan-anchor: 60 in control and none in the other two arms (chi-square 120, p = 8.8e-27); default-term: 10 in each of its three arms.
    for (let index = 0; index < 60; index += 1) await enrol('loan-anchor', `srm-${index}`, 'control');
    for (const arm of experiments.get('default-term')!.definition.arms) for (let index = 0; index < 10; index += 1) await enrol('default-term', `even-${arm.key}-${index}`, arm.key);
    const { agent } = await signIn('anna');
    const page = (await agent.get('/admin').expect(200)).text;
    const badgeOf = (key: string) => page.match(new RegExp(`data-experiment="${key}"[\\s\\S]*?data-srm="([a-z-]+)">\\s*sample ratio: ([^<]*?)\\s*<`))!.slice(1);
    expect(badgeOf('loan-anchor')).toEqual(['mismatch', 'MISMATCH (p &lt; 0.001)']);
    expect(badgeOf('default-term')).toEqual(['ok', 'no mismatch detected (p = 1.000)']);
  });

  it('creates a key showing its secret once, lists it without the secret, and revokes it, audited', async () => {
    const { signIn, store } = await workspace();
    const { agent, csrf } = await signIn('admin');
    const created = await agent.post('/admin/api-keys').type('form').send({ _csrf: csrf, name: 'Lender B', experiments: 'credit-choice' }).expect(200);
    const secret = /data-secret>([^<]+)</.exec(created.text)?.[1];
    expect(secret).toMatch(/^nlsk_/);
    const [key] = await store.listApiKeys();
    expect(key).toMatchObject({ name: 'Lender B', experiments: ['credit-choice'] });
    const listed = (await agent.get('/admin/api-keys').expect(200)).text;
    expect(listed).toContain('Lender B');
    expect(listed).not.toContain(secret!);
    await agent.post(`/admin/api-keys/${key!.id}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    expect((await store.listApiKeys())[0]?.revokedAt).toBeInstanceOf(Date);
    expect((await store.listAudit(5)).map((entry) => entry.action)).toEqual(expect.arrayContaining(['api-key.create', 'api-key.revoke']));
  });
});
