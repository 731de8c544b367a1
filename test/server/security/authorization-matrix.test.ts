import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/admin/password-hash';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { initializeExperimentStates } from '../../../server/lifecycle/experiment-lifecycle';
import { declaredRoutes } from '../../helpers/declared-routes';
import { consentedParticipant, createTestApp, csrfTokenOf, validAnswers } from '../../helpers/test-app';

type Role = 'anonymous' | 'participant' | 'researcher' | 'admin' | 'key' | 'keyElsewhere' | 'revokedKey';
const roles: readonly Role[] = ['anonymous', 'participant', 'researcher', 'admin', 'key', 'keyElsewhere', 'revokedKey'];

interface Caller {
  /** A supertest agent (with this role's cookies) or the bare app. */
  send: (method: 'get' | 'post', path: string) => request.Test;
  csrf: string | null;
  bearer: string | null;
}

interface Row {
  method: 'get' | 'post';
  path: string;
  form?: Record<string, string>;
  json?: unknown;
  /** The intended status per role. */
  expected: Record<Role, number>;
}

const experiment = 'loan-anchor';
const everyone = (status: number): Record<Role, number> => Object.fromEntries(roles.map((role) => [role, status])) as Record<Role, number>;
/** Lender API: keys with access only. */
const apiKeyOnly = { anonymous: 401, participant: 401, researcher: 401, admin: 401, key: 200, keyElsewhere: 403, revokedKey: 401 };
/** Aggregate results: signed-in staff, or a key with access and the `results` scope (the plain `key` has none). */
const staffOrScopedKey = { anonymous: 401, participant: 401, researcher: 200, admin: 200, key: 403, keyElsewhere: 403, revokedKey: 401 };
/** Results and exports: signed-in staff, or a key with access to the experiment. */
const staffOrKey = { anonymous: 401, participant: 401, researcher: 200, admin: 200, key: 200, keyElsewhere: 403, revokedKey: 401 };
/** A participant's own pages: whoever holds no participant cookie for the experiment gets the friendly 403 page. */
const participantOnly = (status: number) => ({ ...everyone(403), participant: status });
/** A form any browser may send with its CSRF token. */
const formFromBrowser = (status: number) => ({ ...everyone(status), key: 403, keyElsewhere: 403, revokedKey: 403 });
/** Workspace pages any signed-in user sees; others are sent to the login page. */
const staffPage = { anonymous: 303, participant: 303, researcher: 200, admin: 200, key: 303, keyElsewhere: 303, revokedKey: 303 };
/** Admin-only pages. */
const adminPage = { ...staffPage, researcher: 403 };
/** Admin-only forms: a bearer key is no substitute for a session and its CSRF token. */
const adminForm = (status: number) => ({ anonymous: 303, participant: 303, researcher: 403, admin: status, key: 403, keyElsewhere: 403, revokedKey: 403 });

describe('authorisation matrix: every route × every kind of caller', () => {
  const testApp = createTestApp();
  const callers = {} as Record<Role, Caller>;
  const rows: Row[] = [];

  beforeAll(async () => {
    const { app, store, experiments } = testApp;
    await initializeExperimentStates(store, experiments, new Date());
    for (const [username, role] of [['ada', 'admin'], ['rik', 'researcher']] as const) {
      await store.createUser({ username, role, passwordHash: await hashPassword(`${username}-password-long`), createdAt: new Date() });
    }
    const signedIn = async (username: string) => {
      const agent = request.agent(app);
      const csrf = csrfTokenOf((await agent.get('/admin/login')).text);
      await agent.post('/admin/login').type('form').send({ _csrf: csrf, username, password: `${username}-password-long` }).expect(303);
      return { send: (method: 'get' | 'post', path: string) => agent[method](path), csrf, bearer: null };
    };
    const anonymous = request.agent(app);
    const anonymousCsrf = csrfTokenOf((await anonymous.get('/admin/login')).text);
    const participant = await consentedParticipant(app, experiment, 'matrix-participant');
    const participantArm = (await store.findParticipant(experiment, 'matrix-participant'))!.arm!;
    const bare = (bearer: string) => ({ send: (method: 'get' | 'post', path: string) => request(app)[method](path), csrf: null, bearer });
    const key = await createApiKey(store, { name: 'All', experiments: null });
    const keyElsewhere = await createApiKey(store, { name: 'Other experiment only', experiments: ['credit-choice'] });
    const revokedKey = await createApiKey(store, { name: 'Revoked', experiments: null });
    await store.revokeApiKey(revokedKey.key.id, new Date());
    const disposableKey = await createApiKey(store, { name: 'To revoke', experiments: null });
    Object.assign(callers, {
      anonymous: { send: (method: 'get' | 'post', path: string) => anonymous[method](path), csrf: anonymousCsrf, bearer: null },
      participant: { send: (method: 'get' | 'post', path: string) => participant.agent[method](path), csrf: participant.csrf, bearer: null },
      researcher: await signedIn('rik'),
      admin: await signedIn('ada'),
      key: bare(key.secret),
      keyElsewhere: bare(keyElsewhere.secret),
      revokedKey: bare(revokedKey.secret),
    });
    // A unit assigned before, so that event batches are valid for a key with access.
    await request(app).post('/api/v1/assignments').set('authorization', `Bearer ${key.secret}`).send({ experiment, unitId: 'matrix-unit' }).expect(200);
    await consentedParticipant(app, experiment, 'to-erase');
    // Accounts for the users page: one to act on, one to lock out.
    await store.createUser({ username: 'vic', role: 'researcher', passwordHash: await hashPassword('vic-password-long'), createdAt: new Date() });

    const e = `/e/${experiment}`;
    const results = `/api/v1/experiments/${experiment}`;
    rows.push(
      { method: 'get', path: '/healthz', expected: everyone(200) },
      { method: 'get', path: '/', expected: everyone(200) },
      { method: 'get', path: '/static/nudgelab.css', expected: everyone(200) },
      { method: 'get', path: '/api', expected: everyone(200) },
      { method: 'get', path: '/api/openapi.json', expected: everyone(200) },
      { method: 'get', path: `/api/features/${key.clientKey}`, expected: everyone(200) },
      { method: 'get', path: `/api/features/${revokedKey.clientKey}`, expected: everyone(404) },
      { method: 'post', path: '/api/v1/assignments', json: { experiment, unitId: 'matrix-unit-2' }, expected: apiKeyOnly },
      { method: 'post', path: '/api/v1/events', json: [{ experiment, unitId: 'matrix-unit', name: 'loan_accepted', value: true }], expected: apiKeyOnly },
      { method: 'get', path: `${results}/results`, expected: staffOrScopedKey },
      { method: 'get', path: `${results}/export.csv`, expected: staffOrKey },
      { method: 'get', path: `${results}/process-events.csv`, expected: staffOrKey },
      { method: 'get', path: `${results}/codebook.json`, expected: staffOrKey },
      { method: 'get', path: e, expected: { ...everyone(200), participant: 303 } },
      // loan-anchor asks nothing before the screen: the page sends its participant on to their step.
      { method: 'get', path: `${e}/before-screen`, expected: participantOnly(303) },
      { method: 'post', path: `${e}/before-screen`, form: {}, expected: participantOnly(303) },
      { method: 'get', path: `${e}/scenario`, expected: participantOnly(200) },
      { method: 'get', path: `${e}/screen`, expected: participantOnly(200) },
      { method: 'post', path: `${e}/screen`, form: { amount: '4000', term: '60', processData: '' }, expected: participantOnly(303) },
      { method: 'get', path: `${e}/questionnaire`, expected: participantOnly(200) },
      { method: 'post', path: `${e}/questionnaire`, form: validAnswers(experiments.get(experiment)!.definition.questionnaire, participantArm), expected: participantOnly(303) },
      { method: 'get', path: `${e}/debrief`, expected: participantOnly(200) },
      // The brand stylesheet is public; this experiment declares no brand colour.
      { method: 'get', path: `${e}/brand.css`, expected: everyone(404) },
      // Anyone may consent (and so become a participant); a bearer key is no substitute for the form's CSRF token.
      { method: 'post', path: `${e}/consent`, form: { choice: 'accept', pid: '', lang: 'en' }, expected: formFromBrowser(303) },
      { method: 'post', path: '/admin/login', form: { username: 'nobody', password: 'wrong-password' }, expected: formFromBrowser(401) },
      { method: 'get', path: '/admin/login', expected: everyone(200) },
      { method: 'get', path: '/admin', expected: staffPage },
      { method: 'get', path: `/admin/experiments/${experiment}/results`, expected: staffPage },
      { method: 'get', path: `/admin/experiments/${experiment}/codebook`, expected: staffPage },
      { method: 'get', path: `/admin/experiments/${experiment}/charts/enrolment.svg`, expected: staffPage },
      { method: 'get', path: `/admin/experiments/${experiment}/charts/participant-flow.csv`, expected: staffPage },
      { method: 'get', path: `/admin/experiments/${experiment}/preview/control`, expected: adminPage },
      { method: 'get', path: `/admin/experiments/${experiment}/replication-package.tar.gz`, expected: adminPage },
      { method: 'get', path: '/admin/api-keys', expected: adminPage },
      { method: 'get', path: '/admin/audit', expected: adminPage },
      { method: 'get', path: '/admin/users', expected: adminPage },
      { method: 'get', path: '/admin/account/password', expected: staffPage },
      { method: 'get', path: `/admin/experiments/${experiment}/stop`, expected: adminPage },
      { method: 'get', path: '/admin/participants/erase', expected: adminPage },
      { method: 'get', path: '/admin/participants/release', expected: adminPage },
      { method: 'post', path: '/admin/participants/release', form: { participantId: 'matrix-participant', experiment }, expected: adminForm(200) },
      { method: 'get', path: '/admin/participants/erase/confirm?participantId=to-erase&experiment=all', expected: adminPage },
      // Without a participant id the confirmation page is the erase form again, with a 400.
      { method: 'get', path: '/admin/participants/erase/confirm', expected: { ...adminPage, admin: 400 } },
      { method: 'post', path: '/admin/api-keys', form: { name: 'Made in the matrix', experiments: experiment }, expected: adminForm(200) },
      { method: 'post', path: `/admin/api-keys/${disposableKey.key.id}/revoke`, form: {}, expected: adminForm(303) },
      { method: 'post', path: '/admin/participants/erase', form: { participantId: 'to-erase', confirm: 'yes' }, expected: adminForm(303) },
      { method: 'post', path: '/admin/users/vic/unlock', form: {}, expected: adminForm(303) },
      { method: 'post', path: '/admin/users/vic/password', form: { password: 'vic-new-password-long' }, expected: adminForm(303) },
      { method: 'post', path: '/admin/users/vic/disable', form: {}, expected: adminForm(303) },
      { method: 'post', path: '/admin/users/vic/enable', form: {}, expected: adminForm(303) },
      // A wrong current password is refused with 400 for a signed-in user, so nobody's password changes here.
      { method: 'post', path: '/admin/account/password', form: { currentPassword: 'wrong-password', newPassword: 'new-password-long', repeatPassword: 'new-password-long' }, expected: { ...staffPage, researcher: 400, admin: 400, key: 403, keyElsewhere: 403, revokedKey: 403 } },
      // Last: pausing changes what the participant routes answer.
      { method: 'post', path: `/admin/experiments/${experiment}/notes`, form: { note: 'Written in the matrix' }, expected: adminForm(303) },
      { method: 'post', path: `/admin/experiments/${experiment}/state`, form: { state: 'paused' }, expected: adminForm(303) },
      { method: 'post', path: '/admin/logout', form: {}, expected: formFromBrowser(303) },
    );
  }, 60_000);

  it('covers every route the app declares', () => {
    const routes = declaredRoutes(testApp.app);
    expect(routes.length).toBeGreaterThan(25);
    const uncovered = routes.filter((route) => {
      const [method, template] = route.split(' ') as [string, string];
      const pattern = new RegExp(`^${template.replace(/:\w+/g, '[^/]+').replaceAll('.', '\\.')}$`);
      return !rows.some((row) => row.method === method && pattern.test(row.path));
    });
    expect(uncovered).toEqual([]);
  });

  it('refuses every state-changing form without its CSRF token, even from a signed-in admin who is also a participant', async () => {
    const forms = declaredRoutes(testApp.app).filter((route) => route.startsWith('post ') && !route.includes(' /api/'));
    expect(forms.length).toBeGreaterThanOrEqual(9);
    const admin = callers.admin;
    const participant = callers.participant;
    for (const route of forms) {
      const path = route.slice('post '.length).replace(':experimentKey', experiment).replace(':keyId', 'any').replace(':arm', 'control').replace(':username', 'vic');
      for (const caller of [admin, participant]) {
        const withoutToken = await caller.send('post', path).type('form').send({ state: 'paused', participantId: 'x', name: 'n', choice: 'accept', amount: '5000', term: '60' });
        const withWrongToken = await caller.send('post', path).type('form').send({ _csrf: 'forged', state: 'paused' });
        expect([route, withoutToken.status, withWrongToken.status]).toEqual([route, 403, 403]);
      }
    }
  });

  /** Answers on signed-in and keyed paths that a cache may keep (filled by the status walk below). */
  const cacheable: string[] = [];

  it('gives each caller exactly the intended status on every route', async () => {
    const actual: string[] = [];
    const intended: string[] = [];
    for (const row of rows) {
      // The admin goes last, so that only the last caller of a row changes anything.
      for (const role of [...roles.filter((candidate) => candidate !== 'admin'), 'admin'] as Role[]) {
        const caller = callers[role];
        let call = caller.send(row.method, row.path).set('accept-language', 'en');
        if (caller.bearer) call = call.set('authorization', `Bearer ${caller.bearer}`);
        if (row.json !== undefined) call = call.send(row.json as object);
        if (row.form) call = call.type('form').send({ ...(caller.csrf ? { _csrf: caller.csrf } : {}), ...row.form });
        const response = await call;
        actual.push(`${row.method.toUpperCase()} ${row.path} as ${role}: ${response.status}`);
        const carriesPrivateData = row.path.startsWith('/admin') || row.path.startsWith('/api/v1/');
        if (carriesPrivateData && !/\bno-store\b/.test(String(response.headers['cache-control']))) {
          cacheable.push(`${row.method.toUpperCase()} ${row.path} as ${role}: ${response.status}, cache-control ${response.headers['cache-control']}`);
        }
        intended.push(`${row.method.toUpperCase()} ${row.path} as ${role}: ${row.expected[role]}`);
      }
    }
    expect(actual).toEqual(intended);
  }, 60_000);

  it('marks every answer on a signed-in or keyed path no-store (workspace pages, results, exports, a new API secret)', () => {
    expect(rows.filter((row) => row.path.startsWith('/admin') || row.path.startsWith('/api/v1/')).length).toBeGreaterThan(15);
    expect(cacheable).toEqual([]);
  });
});
