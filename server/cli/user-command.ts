import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashPassword } from '../admin/password-hash';
import { readConfig } from '../config';
import { openStore } from '../store/open-store';
import { CommandInputError } from './command-input-error';

export const userUsage = 'usage: nudgelab user add NAME [--role researcher|admin]   (password from stdin, or a random one printed once)';

async function passwordFromStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.trim() || undefined;
}

/** `nudgelab user add`: creates a researcher (or admin) in the database at NUDGELAB_DB, audited. */
export async function userCommand(argumentsAfterCommand: string[]): Promise<string> {
  const [action, ...rest] = argumentsAfterCommand;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string', default: 'researcher' } } });
  } catch (error) {
    throw new CommandInputError(`${(error as Error).message}; ${userUsage}`);
  }
  const username = parsed.positionals[0];
  if (action !== 'add' || !username) throw new CommandInputError(userUsage);
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(username)) throw new CommandInputError('a user name is letters, digits, . _ and - (at most 64)');
  const role = parsed.values.role;
  if (role !== 'researcher' && role !== 'admin') throw new CommandInputError('--role must be researcher or admin');
  const given = await passwordFromStdin();
  if (given !== undefined && given.length < 10) throw new CommandInputError('a password needs at least 10 characters');
  const password = given ?? randomBytes(12).toString('base64url');
  const store = await openStore(readConfig());
  try {
    const now = new Date();
    if (!(await store.createUser({ username, role, passwordHash: await hashPassword(password), createdAt: now }))) {
      throw new CommandInputError(`user "${username}" exists already`);
    }
    await store.appendAudit({ at: now, actor: 'cli', action: 'user.create', subject: username, details: { role } });
    return given === undefined ? `created ${role} "${username}" with password ${password} (shown once)` : `created ${role} "${username}"`;
  } finally {
    await store.close();
  }
}
