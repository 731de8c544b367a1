import { join } from 'node:path';
import ejs from 'ejs';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { AppContext } from './app-context';
import { corsForOrigins } from './http/cors';
import { csrfProtection } from './http/csrf';
import { noStore } from './http/no-store';
import { signedCookieParser } from './http/signed-cookie-parser';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { onlyUnderPath } from './http/only-under-path';
import { trustProxyValue } from './http/secure-cookie';
import { adminRoutes } from './admin/admin-routes';
import { apiRoutes } from './api/api-routes';
import { participantRoutes } from './participant/participant-routes';
import { projectRoot } from './project-root';
import { resultsRoutes } from './results/results-routes';
import { startPage } from './start/start-page';

const viewsDirectory = join(projectRoot, 'views');
const staticDirectory = join(projectRoot, 'views', 'static');

/**
 * Builds the Express app from its dependencies. It never listens: main.ts
 * does, and tests drive it with supertest.
 *
 * @example
 * const app = createApp({ store, experiments, logger, secret, secureCookies: false, apiRequestsPerMinute: 600, now: () => new Date() });
 */
export function createApp(context: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('views', viewsDirectory);
  app.set('view engine', 'ejs');
  app.set('view cache', true);
  // Templates are compiled once and cached; includes are written from the views
  // root (`/partials/head`), so EJS resolves them without a file-system check per render.
  app.engine('ejs', (path, data, callback) => ejs.renderFile(path, data as ejs.Data, { cache: true, root: viewsDirectory }, callback));
  if (context.trustProxy !== undefined) app.set('trust proxy', trustProxyValue(context.trustProxy));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'font-src': ["'self'"],
          'form-action': ["'self'"],
          // Only behind TLS: on plain http it would make browsers fetch our own CSS over https.
          'upgrade-insecure-requests': context.secureCookies ? [] : null,
        },
      },
    }),
  );
  app.use('/static', express.static(staticDirectory, { maxAge: '1h', index: false }));
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  // Signed-in pages, results, exports and API answers (some carry a secret shown once) are never cached.
  app.use(['/admin', '/api/v1'], noStore);
  if (context.corsOrigins?.length) app.use(['/api/features', '/api/v1'], corsForOrigins(context.corsOrigins));
  app.get('/', startPage(context));
  // Each part's routes are entered only by requests under its path: a participant's
  // request does not walk the API's, the exports' and the admin pages' routes.
  // The API authenticates with bearer keys, not cookies, so it sits before the cookie and CSRF layers.
  app.use(onlyUnderPath('/api', apiRoutes(context)));
  app.use(onlyUnderPath('/api/v1/experiments', resultsRoutes(context)));
  app.use(signedCookieParser(context.secret));
  app.use(express.urlencoded({ extended: false, limit: '128kb', parameterLimit: 200 }));
  app.use(csrfProtection(context.secret, { secureCookies: context.secureCookies }));
  app.use(onlyUnderPath('/e', participantRoutes(context)));
  app.use(onlyUnderPath('/admin', adminRoutes(context)));
  app.use(notFoundHandler);
  app.use(errorHandler(context.logger));
  return app;
}
