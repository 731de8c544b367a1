import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import type { User } from '../store/store';
import { renderAdminPage } from './render-admin-page';
import { manageUser, UserActionError, type UserAction } from './manage-user';
import { maximumPasswordLength, minimumPasswordLength, setUserPassword } from './set-user-password';

/** One row of the users table: what the view shows, computed here. */
interface UserRow {
  username: string;
  role: User['role'];
  state: 'active' | 'locked' | 'disabled';
  stateText: string;
}

const userRow = (user: User, now: Date): UserRow => {
  if (user.disabledAt) return { username: user.username, role: user.role, state: 'disabled', stateText: `disabled since ${user.disabledAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` };
  if (user.lockedUntil && user.lockedUntil > now) {
    return { username: user.username, role: user.role, state: 'locked', stateText: `locked until ${user.lockedUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC` };
  }
  return { username: user.username, role: user.role, state: 'active', stateText: 'active' };
};

async function renderUsers(context: AppContext, response: Response, { notice = null, problem = null }: { notice?: string | null; problem?: string | null }, status = 200) {
  const now = context.now();
  renderAdminPage(response, 'admin/users', {
    status,
    title: 'Users',
    rows: (await context.store.listUsers()).map((user) => userRow(user, now)),
    notice,
    problem,
    minimumPasswordLength,
  });
}

/**
 * GET /admin/users — every account with its role and state (active, locked,
 * disabled), with forms to unlock, disable or enable it and set a new password (admins only).
 *
 * @example
 * router.get('/admin/users', requireRole('admin'), usersPage(context));
 */
export function usersPage(context: AppContext): RequestHandler {
  return async (request, response) => {
    const done = typeof request.query.done === 'string' ? request.query.done.slice(0, 200) : null;
    await renderUsers(context, response, { notice: done });
  };
}

const usernameOf = (value: unknown) => {
  const username = String(value ?? '');
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(username)) throw new HttpError(404, 'no such user');
  return username;
};

/**
 * POST /admin/users/:username/{unlock,disable,enable} — audited with the
 * admin's name. Admins cannot disable themselves (nor the last admin); a
 * refusal comes back as the page with a 400 saying why.
 *
 * @example
 * router.post('/admin/users/:username/disable', requireRole('admin'), manageUserFromPage(context, 'disable'));
 */
export function manageUserFromPage(context: AppContext, action: UserAction): RequestHandler {
  return async (request, response) => {
    const username = usernameOf(request.params.username);
    const actor = (response.locals.user as User).username;
    if (action === 'disable' && username === actor) return renderUsers(context, response, { problem: 'You cannot disable your own account.' }, 400);
    try {
      await manageUser(context.store, { username, action, actor, now: context.now() });
    } catch (error) {
      if (error instanceof UserActionError) return renderUsers(context, response, { problem: error.message }, /^no user/.test(error.message) ? 404 : 400);
      throw error;
    }
    const done = { unlock: 'unlocked', disable: 'disabled', enable: 'enabled' }[action];
    response.redirect(303, `/admin/users?done=${encodeURIComponent(`${done} ${username}`)}`);
  };
}

const newPasswordSchema = z.object({ password: z.string().max(maximumPasswordLength) });

/**
 * POST /admin/users/:username/password — an admin sets a new password for an
 * account (at least 10 characters); every session of that account ends. Audited.
 *
 * @example
 * router.post('/admin/users/:username/password', requireRole('admin'), setPasswordFromPage(context));
 */
export function setPasswordFromPage(context: AppContext): RequestHandler {
  return async (request, response) => {
    const username = usernameOf(request.params.username);
    const form = newPasswordSchema.safeParse(request.body);
    if (!form.success) return renderUsers(context, response, { problem: `A password has ${minimumPasswordLength} to ${maximumPasswordLength} characters.` }, 400);
    try {
      await setUserPassword(context.store, { username, password: form.data.password, actor: (response.locals.user as User).username, now: context.now() });
    } catch (error) {
      if (error instanceof UserActionError) return renderUsers(context, response, { problem: error.message }, /^no user/.test(error.message) ? 404 : 400);
      throw error;
    }
    response.redirect(303, `/admin/users?done=${encodeURIComponent(`new password set for ${username}`)}`);
  };
}
