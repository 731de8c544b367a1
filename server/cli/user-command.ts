import { randomBytes } from 'node:crypto';
import { manageUser, UserActionError } from '../admin/manage-user';
import { hashPassword } from '../admin/password-hash';
import { minimumPasswordLength, setUserPassword } from '../admin/set-user-password';
import { readConfig } from '../config';
import { openStore } from '../store/open-store';
import type { User } from '../store/store';
import { CommandInputError } from './command-input-error';
import { subcommandArguments } from './subcommand-arguments';

async function passwordFromStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.trim() || undefined;
}

/** One line per user: name, role and state (active, locked until …, disabled since …). */
const userLine = (user: User, now: Date) => {
  const state = user.disabledAt
    ? `disabled since ${user.disabledAt.toISOString()}`
    : user.lockedUntil && user.lockedUntil > now
      ? `locked until ${user.lockedUntil.toISOString()}`
      : 'active';
  return `${user.username.padEnd(20)} ${user.role.padEnd(10)} ${state}`;
};

/**
 * `nudgelab user`: add a researcher (or admin), set a password, list users,
 * disable, enable or unlock an account, in the database at NUDGELAB_DB (or
 * NUDGELAB_DATABASE_URL); every change is audited with actor `cli`.
 *
 * @example
 * await userCommand(['disable', 'anna']); // => 'disabled "anna"; their sessions have ended'
 */
export async function userCommand(argumentsAfterCommand: string[]): Promise<string> {
  const { values, positionals } = subcommandArguments('user', argumentsAfterCommand);
  const [action, username] = positionals;
  const known = ['add', 'passwd', 'list', 'disable', 'enable', 'unlock'];
  if (!action || !known.includes(action) || (action !== 'list' && !username)) throw new CommandInputError(`${action ? `${action} needs a user name` : 'name an action'} (see nudgelab user --help)`);
  if (username !== undefined && !/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(username)) throw new CommandInputError('a user name is letters, digits, . _ and - (at most 64)');
  const role = values.role;
  if (role !== 'researcher' && role !== 'admin') throw new CommandInputError('--role must be researcher or admin');
  const given = action === 'add' || action === 'passwd' ? await passwordFromStdin() : undefined;
  if (given !== undefined && given.length < minimumPasswordLength) throw new CommandInputError(`a password needs at least ${minimumPasswordLength} characters`);
  const password = given ?? randomBytes(12).toString('base64url');
  const store = await openStore(readConfig());
  const now = new Date();
  try {
    if (action === 'list') {
      const users = await store.listUsers();
      return users.length === 0 ? 'no users' : users.map((user) => userLine(user, now)).join('\n');
    }
    const name = username!;
    if (action === 'add') {
      if (!(await store.createUser({ username: name, role, passwordHash: await hashPassword(password), createdAt: now }))) {
        throw new CommandInputError(`user "${name}" exists already`);
      }
      await store.appendAudit({ at: now, actor: 'cli', action: 'user.create', subject: name, details: { role } });
      return given === undefined ? `created ${role} "${name}" with password ${password} (shown once)` : `created ${role} "${name}"`;
    }
    if (action === 'passwd') {
      await setUserPassword(store, { username: name, password, actor: 'cli', now });
      return given === undefined ? `new password for "${name}": ${password} (shown once); their sessions have ended` : `password of "${name}" changed; their sessions have ended`;
    }
    await manageUser(store, { username: name, action: action as 'disable' | 'enable' | 'unlock', actor: 'cli', now });
    return { disable: `disabled "${name}"; their sessions have ended`, enable: `enabled "${name}"`, unlock: `unlocked "${name}"` }[action as 'disable' | 'enable' | 'unlock'];
  } catch (error) {
    if (error instanceof UserActionError) throw new CommandInputError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}
