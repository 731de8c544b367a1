import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { endSession, startSession } from './admin-session';
import { verifyPassword } from './password-hash';

export const maximumFailedLogins = 5;
export const lockoutMs = 15 * 60 * 1000;

const loginFormSchema = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200), next: z.string().max(300).optional() });

/** Only paths inside the admin area may follow a login, never another site. */
const safeNext = (next: string | undefined) => (next && /^\/admin(\/[\w\-/?=&.%]*)?$/.test(next) ? next : '/admin');

/** GET /admin/login */
export const showLogin: RequestHandler = (request, response) => {
  response.render('admin/login', { title: 'Sign in', error: null, next: typeof request.query.next === 'string' ? request.query.next : '' });
};

/**
 * POST /admin/login — checks the password (scrypt), locks the account for 15
 * minutes after 5 failures in a row, and starts a fresh session on success.
 * Failures say the same thing whether or not the user exists.
 */
export function submitLogin(context: AppContext): RequestHandler {
  return async (request, response) => {
    const form = loginFormSchema.safeParse(request.body);
    const refuse = (error: string, status = 401) => response.status(status).render('admin/login', { title: 'Sign in', error, next: form.data?.next ?? '' });
    if (!form.success) return refuse('Enter a user name and a password.', 400);
    const { username, password, next } = form.data;
    const user = await context.store.findUser(username);
    const now = context.now();
    if (user?.lockedUntil && user.lockedUntil > now) {
      return refuse(`Too many failed attempts: this account is locked until ${user.lockedUntil.toISOString().slice(11, 16)} UTC.`, 429);
    }
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      if (user) await context.store.recordLoginFailure(username, maximumFailedLogins, new Date(now.getTime() + lockoutMs));
      return refuse('That user name and password do not match.');
    }
    await context.store.clearLoginFailures(username);
    await startSession(context, request, response, username);
    await context.store.appendAudit({ at: now, actor: username, action: 'user.login', subject: username, details: null });
    response.redirect(303, safeNext(next));
  };
}

/** POST /admin/logout */
export function logout(context: AppContext): RequestHandler {
  return async (request, response) => {
    await endSession(context, request, response);
    response.redirect(303, '/admin/login');
  };
}
