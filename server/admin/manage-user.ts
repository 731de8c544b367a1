import type { Store } from '../store/store';

/** What an admin (or the command line) can do to an account besides setting its password. */
export type UserAction = 'disable' | 'enable' | 'unlock';

/** An account that does not exist, or an action that would leave nobody able to administer. */
export class UserActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserActionError';
  }
}

/**
 * Disables (which ends the account's sessions), enables or unlocks (clears
 * the failed sign-ins and the lock-out) an account, and audits it with the
 * actor. Refuses to disable the last enabled admin, so that the workspace
 * always has one.
 *
 * @example
 * await manageUser(store, { username: 'anna', action: 'disable', actor: 'cli', now: new Date() });
 * // => audit entry { actor: 'cli', action: 'user.disable', subject: 'anna' }
 */
export async function manageUser(store: Store, { username, action, actor, now }: { username: string; action: UserAction; actor: string; now: Date }): Promise<void> {
  const user = await store.findUser(username);
  if (!user) throw new UserActionError(`no user "${username}"`);
  if (action === 'disable' && user.role === 'admin' && !user.disabledAt) {
    const enabledAdmins = (await store.listUsers()).filter((candidate) => candidate.role === 'admin' && !candidate.disabledAt);
    if (enabledAdmins.length <= 1) throw new UserActionError(`"${username}" is the last enabled admin; enable or add another admin first`);
  }
  if (action === 'disable') await store.setUserDisabled(username, user.disabledAt ?? now);
  if (action === 'enable') await store.setUserDisabled(username, null);
  if (action === 'unlock') await store.clearLoginFailures(username);
  await store.appendAudit({ at: now, actor, action: `user.${action}`, subject: username, details: null });
}
