import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../store/store';
import { hashPassword } from './password-hash';

/**
 * On a database without users, creates `admin` with the password from
 * NUDGELAB_ADMIN_PASSWORD, or a random one written once to the log.
 */
export async function ensureFirstAdmin(store: Store, logger: Logger, password = process.env.NUDGELAB_ADMIN_PASSWORD): Promise<void> {
  if ((await store.countUsers()) > 0) return;
  const chosen = password && password.length > 0 ? password : randomBytes(12).toString('base64url');
  await store.createUser({ username: 'admin', role: 'admin', passwordHash: await hashPassword(chosen), createdAt: new Date() });
  await store.appendAudit({ at: new Date(), actor: 'system', action: 'user.create', subject: 'admin', details: { role: 'admin' } });
  if (password) logger.info('created user "admin" with the password from NUDGELAB_ADMIN_PASSWORD');
  else logger.warn({ adminPassword: chosen }, `created user "admin" with password ${chosen} — shown once; change it or set NUDGELAB_ADMIN_PASSWORD`);
}
