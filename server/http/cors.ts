import type { RequestHandler } from 'express';

/** The request headers a lender's front end may send cross-origin. */
const allowedRequestHeaders = 'authorization, content-type';

/**
 * Cross-origin access for a lender's own front end, for the listed origins
 * only (NUDGELAB_CORS_ORIGINS). An allowed origin gets its own origin echoed
 * back (never `*`, since requests carry bearer keys) and preflight requests
 * are answered with 204; any other origin gets no CORS headers, so the
 * browser keeps the answer from that page. `Vary: Origin` keeps caches from
 * serving one origin's answer to another.
 *
 * @example
 * app.use(['/api/features', '/api/v1'], corsForOrigins(['https://lender.example']));
 */
export function corsForOrigins(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (request, response, next) => {
    response.vary('origin');
    const origin = request.get('origin');
    if (origin === undefined || !allowed.has(origin)) {
      next();
      return;
    }
    response.set('access-control-allow-origin', origin);
    response.set('access-control-expose-headers', 'ratelimit, ratelimit-policy, retry-after');
    if (request.method === 'OPTIONS' && request.get('access-control-request-method')) {
      response.set('access-control-allow-methods', 'GET, POST');
      response.set('access-control-allow-headers', allowedRequestHeaders);
      response.set('access-control-max-age', '600');
      response.status(204).end();
      return;
    }
    next();
  };
}
