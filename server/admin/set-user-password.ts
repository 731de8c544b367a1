import type { Store } from '../store/store';
import { hashPassword } from './password-hash';
import { UserActionError } from './manage-user';

/** The shortest password accepted, everywhere (the CLI, the users page, a user's own change). */
export const minimumPasswordLength = 10;
/** The longest, as the sign-in form accepts it. */
export const maximumPasswordLength = 200;

/**
 * Sets a new password (scrypt) and ends the account's other sessions: every
 * one when an admin or the command line sets it, all but the current one
 * (`keepSessionTokenSha256`) when users change their own. Clears a lock-out,
 * since the owner now knows the password. Audited with the actor, never with
 * the password.
 *
 * @example
 * await setUserPassword(store, { username: 'anna', password: 'a-new-long-password', actor: 'admin', now: new Date() });
 */
export async function setUserPassword(
  store: Store,
  { username, password, actor, now, keepSessionTokenSha256 }: { username: string; password: string; actor: string; now: Date; keepSessionTokenSha256?: string },
): Promise<void> {
  if (password.length < minimumPasswordLength) throw new UserActionError(`a password needs at least ${minimumPasswordLength} characters`);
  if (password.length > maximumPasswordLength) throw new UserActionError(`a password has at most ${maximumPasswordLength} characters`);
  if (!(await store.setPasswordHash(username, await hashPassword(password)))) throw new UserActionError(`no user "${username}"`);
  await store.deleteSessionsOf(username, keepSessionTokenSha256);
  await store.clearLoginFailures(username);
  await store.appendAudit({ at: now, actor, action: 'user.password', subject: username, details: actor === username ? { own: true } : null });
}
