import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { rememberedPages } from '../../../server/http/remembered-pages';

/**
 * An app whose "page" view writes its locals (the CSRF token twice, as a form
 * and a meta tag would) and counts its renders; `/page/:key?token=T` sends the
 * page remembered under `key` with the token T, `/broken` a view that fails.
 */
function appWithCountingView(options?: { limit?: number }) {
  let renders = 0;
  let built = 0;
  const pages = rememberedPages(options);
  const app = express();
  app.engine('txt', (_path, locals, callback) => {
    renders += 1;
    const { csrfToken, heading } = locals as { csrfToken: string; heading: string };
    if (heading === 'broken') return callback(new Error('the view failed'));
    callback(null, `<h1>${heading}</h1><meta name="csrf" content="${csrfToken}"><input name="_csrf" value="${csrfToken}">`);
  });
  app.set('view engine', 'txt');
  // Express looks the view's file up; the engine above writes the page without reading it.
  const views = mkdtempSync(join(tmpdir(), 'remembered-pages-'));
  writeFileSync(join(views, 'page.txt'), '');
  app.set('views', views);
  app.get('/page/:key', async (request, response) => {
    response.locals.csrfToken = request.query.token;
    await pages.send(response, request.params.key, () => {
      built += 1;
      return { view: 'page', locals: { heading: request.params.key, csrfToken: 'never shown' } };
    });
  });
  app.use((error: Error, _request: express.Request, response: express.Response, _next: express.NextFunction) => {
    response.status(500).send(`error page: ${error.message}`);
  });
  return { app, renders: () => renders, built: () => built };
}

describe('rememberedPages', () => {
  it('renders a page once and sends it to each response with that response’s own CSRF token', async () => {
    const { app, renders, built } = appWithCountingView();
    const first = await request(app).get('/page/anchor?token=tokenOfAnn').expect(200);
    const second = await request(app).get('/page/anchor?token=tokenOfBob').expect(200);
    expect(first.text).toBe('<h1>anchor</h1><meta name="csrf" content="tokenOfAnn"><input name="_csrf" value="tokenOfAnn">');
    expect(second.text).toBe('<h1>anchor</h1><meta name="csrf" content="tokenOfBob"><input name="_csrf" value="tokenOfBob">');
    expect(first.headers['content-type']).toMatch(/^text\/html/);
    expect(renders()).toBe(1);
    // The page's locals are not even built for a remembered page.
    expect(built()).toBe(1);
  });

  it('renders each key’s page on its own', async () => {
    const { app, renders } = appWithCountingView();
    await request(app).get('/page/control?token=t1').expect(200, '<h1>control</h1><meta name="csrf" content="t1"><input name="_csrf" value="t1">');
    await request(app).get('/page/anchor?token=t1').expect(200, '<h1>anchor</h1><meta name="csrf" content="t1"><input name="_csrf" value="t1">');
    await request(app).get('/page/control?token=t2').expect(200, '<h1>control</h1><meta name="csrf" content="t2"><input name="_csrf" value="t2">');
    expect(renders()).toBe(2);
  });

  it('starts afresh when it holds its limit of pages', async () => {
    const { app, renders } = appWithCountingView({ limit: 2 });
    for (const key of ['a', 'b', 'a', 'b']) await request(app).get(`/page/${key}?token=t`).expect(200);
    expect(renders()).toBe(2);
    // A third page clears the memory, so the first ones are rendered again.
    for (const key of ['c', 'a']) await request(app).get(`/page/${key}?token=t`).expect(200);
    expect(renders()).toBe(4);
  });

  it('passes a failing view to the error handler and remembers nothing for it', async () => {
    const { app, renders } = appWithCountingView();
    await request(app).get('/page/broken?token=t').expect(500, 'error page: the view failed');
    await request(app).get('/page/broken?token=t').expect(500, 'error page: the view failed');
    expect(renders()).toBe(2);
  });
});
