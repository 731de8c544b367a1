import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import type { User } from '../store/store';
import { currentSessionTokenSha256 } from './admin-session';
import { renderAdminPage } from './render-admin-page';
import { maximumPasswordLength, minimumPasswordLength, setUserPassword } from './set-user-password';
import { verifyPassword } from './password-hash';

const renderForm = (response: Response, { problem = null, done = false }: { problem?: string | null; done?: boolean }, status = 200) =>
  renderAdminPage(response, 'admin/own-password', { status, title: 'Change your password', problem, done, minimumPasswordLength });

/**
 * GET /admin/account/password — the form where signed-in users change their own password.
 *
 * @example
 * router.get('/admin/account/password', requireRole('researcher'), ownPasswordForm);
 */
export const ownPasswordForm: RequestHandler = (request, response) => {
  renderForm(response, { done: request.query.done === '1' });
};

const formSchema = z.object({
  currentPassword: z.string().max(maximumPasswordLength),
  newPassword: z.string().max(maximumPasswordLength),
  repeatPassword: z.string().max(maximumPasswordLength),
});

/**
 * POST /admin/account/password — changes the signed-in user's password when
 * the current one is right and the new one is long enough and typed twice the
 * same; their other sessions end, this one stays. Audited.
 *
 * @example
 * router.post('/admin/account/password', requireRole('researcher'), changeOwnPassword(context));
 */
export function changeOwnPassword(context: AppContext): RequestHandler {
  return async (request, response) => {
    const user = response.locals.user as User;
    const form = formSchema.safeParse(request.body);
    if (!form.success) return renderForm(response, { problem: 'Fill in your current password and the new one twice.' }, 400);
    const { currentPassword, newPassword, repeatPassword } = form.data;
    if (!(await verifyPassword(currentPassword, user.passwordHash))) return renderForm(response, { problem: 'Your current password is not right.' }, 400);
    if (newPassword.length < minimumPasswordLength) return renderForm(response, { problem: `The new password needs at least ${minimumPasswordLength} characters.` }, 400);
    if (newPassword !== repeatPassword) return renderForm(response, { problem: 'The new password and its repetition differ.' }, 400);
    await setUserPassword(context.store, {
      username: user.username,
      password: newPassword,
      actor: user.username,
      now: context.now(),
      keepSessionTokenSha256: currentSessionTokenSha256(request),
    });
    response.redirect(303, '/admin/account/password?done=1');
  };
}
