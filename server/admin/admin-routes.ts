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
import { releasePage, releaseParticipant } from './release-participant';
import { renderAdminPage } from './render-admin-page';
import { eraseParticipant } from './erase-participant';
import { changeState } from './experiment-state';
import { addExperimentNote } from './experiment-notes';
import { logout, showLogin, submitLogin } from './login';
import { changeOwnPassword, ownPasswordForm } from './own-password';
import { manageUserFromPage, setPasswordFromPage, usersPage } from './users-page';
import { exportRateLimit } from '../results/export-rate-limit';
import { preview } from './preview';
import { stopConfirmation } from './stop-confirmation';
import { codebookDocument } from '../results/results-routes';
import { resultsPage } from '../results/results-page';
import { experimentOf, loadExperiment } from '../http/load-experiment';
import { chartDownload } from '../results/charts/chart-download';
import { replicationPackageDownload } from '../results/replication-package-download';

/** The researcher workspace: sign-in, the dashboard, lifecycle, API keys, users, the audit log. */
export function adminRoutes(context: AppContext): Router {
  const loginAttempts = rateLimit({
    windowMs: 60_000,
    limit: 20,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new SharedRateLimitStore(context.store, 'login:', context.now),
  });
  // After the role check, so that an unknown key is not told apart from a forbidden one.
  const experiment = loadExperiment(context);
  return Router()
    .use('/admin', loadSessionUser(context))
    .get('/admin/login', showLogin)
    .post('/admin/login', loginAttempts, submitLogin(context))
    .post('/admin/logout', logout(context))
    .get('/admin', requireRole('researcher'), dashboard(context))
    .get('/admin/experiments/:experimentKey/results', requireRole('researcher'), experiment, exportRateLimit(context), resultsPage(context))
    .get('/admin/experiments/:experimentKey/charts/:chartFile', requireRole('researcher'), experiment, chartDownload(context))
    .get('/admin/experiments/:experimentKey/replication-package.tar.gz', requireRole('admin'), experiment, exportRateLimit(context), replicationPackageDownload(context))
    .get('/admin/experiments/:experimentKey/preview/:arm', requireRole('admin'), experiment, preview(context))
    .get('/admin/experiments/:experimentKey/codebook', requireRole('researcher'), experiment, async (_request, response) => {
      const codebook = await codebookDocument(context, experimentOf(response));
      renderAdminPage(response, 'admin/codebook', { title: `Codebook: ${codebook.title}`, codebook });
    })
    .post('/admin/experiments/:experimentKey/state', requireRole('admin'), experiment, changeState(context))
    .get('/admin/experiments/:experimentKey/stop', requireRole('admin'), experiment, stopConfirmation(context))
    .post('/admin/experiments/:experimentKey/notes', requireRole('admin'), experiment, addExperimentNote(context))
    .get('/admin/api-keys', requireRole('admin'), listApiKeys(context))
    .post('/admin/api-keys', requireRole('admin'), createApiKeyFromPage(context))
    .post('/admin/api-keys/:keyId/revoke', requireRole('admin'), revokeApiKeyFromPage(context))
    .get('/admin/participants/release', requireRole('admin'), releasePage(context))
    .post('/admin/participants/release', requireRole('admin'), releaseParticipant(context))
    .get('/admin/participants/erase', requireRole('admin'), erasePage(context))
    .get('/admin/participants/erase/confirm', requireRole('admin'), eraseConfirmation(context))
    .get('/admin/audit', requireRole('admin'), auditLog(context))
    .get('/admin/users', requireRole('admin'), usersPage(context))
    .post('/admin/users/:username/unlock', requireRole('admin'), manageUserFromPage(context, 'unlock'))
    .post('/admin/users/:username/disable', requireRole('admin'), manageUserFromPage(context, 'disable'))
    .post('/admin/users/:username/enable', requireRole('admin'), manageUserFromPage(context, 'enable'))
    .post('/admin/users/:username/password', requireRole('admin'), setPasswordFromPage(context))
    .get('/admin/account/password', requireRole('researcher'), ownPasswordForm)
    .post('/admin/account/password', requireRole('researcher'), changeOwnPassword(context))
    .post('/admin/participants/erase', requireRole('admin'), eraseParticipant(context));
}
