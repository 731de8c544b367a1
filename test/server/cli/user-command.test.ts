import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../server/admin/password-hash';
import { openSqliteStore } from '../../../server/store/sqlite-store';
import { runNudgelab } from '../../helpers/nudgelab-command';

const root = new URL('../../..', import.meta.url).pathname;

describe('nudgelab user', () => {
  it('lists, sets passwords (stdin or random, shown once), disables (ending sessions), enables and unlocks, audited', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'nudgelab-users-')), 'users.db');
    const run = (args: string[], input?: string) =>
      runNudgelab(['user', ...args], { input, env: { ...process.env, NUDGELAB_DB: database }, timeout: 60_000 });
    expect(run(['add', 'anna'], 'first-password-long\n').status).toBe(0);
    expect(run(['add', 'root', '--role', 'admin'], 'root-password-long\n').status).toBe(0);
    const store = openSqliteStore(database);
    try {
      await store.recordLoginFailure('anna', 1, new Date(Date.now() + 900_000), new Date());
      await store.createSession('s'.repeat(64), 'anna', new Date(), new Date(Date.now() + 60_000));
      const listed = run(['list']);
      expect(listed.status).toBe(0);
      expect(listed.stdout).toMatch(/^anna\s+researcher\s+locked until /m);
      expect(listed.stdout).toMatch(/^root\s+admin\s+active$/m);

      expect(run(['unlock', 'anna']).stdout).toContain('unlocked "anna"');
      expect((await store.findUser('anna'))?.lockedUntil).toBeNull();

      expect(run(['disable', 'anna']).stdout).toContain('disabled "anna"');
      expect(await store.findSessionUser('s'.repeat(64), new Date())).toBeUndefined();
      expect(run(['list']).stdout).toMatch(/^anna\s+researcher\s+disabled since /m);
      expect(run(['enable', 'anna']).status).toBe(0);
      expect((await store.findUser('anna'))?.disabledAt).toBeNull();

      expect(run(['passwd', 'anna'], 'second-password-long\n').stdout).toContain('password of "anna" changed');
      expect(await verifyPassword('second-password-long', (await store.findUser('anna'))!.passwordHash)).toBe(true);
      const random = run(['passwd', 'anna'], '');
      const printed = /new password for "anna": (\S+) \(shown once\)/.exec(random.stdout)?.[1];
      expect(printed).toBeDefined();
      expect(await verifyPassword(printed!, (await store.findUser('anna'))!.passwordHash)).toBe(true);

      const audited = (await store.listAudit(20)).reverse().filter((entry) => entry.subject === 'anna').map((entry) => [entry.actor, entry.action]);
      expect(audited).toEqual([
        ['cli', 'user.create'],
        ['cli', 'user.unlock'],
        ['cli', 'user.disable'],
        ['cli', 'user.enable'],
        ['cli', 'user.password'],
        ['cli', 'user.password'],
      ]);
      expect(JSON.stringify(await store.listAudit(20))).not.toContain('second-password-long');
    } finally {
      await store.close();
    }
    const lastAdmin = run(['disable', 'root']);
    expect(lastAdmin.status).toBe(2);
    expect(lastAdmin.stderr).toContain('last enabled admin');
    const unknown = run(['disable', 'ghost']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no user "ghost"');
    const short = run(['passwd', 'anna'], 'short\n');
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('at least 10 characters');
    expect(run(['frobnicate']).status).toBe(2);
  }, 180_000);
});
