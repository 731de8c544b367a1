import { Worker } from 'node:worker_threads';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { EntryKey, EntryRange, ResultsReadStore } from '../store/results-read-store';
import { readDecisionColumns, type DecisionColumns } from './decision-columns';
import { readClaimedStretches, type ClaimedStretches } from './read-claimed-stretches';
import { joinDecisionColumns } from './join-decision-columns';

/** Below this many decisions one pass on the request's own thread is short enough that a worker (which takes about 0.3 s of the other core to start) does not pay. */
const defaultMinimumDecisions = 200_000;
/** Decisions per stretch, about: small enough that neither thread waits long for the other at the end, large enough that a stretch's own costs (a query, its arrays) do not count. */
const defaultDecisionsPerStretch = 50_000;

/**
 * A worker thread with its own connection to `file`, started at once so that
 * it loads while this thread finds the stretches; `read` hands it the
 * stretches and the shared counter, and its promise settles with what the
 * worker read (rejects if the worker fails); `stop` ends a worker that is
 * not needed after all.
 */
function startWorker(file: string, definition: ExperimentDefinition) {
  const workerData = { file, definition };
  // Compiled (dist/) the worker is JavaScript; run from the sources (tests, tsx) it is TypeScript, loaded through tsx's loader.
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./decision-columns-worker.ts', import.meta.url).href)}); })`,
        { eval: true, workerData },
      )
    : new Worker(new URL('./decision-columns-worker.js', import.meta.url), { workerData });
  const result = new Promise<ClaimedStretches>((resolve, reject) => {
    worker.once('message', (read: ClaimedStretches) => resolve(read));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the decision-read worker stopped (exit code ${code}) before it answered`)));
  });
  // Unobserved until the caller awaits it: keep a failure from being reported as unhandled meanwhile.
  result.catch(() => {});
  return {
    read(stretches: readonly EntryRange[], next: Int32Array): Promise<ClaimedStretches> {
      worker.postMessage({ stretches, next });
      return result;
    },
    stop: () => void worker.terminate(),
  };
}

/** Stretches of entry order that together hold every decision once: open at both ends, meeting at the given keys. */
function stretchesBetween(keys: readonly EntryKey[]): EntryRange[] {
  return [...keys, null].map((before, index) => ({ ...(index > 0 ? { from: keys[index - 1]! } : {}), ...(before ? { before } : {}) }));
}

/**
 * Starts reading the decisions into typed columns exactly as
 * readDecisionColumns reads them, but on a large SQLite experiment by two
 * threads side by side: entry order is cut into stretches of about 50,000
 * decisions, and a worker thread (a read-only connection of its own) starts
 * claiming and reading them at once, while this thread goes on with the
 * caller's counts and, when `columns()` is called, claims the rest. Each
 * stretch is claimed once (an atomic counter both threads share), so the
 * threads finish within a stretch of each other however fast each started;
 * the stretches are joined in entry order, so the columns are those of one
 * pass. At a million decisions the read is mostly the database's and the
 * driver's work per row, which a second core shares.
 *
 * The stretches meet at decisions' entry keys, so every decision is in
 * exactly one (each carries its participant's entry time, never null); a
 * decision written during the read is in the result or not, as with one
 * pass a moment later. Read in one pass instead: fewer than
 * `minimumDecisions` decisions (found off the index), PostgreSQL
 * (whose server does the reading) or an in-memory database. A worker that
 * fails is replaced by reading its stretches here (unless
 * `readHereIfWorkerFails` is false, as a test asks to see the worker's own
 * result). `decisionsPerStretch` and `claimHere` (false: the worker reads
 * every stretch) are for tests that want many stretches of a few decisions
 * and the worker's part seen on its own.
 *
 * @example
 * const read = await startParallelDecisionRead(store, loanAnchor);
 * const enrolment = await store.countEnrolmentByArmAndDay('loan-anchor'); // while the worker reads
 * (await read.columns()).everyoneWhoDecided.get('amount')!.get('control')!.length; // => 333_512
 */
export async function startParallelDecisionRead(
  reads: Pick<ResultsReadStore, 'streamDecisionFacts' | 'findDecisionEntryKey' | 'sqliteFile'>,
  definition: ExperimentDefinition,
  {
    minimumDecisions = defaultMinimumDecisions,
    decisionsPerStretch = defaultDecisionsPerStretch,
    readHereIfWorkerFails = true,
    claimHere = true,
  }: { minimumDecisions?: number; decisionsPerStretch?: number; readHereIfWorkerFails?: boolean; claimHere?: boolean } = {},
): Promise<{ columns(): Promise<DecisionColumns> }> {
  const onePass = { columns: () => readDecisionColumns(reads, definition) };
  const file = reads.sqliteFile();
  // Enough decisions? The key at the minimum's place exists (a walk of the index no longer than the minimum; no count of them all).
  if (!file || !(await reads.findDecisionEntryKey(definition.key, Math.max(1, minimumDecisions) - 1))) return onePass;
  const worker = startWorker(file, definition);
  // A key every `decisionsPerStretch` decisions, each found from the one before, so the index is walked once in all.
  const keys: EntryKey[] = [];
  try {
    for (let key = await reads.findDecisionEntryKey(definition.key, decisionsPerStretch); key; key = await reads.findDecisionEntryKey(definition.key, decisionsPerStretch, key)) {
      keys.push(key);
    }
  } catch (error) {
    // A worker waiting for stretches that never come would keep the process alive.
    worker.stop();
    throw error;
  }
  if (keys.length === 0) {
    worker.stop();
    return onePass;
  }
  const stretches = stretchesBetween(keys);
  const next = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const inWorker = worker.read(stretches, next);
  return {
    async columns() {
      const here = claimHere ? await readClaimedStretches(reads, definition, stretches, next) : new Map<number, DecisionColumns>();
      let there: ClaimedStretches;
      try {
        there = await inWorker;
      } catch (error) {
        if (!readHereIfWorkerFails) throw error;
        // Whatever the worker claimed is lost with it: read here every stretch this thread did not.
        there = new Map();
        for (const [index, range] of stretches.entries()) if (!here.has(index)) there.set(index, await readDecisionColumns(reads, definition, range));
      }
      return joinDecisionColumns(stretches.map((_range, index) => here.get(index) ?? there.get(index)!));
    },
  };
}
