import express, { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppContext } from '../app-context';
import { SharedRateLimitStore } from '../http/shared-rate-limit-store';
import { createAssignment } from './assignments';
import { recordEvents } from './events';
import { features } from './features';
import { apiReferencePage } from './api-reference-page';
import { openApiDocument } from './openapi-document';
import { apiKeyOf, requireApiKey } from './require-api-key';

/** The lender API: JSON in and out, bearer keys checked before the body is read, a rate limit per key, bodies up to 1 MB (413 beyond). */
export function apiRoutes(context: AppContext): Router {
  const perKeyLimit = rateLimit({
    windowMs: 60_000,
    limit: context.apiRequestsPerMinute,
    keyGenerator: (request) => apiKeyOf(request).id,
    store: new SharedRateLimitStore(context.store, 'api-key:', context.now),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_request, response) => {
      response.status(429).json({ error: `rate limit of ${context.apiRequestsPerMinute} requests a minute for this API key exceeded; retry later` });
    },
  });
  const document = openApiDocument();
  // The key is checked before the body is read, so an unauthenticated caller never makes the server parse a megabyte of JSON.
  const authenticated = [requireApiKey(context), perKeyLimit, express.json({ limit: '1mb', strict: false })];
  return Router()
    .get('/api/openapi.json', (_request, response) => {
      response.json(document);
    })
    .get('/api', (request, response) => {
      response.render('api/reference', apiReferencePage(document, `${request.protocol}://${request.get('host')}`));
    })
    .get('/api/features/:clientKey', features(context))
    .post('/api/v1/assignments', ...authenticated, createAssignment(context))
    .post('/api/v1/events', ...authenticated, recordEvents(context));
}
