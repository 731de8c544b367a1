import { query, type SqlDatabase } from './sql-database';
import type { User } from './store';
import { toUser } from './store-rows';

/** The researchers' side: users with their lock-out count, sessions, and the server's own secrets. */
export interface AccountsStore {
  /** A named server secret, created (by `create`) and stored on first use, so cookies survive restarts. */
  loadOrCreateSecret(name: string, create: () => string): Promise<string>;
  /** Creates a user; false when the name is taken. */
  createUser(user: Pick<User, 'username' | 'role' | 'passwordHash' | 'createdAt'>): Promise<boolean>;
  findUser(username: string): Promise<User | undefined>;
  /** Every user, by name. */
  listUsers(): Promise<User[]>;
  countUsers(): Promise<number>;
  /** Replaces a user's password hash; false when there is no such user. */
  setPasswordHash(username: string, passwordHash: string): Promise<boolean>;
  /** Disables (at `disabledAt`) or, with null, enables an account; disabling ends its sessions. False when there is no such user. */
  setUserDisabled(username: string, disabledAt: Date | null): Promise<boolean>;
  /** Ends every session of a user, except the one whose token hash is `keepTokenSha256`. */
  deleteSessionsOf(username: string, keepTokenSha256?: string): Promise<void>;
  /**
   * Counts a failed login; locks the account until `lockUntil` when this
   * failure reaches `limit`. A lock that has expired by `now` starts the count
   * afresh, so one wrong password every 15 minutes cannot keep an owner out.
   * Returns true when this failure locked the account.
   */
  recordLoginFailure(username: string, limit: number, lockUntil: Date, now: Date): Promise<boolean>;
  clearLoginFailures(username: string): Promise<void>;
  createSession(tokenSha256: string, username: string, createdAt: Date, expiresAt: Date): Promise<void>;
  /** The session's user, if the session exists, has not expired at `now` and the account is not disabled. */
  findSessionUser(tokenSha256: string, now: Date): Promise<User | undefined>;
  deleteSession(tokenSha256: string): Promise<void>;
}

const insertSecret = query('INSERT INTO server_secrets (name, value) VALUES (:name, :value) ON CONFLICT DO NOTHING');
const findSecret = query('SELECT value FROM server_secrets WHERE name = :name');
const insertUser = query(
  'INSERT INTO users (username, role, password_hash, created_at) VALUES (:username, :role, :passwordHash, :createdAt) ON CONFLICT DO NOTHING',
);
const findUser = query('SELECT * FROM users WHERE username = :username');
const countUsers = query('SELECT count(*) AS n FROM users');
const listUsers = query((dialect) => `SELECT * FROM users ORDER BY username${dialect.bytewise}`);
const setPasswordHash = query('UPDATE users SET password_hash = :passwordHash WHERE username = :username');
const setUserDisabled = query('UPDATE users SET disabled_at = :disabledAt WHERE username = :username');
const deleteSessionsOf = query('DELETE FROM sessions WHERE username = :username AND token_sha256 <> :keepTokenSha256');
/** A lock that has expired by `:now` starts the count afresh; RETURNING says whether this failure locked the account. */
const recordLoginFailure = query(
  `UPDATE users SET
     failed_logins = CASE WHEN locked_until <= :now THEN 1 ELSE failed_logins + 1 END,
     locked_until = CASE WHEN (CASE WHEN locked_until <= :now THEN 1 ELSE failed_logins + 1 END) >= :limit THEN :lockUntil
                         WHEN locked_until <= :now THEN NULL ELSE locked_until END
   WHERE username = :username
   RETURNING locked_until IS NOT NULL AND locked_until = :lockUntil AS locked`,
);
const clearLoginFailures = query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = :username');
const insertSession = query('INSERT INTO sessions (token_sha256, username, created_at, expires_at) VALUES (:tokenSha256, :username, :createdAt, :expiresAt)');
const findSessionUser = query(
  'SELECT u.* FROM sessions s JOIN users u USING (username) WHERE s.token_sha256 = :tokenSha256 AND s.expires_at > :now AND u.disabled_at IS NULL',
);
const deleteSession = query('DELETE FROM sessions WHERE token_sha256 = :tokenSha256');

/**
 * The accounts module of the store, over either engine.
 *
 * @example
 * const accounts = accountsStore(database);
 * await accounts.createUser({ username: 'ada', role: 'admin', passwordHash, createdAt: new Date() }); // => true
 */
export function accountsStore(database: SqlDatabase): AccountsStore {
  return {
    async loadOrCreateSecret(name, create) {
      const existing = await database.get<{ value: string }>(findSecret, { name });
      if (existing) return existing.value;
      await database.run(insertSecret, { name, value: create() });
      return (await database.get<{ value: string }>(findSecret, { name }))!.value;
    },
    async createUser(user) {
      return (await database.run(insertUser, { ...user, createdAt: user.createdAt.toISOString() })) === 1;
    },
    async findUser(username) {
      const row = await database.get(findUser, { username });
      return row && toUser(row);
    },
    async listUsers() {
      return (await database.all(listUsers)).map(toUser);
    },
    async setPasswordHash(username, passwordHash) {
      return (await database.run(setPasswordHash, { username, passwordHash })) === 1;
    },
    async setUserDisabled(username, disabledAt) {
      const changed = (await database.run(setUserDisabled, { username, disabledAt: disabledAt?.toISOString() ?? null })) === 1;
      if (changed && disabledAt) await database.run(deleteSessionsOf, { username, keepTokenSha256: '' });
      return changed;
    },
    async deleteSessionsOf(username, keepTokenSha256 = '') {
      await database.run(deleteSessionsOf, { username, keepTokenSha256 });
    },
    async countUsers() {
      return (await database.get<{ n: number }>(countUsers))!.n;
    },
    async recordLoginFailure(username, limit, lockUntil, now) {
      const row = await database.get<{ locked: number | boolean }>(recordLoginFailure, { username, limit, lockUntil: lockUntil.toISOString(), now: now.toISOString() });
      return Boolean(row?.locked);
    },
    async clearLoginFailures(username) {
      await database.run(clearLoginFailures, { username });
    },
    async createSession(tokenSha256, username, createdAt, expiresAt) {
      await database.run(insertSession, { tokenSha256, username, createdAt: createdAt.toISOString(), expiresAt: expiresAt.toISOString() });
    },
    async findSessionUser(tokenSha256, now) {
      const row = await database.get(findSessionUser, { tokenSha256, now: now.toISOString() });
      return row && toUser(row);
    },
    async deleteSession(tokenSha256) {
      await database.run(deleteSession, { tokenSha256 });
    },
  };
}
