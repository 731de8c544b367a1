import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { initializeExperimentStates } from '../../../server/lifecycle/experiment-lifecycle';
import { readDecisionColumns, type DecisionColumns } from '../../../server/results/decision-columns';
import { decisionReadWorkers, type DecisionReadWorkers } from '../../../server/results/decision-read-workers';
import { startParallelDecisionRead } from '../../../server/results/start-parallel-decision-read';
import { stretchBoard } from '../../../server/results/stretch-board';
import { listeningTestApp } from '../../helpers/listening-app';

const root = new URL('../../..', import.meta.url).pathname;

/** Resolves once `condition` holds (a worker's end is reported a moment after its last answer); fails after `timeoutMs`. */
async function eventually(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The results read's worker thread kept between requests: started ahead of
 * the first (prewarmed), lent to a request and given back, replaced when it
 * ends, and ended by closeAll. On a small simulated file database with the
 * read forced into stretches of 7 decisions, every stretch read by the
 * worker (claimHere false, no fallback to this thread), so the columns that
 * come back are the worker's own.
 */
describe('decision-read workers kept between results requests', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nudgelab-read-workers-'));
  const file = join(folder, 'nudgelab.db');
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  const onePass = new Map<string, DecisionColumns>();
  let workers: DecisionReadWorkers;

  beforeAll(async () => {
    server = await listeningTestApp({ databasePath: file });
    await initializeExperimentStates(server.store, server.experiments, new Date());
    for (const key of ['loan-anchor', 'credit-choice']) {
      const definition = server.experiments.get(key)!.definition;
      const summary = await simulateParticipants({ baseUrl: server.baseUrl, definition, participants: 40, idPrefix: `pool-${key}`, concurrency: 6 });
      expect(summary.completed).toBe(40);
      onePass.set(key, await readDecisionColumns(server.store, definition));
    }
    workers = decisionReadWorkers();
  }, 180_000);
  afterAll(async () => {
    await workers.closeAll();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** The read of `key` with every stretch read by a worker of `workers`. */
  const readByWorker = async (key: string, { readHereIfWorkerFails = false } = {}) => {
    const { definition } = server.experiments.get(key)!;
    const read = await startParallelDecisionRead(server.store, definition, { minimumDecisions: 0, decisionsPerStretch: 7, claimHere: false, readHereIfWorkerFails, workers });
    return read.columns();
  };
  const expectOnePass = (key: string, columns: DecisionColumns) => {
    const expected = onePass.get(key)!;
    expect(columns.analysed).toEqual(expected.analysed);
    expect(columns.everyoneWhoDecided).toEqual(expected.everyoneWhoDecided);
    expect(columns.decidedByArm).toEqual(expected.decidedByArm);
    expect(columns.exclusionsByArm).toEqual(expected.exclusionsByArm);
    expect(columns.modelRows).toEqual(expected.modelRows);
  };

  it('serves consecutive reads of two experiments with the one prewarmed worker', async () => {
    expect(await workers.prewarm(file)).toBe(true);
    expect(await workers.prewarm(file)).toBe(true);
    expect(workers.started).toBe(1);
    const prewarmed = workers.idleWorker(file)!.threadId;
    expectOnePass('loan-anchor', await readByWorker('loan-anchor'));
    // Another experiment: its definition travels with the job, not with the worker's start.
    expectOnePass('credit-choice', await readByWorker('credit-choice'));
    expectOnePass('loan-anchor', await readByWorker('loan-anchor'));
    expect(workers.started).toBe(1);
    expect(workers.idleWorker(file)!.threadId).toBe(prewarmed);
    expect(workers.running).toBe(1);
  });

  it('starts a second worker for a request that comes while the kept one is busy, and keeps only one afterwards', async () => {
    await workers.prewarm(file);
    const before = workers.started;
    const kept = workers.idleWorker(file)!.threadId;
    const [first, second] = await Promise.all([readByWorker('loan-anchor'), readByWorker('credit-choice')]);
    expectOnePass('loan-anchor', first);
    expectOnePass('credit-choice', second);
    expect(workers.started).toBe(before + 1);
    await eventually(() => workers.running === 1);
    expect(workers.idleWorker(file)!.threadId).toBe(kept);
  });

  it('replaces a kept worker that ended between requests, with the columns still right', async () => {
    await workers.prewarm(file);
    const ended = workers.idleWorker(file)!;
    await ended.terminate();
    const before = workers.started;
    expectOnePass('loan-anchor', await readByWorker('loan-anchor'));
    expect(workers.started).toBe(before + 1);
    const replacement = workers.idleWorker(file)!;
    expect(replacement.threadId).not.toBe(ended.threadId);
    // And ended as a request begins: lent before its end is seen, its stretches are read on the request's thread; after, a new one reads them.
    const during = startParallelDecisionRead(server.store, server.experiments.get('credit-choice')!.definition, { minimumDecisions: 0, decisionsPerStretch: 7, claimHere: true, workers });
    await replacement.terminate();
    expectOnePass('credit-choice', await (await during).columns());
  });

  it('refuses a job it cannot send, and keeps the worker for the next', async () => {
    await workers.prewarm(file);
    const kept = workers.idleWorker(file)!.threadId;
    const lent = workers.lend(file);
    expect(lent.threadId).toBe(kept);
    const uncloneable = { ...server.experiments.get('loan-anchor')!.definition, derive: () => 0 };
    const board = stretchBoard();
    board.end();
    await expect(lent.read(uncloneable, board.shared)).rejects.toThrow(/could not be cloned/);
    board.close();
    expect(workers.idleWorker(file)!.threadId).toBe(kept);
    expectOnePass('loan-anchor', await readByWorker('loan-anchor'));
  });

  it('keeps no worker for a file that was never prewarmed, and none that cannot open its file', async () => {
    const others = decisionReadWorkers();
    const { definition } = server.experiments.get('loan-anchor')!;
    const read = await startParallelDecisionRead(server.store, definition, { minimumDecisions: 0, decisionsPerStretch: 7, claimHere: false, readHereIfWorkerFails: false, workers: others });
    expectOnePass('loan-anchor', await read.columns());
    expect(others.started).toBe(1);
    await eventually(() => others.running === 0);
    expect(await others.prewarm(join(folder, 'missing', 'nudgelab.db'))).toBe(false);
    await eventually(() => others.running === 0);
    expect(others.idleWorker(join(folder, 'missing', 'nudgelab.db'))).toBeUndefined();
  });

  it('ends every worker on closeAll and keeps none afterwards', async () => {
    await workers.prewarm(file);
    const kept = workers.idleWorker(file)!;
    const exitCode = new Promise<number>((resolve) => kept.once('exit', resolve));
    await workers.closeAll();
    // Exit code 0: it closed its connection and ended by itself, not terminated (which gives 1).
    expect(await exitCode).toBe(0);
    expect(workers.running).toBe(0);
    expect(workers.idleWorker(file)).toBeUndefined();
    // A request after that still reads (with a worker of its own, which then ends).
    expectOnePass('loan-anchor', await readByWorker('loan-anchor'));
    await eventually(() => workers.running === 0);
    expect(await workers.prewarm(file)).toBe(false);
    expect(workers.running).toBe(0);
  });

  it('never keeps a process alive, and holds it for closeAll: one that prewarmed and read ends by itself, with or without closeAll', async () => {
    // Plain node on the compiled module (vitest's global set-up brings dist/ up to date), as the server runs it.
    const script = (closeAll: boolean) => `
      import { decisionReadWorkers } from ${JSON.stringify(join(root, 'dist/server/results/decision-read-workers.js'))};
      import { stretchBoard } from ${JSON.stringify(join(root, 'dist/server/results/stretch-board.js'))};
      const workers = decisionReadWorkers();
      // Not awaited: an idle worker does not keep the process alive, even while it loads; the lent one does until it answers.
      let ready;
      void workers.prewarm(${JSON.stringify(file)}).then((opened) => (ready = opened));
      const lent = workers.lend(${JSON.stringify(file)});
      // One stretch (no key): everything.
      const board = stretchBoard();
      board.end();
      const read = await lent.read(${JSON.stringify(server.experiments.get('loan-anchor')!.definition)}, board.shared);
      board.close();
      console.log(JSON.stringify({ ready, stretches: read.size, started: workers.started, running: workers.running }));
      ${closeAll ? 'await workers.closeAll(); console.log(JSON.stringify({ running: workers.running }));' : ''}`;
    for (const closeAll of [false, true]) {
      const scriptFile = join(folder, `prewarm-and-end-${closeAll}.mjs`);
      writeFileSync(scriptFile, script(closeAll));
      const child = spawn(process.execPath, [scriptFile], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (...ended) => resolve(ended)));
      clearTimeout(killer);
      // Killed after 20 s: the kept worker held the process open; exit code 13: the process ended while closeAll still waited for a worker.
      expect({ code, signal, output }).toMatchObject({ code: 0, signal: null });
      const lines = output.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines[0]).toEqual({ ready: true, stretches: 1, started: 1, running: 1 });
      if (closeAll) expect(lines[1]).toEqual({ running: 0 });
    }
  }, 60_000);
});
