import type { Response } from 'express';
import type { User } from '../store/store';

/** What an admin page shows besides the layout's user and CSRF token: its title, its own values and the status (200 unless said). */
export interface AdminPageLocals {
  title: string;
  status?: number;
  [viewLocal: string]: unknown;
}

/**
 * Renders a page behind the admin login with what the admin layout needs on
 * every page: the signed-in user (for the header and its sign-out form) and
 * the CSRF token every form posts back. Forms with a problem pass its status.
 *
 * @example
 * renderAdminPage(response, 'admin/users', { status: 400, title: 'Users', rows, notice: null, problem: 'Choose a role.' });
 */
export function renderAdminPage(response: Response, view: string, { status = 200, title, ...locals }: AdminPageLocals): void {
  response.status(status).render(view, {
    title,
    user: response.locals.user as User,
    csrfToken: response.locals.csrfToken as string,
    ...locals,
  });
}
