import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { endSession, startSession } from './admin-session';
import { hashPassword, verifyPassword } from './password-hash';

export const maximumFailedLogins = 5;
export const lockoutMs = 15 * 60 * 1000;

/**
 * What every refused sign-in says, whatever the reason (unknown user, wrong
 * password, locked or disabled account), so that the answer never tells whether a user
 * name exists or is locked.
 */
export const refusedSignInMessage = `That user name and password do not match, or the account is locked for ${lockoutMs / 60_000} minutes after ${maximumFailedLogins} failed attempts.`;

/** A hash no password matches, checked for unknown users so that they cost the same scrypt time as known ones. */
let unknownUserHash: Promise<string> | undefined;
const hashForUnknownUsers = () => (unknownUserHash ??= hashPassword(`unknown-user-${Math.random()}`));

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
 * Every refusal gets the same status, message and scrypt cost, whether the
 * user exists, the password is wrong or the account is locked or disabled. Failed logins
 * and lock-outs are audited.
 */
export function submitLogin(context: AppContext): RequestHandler {
  return async (request, response) => {
    const form = loginFormSchema.safeParse(request.body);
    const refuse = (error: string, status = 401) => response.status(status).render('admin/login', { title: 'Sign in', error, next: form.data?.next ?? '' });
    if (!form.success) return refuse('Enter a user name and a password.', 400);
    const { username, password, next } = form.data;
    const user = await context.store.findUser(username);
    const now = context.now();
    const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await hashForUnknownUsers()));
    const locked = user?.lockedUntil != null && user.lockedUntil > now;
    const disabled = user?.disabledAt != null;
    if (!user || locked || disabled || !passwordMatches) {
      if (user && !locked && !disabled) {
        const lockUntil = new Date(now.getTime() + lockoutMs);
        const lockedNow = await context.store.recordLoginFailure(username, maximumFailedLogins, lockUntil, now);
        if (lockedNow) await context.store.appendAudit({ at: now, actor: 'system', action: 'user.locked', subject: username, details: { until: lockUntil.toISOString() } });
      }
      await context.store.appendAudit({ at: now, actor: 'anonymous', action: 'user.login-failed', subject: username, details: { reason: !user ? 'unknown user' : disabled ? 'disabled' : locked ? 'locked' : 'wrong password' } });
      return refuse(refusedSignInMessage);
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
