import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppContext } from '../app-context';
import { SharedRateLimitStore } from '../http/shared-rate-limit-store';
import { loadSessionUser, requireRole } from './admin-session';
import { createApiKeyFromPage, listApiKeys, revokeApiKeyFromPage } from './api-keys-page';
import { auditLog } from './audit-page';
import { dashboard } from './dashboard';
import { eraseConfirmation } from './erase-confirmation';
import { erasePage } from './erase-page';
import { eraseParticipant } from './erase-participant';
import { changeState } from './experiment-state';
import { logout, showLogin, submitLogin } from './login';
import { preview } from './preview';
import { stopConfirmation } from './stop-confirmation';
import { codebookDocument } from '../results/results-routes';
import { resultsPage } from '../results/results-page';
import { chartDownload } from '../results/charts/chart-download';
import { HttpError } from '../http/http-error';

/** The researcher workspace: sign-in, the dashboard, lifecycle, API keys and the audit log. */
export function adminRoutes(context: AppContext): Router {
  const loginAttempts = rateLimit({
    windowMs: 60_000,
    limit: 20,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new SharedRateLimitStore(context.store, 'login:', context.now),
  });
  return Router()
    .use('/admin', loadSessionUser(context))
    .get('/admin/login', showLogin)
    .post('/admin/login', loginAttempts, submitLogin(context))
    .post('/admin/logout', logout(context))
    .get('/admin', requireRole('researcher'), dashboard(context))
    .get('/admin/experiments/:experimentKey/results', requireRole('researcher'), resultsPage(context))
    .get('/admin/experiments/:experimentKey/charts/:chartFile', requireRole('researcher'), chartDownload(context))
    .get('/admin/experiments/:experimentKey/preview/:arm', requireRole('admin'), preview(context))
    .get('/admin/experiments/:experimentKey/codebook', requireRole('researcher'), async (request, response) => {
      const experiment = context.experiments.get(String(request.params.experimentKey));
      if (!experiment) throw new HttpError(404, 'no such experiment');
      const codebook = await codebookDocument(context, experiment);
      response.render('admin/codebook', { title: `Codebook: ${codebook.title}`, user: response.locals.user, csrfToken: response.locals.csrfToken, codebook });
    })
    .post('/admin/experiments/:experimentKey/state', requireRole('admin'), changeState(context))
    .get('/admin/experiments/:experimentKey/stop', requireRole('admin'), stopConfirmation(context))
    .get('/admin/api-keys', requireRole('admin'), listApiKeys(context))
    .post('/admin/api-keys', requireRole('admin'), createApiKeyFromPage(context))
    .post('/admin/api-keys/:keyId/revoke', requireRole('admin'), revokeApiKeyFromPage(context))
    .get('/admin/participants/erase', requireRole('admin'), erasePage(context))
    .get('/admin/participants/erase/confirm', requireRole('admin'), eraseConfirmation(context))
    .get('/admin/audit', requireRole('admin'), auditLog(context))
    .post('/admin/participants/erase', requireRole('admin'), eraseParticipant(context));
}
