import express, { Router } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { onlyUnderPath } from '../../../server/http/only-under-path';

/** An app whose /admin router answers its routes and counts every request that entered it. */
function appWithCountingRouter() {
  let entered = 0;
  const admin = Router()
    .use((_request, _response, next) => {
      entered += 1;
      next();
    })
    .get('/admin', (_request, response) => void response.send('admin home'))
    .get('/admin/users', (_request, response) => void response.send('users'));
  const app = express();
  app.use(onlyUnderPath('/admin', admin));
  app.get('/administrator', (_request, response) => void response.send('not the admin router'));
  return { app, entered: () => entered };
}

describe('onlyUnderPath', () => {
  it('passes the prefix and the paths below it to the router, with their full paths', async () => {
    const { app, entered } = appWithCountingRouter();
    await request(app).get('/admin').expect(200, 'admin home');
    await request(app).get('/admin/users').expect(200, 'users');
    await request(app).get('/admin/users?sort=name').expect(200, 'users');
    expect(entered()).toBe(3);
  });

  it('matches the prefix without regard to case, as Express matches routes', async () => {
    const { app, entered } = appWithCountingRouter();
    await request(app).get('/ADMIN/Users').expect(200, 'users');
    expect(entered()).toBe(1);
  });

  it('lets every other path pass by without entering the router, a longer word included', async () => {
    const { app, entered } = appWithCountingRouter();
    await request(app).get('/administrator').expect(200, 'not the admin router');
    await request(app).get('/e/loan-anchor').expect(404);
    await request(app).get('/').expect(404);
    expect(entered()).toBe(0);
  });

  it("shows the router's layers as its own stack, so route listings still find them", () => {
    const admin = Router().get('/admin', (_request, response) => void response.send('admin home'));
    const gate = onlyUnderPath('/admin', admin) as unknown as { stack: unknown };
    expect(gate.stack).toBe((admin as unknown as { stack: unknown }).stack);
  });
});
