import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeExperimentStates } from '../../../server/lifecycle/experiment-lifecycle';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { readDecisionColumns } from '../../../server/results/decision-columns';
import { decisionReadWorkers } from '../../../server/results/decision-read-workers';
import { startParallelDecisionRead } from '../../../server/results/start-parallel-decision-read';
import { listeningTestApp } from '../../helpers/listening-app';

/**
 * At a million decisions the results read the decisions in stretches of
 * entry order claimed by a worker thread (its own read-only SQLite
 * connection) and the request's thread side by side. Forced here on a small
 * simulated file database (no minimum, stretches of 7), the joined columns
 * must be exactly those of one pass: every value, in the same order, the
 * exclusion counts and the model rows.
 */
describe('the decision read in stretches by two threads side by side', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nudgelab-parallel-read-'));
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  beforeAll(async () => {
    server = await listeningTestApp({ databasePath: join(folder, 'nudgelab.db') });
    await initializeExperimentStates(server.store, server.experiments, new Date());
    for (const key of ['loan-anchor', 'credit-choice']) {
      const summary = await simulateParticipants({ baseUrl: server.baseUrl, definition: server.experiments.get(key)!.definition, participants: 60, idPrefix: `par-${key}`, concurrency: 6 });
      expect(summary.completed).toBe(60);
    }
  }, 180_000);
  afterAll(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each(['loan-anchor', 'credit-choice'])('gives %s the columns of one pass, value for value and in order', async (key) => {
    const { definition } = server.experiments.get(key)!;
    const onePass = await readDecisionColumns(server.store, definition);
    const decided = [...onePass.decidedByArm.values()].reduce((sum, count) => sum + count, 0);
    expect(decided).toBe(60);
    // Stretches of 7 decisions: 9 of them, claimed by either thread as it comes free.
    const read = await startParallelDecisionRead(server.store, definition, { minimumDecisions: 0, decisionsPerStretch: 7, readHereIfWorkerFails: false });
    // … and with every stretch read by the worker, whose columns cross to this thread.
    const byWorker = await startParallelDecisionRead(server.store, definition, { minimumDecisions: 0, decisionsPerStretch: 7, readHereIfWorkerFails: false, claimHere: false });
    for (const joined of [await read.columns(), await byWorker.columns()]) {
      expect(joined.analysed).toEqual(onePass.analysed);
      expect(joined.everyoneWhoDecided).toEqual(onePass.everyoneWhoDecided);
      expect(joined.decidedByArm).toEqual(onePass.decidedByArm);
      expect(joined.exclusionsByArm).toEqual(onePass.exclusionsByArm);
      expect(joined.modelRows).toEqual(onePass.modelRows);
    }
    if (key === 'credit-choice') expect(onePass.modelRows?.arms).toHaveLength([...onePass.exclusionsByArm.values()].reduce((sum, byPattern) => sum + (byPattern.get('') ?? 0), 0));
  });

  it('splits at the middle decision: the two stretches hold half each and nothing twice', async () => {
    const { definition } = server.experiments.get('loan-anchor')!;
    const middle = (await server.store.findDecisionEntryKey('loan-anchor', 30))!;
    const count = (columns: Awaited<ReturnType<typeof readDecisionColumns>>) => [...columns.decidedByArm.values()].reduce((sum, each) => sum + each, 0);
    expect(count(await readDecisionColumns(server.store, definition, { before: middle }))).toBe(30);
    expect(count(await readDecisionColumns(server.store, definition, { from: middle }))).toBe(30);
    expect(await server.store.findDecisionEntryKey('loan-anchor', 60)).toBeNull();
  });

  it('reads the worker’s stretches here when the worker cannot read, and says so when asked not to', async () => {
    const { definition } = server.experiments.get('loan-anchor')!;
    const onePass = await readDecisionColumns(server.store, definition);
    // A file the worker cannot open: its connection is read-only and the file must exist.
    const unreadable = { ...server.store, sqliteFile: () => join(folder, 'missing', 'nudgelab.db') };
    const recovered = await (await startParallelDecisionRead(unreadable, definition, { minimumDecisions: 0, decisionsPerStretch: 7 })).columns();
    expect(recovered.everyoneWhoDecided).toEqual(onePass.everyoneWhoDecided);
    const strict = await startParallelDecisionRead(unreadable, definition, { minimumDecisions: 0, decisionsPerStretch: 7, readHereIfWorkerFails: false });
    await expect(strict.columns()).rejects.toThrow();
  });

  it('rejects when the walk for the stretch keys fails, and the worker that was already reading still answers and ends', async () => {
    const { definition } = server.experiments.get('loan-anchor')!;
    const workers = decisionReadWorkers();
    let walked = 0;
    const failing = {
      ...server.store,
      findDecisionEntryKey: (...args: Parameters<typeof server.store.findDecisionEntryKey>) => {
        walked += 1;
        return walked === 4 ? Promise.reject(new Error('disk went away')) : server.store.findDecisionEntryKey(...args);
      },
    };
    await expect(startParallelDecisionRead(failing, definition, { minimumDecisions: 0, decisionsPerStretch: 7, workers })).rejects.toThrow('disk went away');
    expect(workers.started).toBe(1);
    // Not kept (never prewarmed): it ends once it has answered, rather than waiting for stretches that never come.
    for (let tries = 0; workers.running > 0 && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workers.running).toBe(0);
  });

  it('reads in one pass below the minimum and where there is no file a second connection could open', async () => {
    const { definition } = server.experiments.get('loan-anchor')!;
    const onePass = await readDecisionColumns(server.store, definition);
    const noFile = { ...server.store, sqliteFile: () => null, findDecisionEntryKey: () => Promise.reject(new Error('must not split')) };
    expect((await (await startParallelDecisionRead(noFile, definition, { minimumDecisions: 0 })).columns()).everyoneWhoDecided).toEqual(onePass.everyoneWhoDecided);
    // 60 decisions, below the default minimum: a worker (which could not open this file and may not fail here) is never asked.
    const unreadable = { ...server.store, sqliteFile: () => join(folder, 'missing', 'nudgelab.db') };
    expect((await (await startParallelDecisionRead(unreadable, definition, { readHereIfWorkerFails: false })).columns()).everyoneWhoDecided).toEqual(onePass.everyoneWhoDecided);
    await expect((await startParallelDecisionRead(unreadable, definition, { minimumDecisions: 60, decisionsPerStretch: 7, readHereIfWorkerFails: false })).columns()).rejects.toThrow();
    expect((await (await startParallelDecisionRead(unreadable, definition, { minimumDecisions: 61, decisionsPerStretch: 7, readHereIfWorkerFails: false })).columns()).everyoneWhoDecided).toEqual(onePass.everyoneWhoDecided);
  });
});
