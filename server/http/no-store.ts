import type { RequestHandler } from 'express';

/**
 * Marks a response as never to be kept by a browser or proxy cache
 * (`Cache-Control: no-store`). Mounted on every path that can carry data a
 * signed-in person or an API key reads — workspace pages, results, exports,
 * the page that shows a new API secret once — so that nothing of it survives
 * in a shared computer's cache or an intermediate proxy.
 *
 * @example
 * app.use(['/admin', '/api/v1'], noStore);
 */
export const noStore: RequestHandler = (_request, response, next) => {
  response.set('cache-control', 'no-store');
  next();
};
