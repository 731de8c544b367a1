import type { RequestHandler } from 'express';

/**
 * Hands a request to `handler` (a Router, usually) only when its path lies
 * under `prefix` (`/e` takes `/e` and `/e/…`, not `/ex`), case-insensitively
 * as Express matches routes; every other request passes by without entering
 * it. Unlike `app.use(prefix, router)` the path is not cut, so the router's
 * routes keep their full paths. Each router mounted this way saves the
 * requests of every other part the walk through its routes. The gate
 * shows the router's layers as its own `stack`, as a mounted Router does, so
 * whatever lists the app's routes still finds them.
 *
 * @example
 * app.use(onlyUnderPath('/admin', adminRoutes(context))); // GET /e/loan-anchor never enters the admin routes
 */
export function onlyUnderPath(prefix: string, handler: RequestHandler): RequestHandler {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const underPrefix = new RegExp(`^${escaped}(?:/|$)`, 'i');
  const gate: RequestHandler = (request, response, next) => (underPrefix.test(request.path) ? handler(request, response, next) : next());
  return Object.defineProperty(gate, 'stack', { get: () => (handler as RequestHandler & { stack?: unknown }).stack, enumerable: true });
}
