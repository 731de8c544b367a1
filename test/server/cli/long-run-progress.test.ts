import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../../server/cli/export-command';
import { migrateStoreCommand } from '../../../server/cli/migrate-store-command';
import { simulateCommand } from '../../../server/cli/simulate-command';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { testTrafficToken } from '../../../server/test-traffic/test-traffic-token';
import { listeningTestApp } from '../../helpers/listening-app';
import { freshPostgresDatabase, postgresSkipNote, postgresTestUrl } from '../../helpers/postgres';

/** The secret test/helpers/test-app.ts gives the app, from which its test links are made. */
const testAppSecret = 'test-secret-that-is-long-enough-0123456789';

/** Stands in for stderr: a terminal (isTTY true, as a pseudo-terminal) or a pipe; records what is written. */
function recordingStream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text), text: () => writes.join('') };
}

describe('long runs show progress on a terminal and stay quiet when piped', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nudgelab-progress-'));
  const databasePath = join(folder, 'pilot.db');
  let app: Awaited<ReturnType<typeof listeningTestApp>>;
  const environmentBefore = process.env.NUDGELAB_DB;
  beforeAll(async () => {
    app = await listeningTestApp({ databasePath });
    process.env.NUDGELAB_DB = databasePath;
    const summary = await simulateParticipants({ baseUrl: app.baseUrl, definition: app.experiments.get('loan-anchor')!.definition, participants: 30, idPrefix: 'pilot', concurrency: 6 });
    expect(summary.completed).toBe(30);
  }, 120_000);
  afterAll(async () => {
    if (environmentBefore === undefined) delete process.env.NUDGELAB_DB;
    else process.env.NUDGELAB_DB = environmentBefore;
    await app?.close();
  });

  it('simulate: a bar on a terminal, nothing on a pipe, the same summary either way', async () => {
    const run = (prefix: string, stream: ReturnType<typeof recordingStream>) =>
      simulateCommand(['--experiment', 'minimum-repayment', '--participants', '24', '--url', app.baseUrl, '--test-token', testTrafficToken(testAppSecret, 'minimum-repayment'), '--id-prefix', prefix, '--concurrency', '4'], stream);
    const terminal = recordingStream(true);
    const onTerminal = await run('tty', terminal);
    expect(terminal.text()).toMatch(/^\rsimulating \[[#.]{30}\] \d+\/24 participants/);
    expect(terminal.text()).toContain(`\rsimulating [${'#'.repeat(30)}] 24/24 participants\n`);
    const pipe = recordingStream(false);
    const piped = await run('pipe', pipe);
    expect(pipe.writes).toEqual([]);
    for (const output of [onTerminal, piped]) {
      expect(output).toMatch(/^24 of 24 simulated participants completed minimum-repayment/);
      // Permuted blocks of 6: 24 participants are four whole blocks, 8 in each arm, known from the server.
      expect(output).toContain('  control: 8\n  minimum-shown: 8\n  payoff-prompt: 8');
      expect(output).not.toContain('arm not known');
    }
  }, 120_000);

  it('export: a bar on a terminal, nothing on a pipe, the same file either way', async () => {
    const terminal = recordingStream(true);
    const onTerminal = await exportCommand(['--experiment', 'loan-anchor', '--out', join(folder, 'tty.csv')], terminal);
    expect(onTerminal).toBe(`wrote 30 participants of loan-anchor to ${join(folder, 'tty.csv')}`);
    expect(terminal.text()).toContain(`\rexporting [${'#'.repeat(30)}] 30/30 participants\n`);
    const pipe = recordingStream(false);
    await exportCommand(['--experiment', 'loan-anchor', '--out', join(folder, 'pipe.csv')], pipe);
    expect(pipe.writes).toEqual([]);
    expect(readFileSync(join(folder, 'pipe.csv'), 'utf8')).toBe(readFileSync(join(folder, 'tty.csv'), 'utf8'));
  }, 60_000);

  it.skipIf(!postgresTestUrl)(`migrate-store: a bar by tables on a terminal, nothing on a pipe${postgresSkipNote}`, async () => {
    const terminal = recordingStream(true);
    const onTerminal = await migrateStoreCommand(['--from', `sqlite:${databasePath}`, '--to', await freshPostgresDatabase()], terminal);
    expect(onTerminal).toMatch(/every count matches/);
    expect(terminal.text()).toMatch(/\rcopying \[#{30}\] (\d+)\/\1 tables\n$/);
    const pipe = recordingStream(false);
    const piped = await migrateStoreCommand(['--from', `sqlite:${databasePath}`, '--to', await freshPostgresDatabase()], pipe);
    expect(pipe.writes).toEqual([]);
    expect(piped).toMatch(/participants\s+\d+/);
  }, 120_000);
});
