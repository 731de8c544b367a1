import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretSha256 } from '../../../server/api/api-key-secrets';
import { openSqliteStore } from '../../../server/store/sqlite-store';
import { runNudgelab } from '../../helpers/nudgelab-command';

describe('nudgelab api-key', () => {
  it('creates a key printing its secret once as JSON, lists it and revokes it, audited', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'nudgelab-keys-')), 'keys.db');
    const run = (...args: string[]) => runNudgelab(['api-key', ...args], { env: { ...process.env, NUDGELAB_DB: database }, timeout: 60_000 });
    const created = run('create', '--name', 'Lender A', '--experiments', 'credit-choice');
    expect(created.status).toBe(0);
    const { secret, clientKey } = JSON.parse(created.stdout) as { secret: string; clientKey: string };
    expect(Object.keys(JSON.parse(created.stdout))).toEqual(['secret', 'clientKey']);
    const listed = run('list');
    expect(listed.stdout).toContain(clientKey);
    expect(listed.stdout).toContain('credit-choice');
    expect(listed.stdout).not.toContain(secret);
    expect(run('revoke', clientKey).stdout).toContain('revoked');
    const store = openSqliteStore(database);
    const key = await store.findApiKeyBySecretSha256(secretSha256(secret));
    expect(key?.revokedAt).toBeInstanceOf(Date);
    const audited = (await store.listAudit(10)).reverse().map((entry) => [entry.actor, entry.action, entry.subject]);
    expect(audited).toEqual([
      ['cli', 'api-key.create', key!.id],
      ['cli', 'api-key.revoke', key!.id],
    ]);
    await store.close();
    const scoped = JSON.parse(run('create', '--name', 'Lender R', '--experiments', 'credit-choice', '--scopes', 'results').stdout) as { secret: string };
    const reopened = openSqliteStore(database);
    expect((await reopened.findApiKeyBySecretSha256(secretSha256(scoped.secret)))?.scopes).toEqual(['results']);
    await reopened.close();
    expect(run('list').stdout).toContain('scopes:results');
    expect(run('create', '--name', 'B', '--scopes', 'everything').stderr).toContain('unknown scope everything');
    const refused = run('create', '--name', 'B', '--experiments', 'nope');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('unknown experiment nope');
  }, 120_000);
});
