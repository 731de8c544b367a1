import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { renderAdminPage } from './render-admin-page';

/** GET /admin/audit — the latest 500 admin actions, newest first (admins only). */
export function auditLog(context: AppContext): RequestHandler {
  return async (_request, response) => {
    renderAdminPage(response, 'admin/audit', { title: 'Audit log', entries: await context.store.listAudit(500) });
  };
}
