import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';

/** GET /admin/audit — the latest 500 admin actions, newest first (admins only). */
export function auditLog(context: AppContext): RequestHandler {
  return async (_request, response) => {
    response.render('admin/audit', { title: 'Audit log', user: response.locals.user, entries: await context.store.listAudit(500), csrfToken: response.locals.csrfToken as string });
  };
}
