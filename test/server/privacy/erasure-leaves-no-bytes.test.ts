import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { erasureAuditSubject } from '../../../server/privacy/erasure-audit-subject';
import { listeningTestApp } from '../../helpers/listening-app';
import { runNudgelab } from '../../helpers/nudgelab-command';

const nudgelab = (database: string, ...args: string[]) =>
  runNudgelab([...args], { env: { ...process.env, NUDGELAB_DB: database }, timeout: 60_000 });

/** How often `text` occurs in a file's bytes (0 for a missing file), as `strings | grep -c` would find it. */
function occurrences(path: string, text: string): number {
  if (!existsSync(path)) return 0;
  const bytes = readFileSync(path);
  const needle = Buffer.from(text);
  let count = 0;
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) count += 1;
  return count;
}

describe('erasure leaves no recoverable copy', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nudgelab-erasure-'));
  const databasePath = join(folder, 'live.db');
  const files = [databasePath, `${databasePath}-wal`];
  const target = 'zq7erasetarget-0';
  let server: Awaited<ReturnType<typeof listeningTestApp>>;

  beforeAll(async () => {
    server = await listeningTestApp({ databasePath });
    const definition = server.experiments.get('loan-anchor')!.definition;
    await simulateParticipants({ baseUrl: server.baseUrl, definition, participants: 20, idPrefix: 'kept', concurrency: 4 });
    await simulateParticipants({ baseUrl: server.baseUrl, definition, participants: 1, idPrefix: 'zq7erasetarget', concurrency: 1 });
    const { secret } = await createApiKey(server.store, { name: 'Lender', experiments: null });
    // A lender may send events only for units it assigned itself: the same id, assigned by the lender in the other experiment.
    await request(server.app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: 'credit-choice', unitId: target }).expect(200);
    await request(server.app)
      .post('/api/v1/events')
      .set('authorization', `Bearer ${secret}`)
      .send([{ experiment: 'credit-choice', unitId: target, name: 'loan_accepted', value: true, idempotencyKey: `${target}-accepted` }])
      .expect(200);
  }, 120_000);
  afterAll(async () => server.close());

  it('finds the id in the files before erasure (so the byte search can fail)', () => {
    expect(files.reduce((sum, file) => sum + occurrences(file, target), 0)).toBeGreaterThan(0);
  });

  it('leaves the id nowhere in the database, its WAL or a backup taken afterwards, and audits it under a salted hash', async () => {
    const erased = nudgelab(databasePath, 'erase', '--participant', target);
    expect(erased.stderr).toBe('');
    expect(erased.stdout).toMatch(new RegExp(`erased participant "${target}" from (credit-choice, loan-anchor|loan-anchor, credit-choice)`));
    const backupPath = join(folder, 'after-erasure.db');
    expect(nudgelab(databasePath, 'backup', '--out', backupPath).stdout).toContain('backed up');

    for (const file of [...files, backupPath]) expect([file, occurrences(file, target)]).toEqual([file, 0]);
    // Everyone else is still there.
    expect(occurrences(backupPath, 'kept-2')).toBeGreaterThan(0);
    expect(await server.store.findParticipant('loan-anchor', target)).toBeUndefined();

    const entry = (await server.store.listAudit(5)).find((candidate) => candidate.action === 'participant.erase')!;
    expect(entry.subject).toBe(await erasureAuditSubject(server.store, target));
    expect(entry.subject).toMatch(/^erased:[0-9a-f]{16}$/);
    expect(JSON.stringify(entry)).not.toContain(target);
  }, 120_000);
});
