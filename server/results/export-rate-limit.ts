import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppContext } from '../app-context';
import { SharedRateLimitStore } from '../http/shared-rate-limit-store';
import type { ApiKey, User } from '../store/store';

/** Exports and results a minute per API key or signed-in user, unless NUDGELAB_EXPORT_REQUESTS_PER_MINUTE says otherwise. */
export const defaultExportRequestsPerMinute = 30;

/** Who is asking: the API key, or the signed-in user (the guard before this has made sure there is one). */
const callerOf = (request: Request, user: User | undefined): string => {
  const key = (request as Request & { apiKey?: ApiKey }).apiKey;
  if (key) return `api-key:${key.id}`;
  return `user:${user?.username ?? 'anonymous'}`;
};

/**
 * The rate limit on exports and results, which each read a whole experiment:
 * `exportRequestsPerMinute` a minute per API key and per signed-in user, shared
 * by every instance (the store's counter), answered with 429 and a message.
 * Put it after the guard that identifies the caller.
 *
 * @example
 * router.get('/api/v1/experiments/:experimentKey/export.csv', guard, exportRateLimit(context), handler);
 */
export function exportRateLimit(context: AppContext): RequestHandler {
  const limit = context.exportRequestsPerMinute ?? defaultExportRequestsPerMinute;
  return rateLimit({
    windowMs: 60_000,
    limit,
    keyGenerator: (request, response) => callerOf(request, response.locals.user as User | undefined),
    store: new SharedRateLimitStore(context.store, 'export:', context.now),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_request, response) => {
      response.status(429).json({ error: `rate limit of ${limit} exports and results a minute exceeded; retry in a minute` });
    },
  });
}
