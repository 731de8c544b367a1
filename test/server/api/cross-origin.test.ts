import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../server/config';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { initializeExperimentStates } from '../../../server/lifecycle/experiment-lifecycle';
import { createTestApp } from '../../helpers/test-app';

const lender = 'https://lender.example';
const stranger = 'https://elsewhere.example';

async function apiWithCors(corsOrigins?: string[]) {
  const testApp = createTestApp({ corsOrigins });
  await initializeExperimentStates(testApp.store, testApp.experiments, new Date());
  const key = await createApiKey(testApp.store, { name: 'Lender', experiments: null });
  return { ...testApp, key };
}

describe('cross-origin access for a lender front end (NUDGELAB_CORS_ORIGINS)', () => {
  it('lets a configured origin read the features payload and call the lender API, preflight included', async () => {
    const { app, key } = await apiWithCors([lender]);
    const features = await request(app).get(`/api/features/${key.clientKey}`).set('origin', lender).expect(200);
    expect(features.headers['access-control-allow-origin']).toBe(lender);
    expect(features.headers.vary).toMatch(/origin/i);
    const preflight = await request(app)
      .options('/api/v1/assignments')
      .set('origin', lender)
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization, content-type')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(lender);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/);
    expect(preflight.headers['access-control-allow-methods']).toMatch(/POST/);
    const assignment = await request(app)
      .post('/api/v1/assignments')
      .set('origin', lender)
      .set('authorization', `Bearer ${key.secret}`)
      .send({ experiment: 'loan-anchor', unitId: 'visitor-1' })
      .expect(200);
    expect(assignment.headers['access-control-allow-origin']).toBe(lender);
  });

  it('gives any other origin no CORS headers, and none at all when no origin is configured', async () => {
    for (const { app, key } of [await apiWithCors([lender]), await apiWithCors()]) {
      const features = await request(app).get(`/api/features/${key.clientKey}`).set('origin', stranger).expect(200);
      expect(features.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await request(app).options('/api/v1/assignments').set('origin', stranger).set('access-control-request-method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    }
    const { app } = await apiWithCors([lender]);
    const workspace = await request(app).get('/admin/login').set('origin', lender).expect(200);
    expect(workspace.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('reads the origins from the environment and refuses one with a path', () => {
    expect(readConfig({ NUDGELAB_CORS_ORIGINS: `${lender}, http://127.0.0.1:8080` }).NUDGELAB_CORS_ORIGINS).toEqual([lender, 'http://127.0.0.1:8080']);
    expect(readConfig({}).NUDGELAB_CORS_ORIGINS).toEqual([]);
    expect(() => readConfig({ NUDGELAB_CORS_ORIGINS: 'https://lender.example/app' })).toThrow(/NUDGELAB_CORS_ORIGINS.*scheme:\/\/host/);
  });
});

describe('the lender API checks the key before it reads a body', () => {
  it('answers 401 to an unauthenticated 1 MB body without parsing it', async () => {
    const { app } = await apiWithCors();
    const unparseable = `[${'{"broken":'.repeat(50_000)}`;
    const response = await request(app).post('/api/v1/events').set('content-type', 'application/json').send(unparseable).expect(401);
    // Parsing first would have answered 400 for the broken JSON.
    expect(response.body.error).toMatch(/Bearer/);
  });
});
