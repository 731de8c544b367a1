import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { EntryKey, EntryRange, ResultsReadStore } from '../store/results-read-store';
import { readDecisionColumns, type DecisionColumns } from './decision-columns';
import { processDecisionReadWorkers, type DecisionReadWorkers } from './decision-read-workers';
import { readClaimedStretches, type ClaimedStretches } from './read-claimed-stretches';
import { joinDecisionColumns } from './join-decision-columns';

/** Below this many decisions one pass on the request's own thread is short enough that a worker (which takes about 0.3 s of the other core to start, when none is kept ready) does not pay. */
const defaultMinimumDecisions = 200_000;
/** Decisions per stretch, about: small enough that neither thread waits long for the other at the end, large enough that a stretch's own costs (a query, its arrays) do not count. */
const defaultDecisionsPerStretch = 50_000;

/** Stretches of entry order that together hold every decision once: open at both ends, meeting at the given keys. */
function stretchesBetween(keys: readonly EntryKey[]): EntryRange[] {
  return [...keys, null].map((before, index) => ({ ...(index > 0 ? { from: keys[index - 1]! } : {}), ...(before ? { before } : {}) }));
}

/**
 * Starts reading the decisions into typed columns exactly as
 * readDecisionColumns reads them, but on a large SQLite experiment by two
 * threads side by side: entry order is cut into stretches of about 50,000
 * decisions, and a worker thread (a read-only connection of its own: the one
 * `workers` keeps ready for the file, or else one started at once, which
 * loads while the stretches are found) claims and reads them, while this
 * thread goes on with the caller's counts and, when `columns()` is called,
 * claims the rest. Each stretch is claimed once (an atomic counter both threads share), so the
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
 * result). `workers` is the process's pool (decision-read-workers.ts)
 * unless a test brings its own. `decisionsPerStretch` and `claimHere`
 * (false: the worker reads every stretch) are for tests that want many
 * stretches of a few decisions and the worker's part seen on its own.
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
    workers = processDecisionReadWorkers,
  }: { minimumDecisions?: number; decisionsPerStretch?: number; readHereIfWorkerFails?: boolean; claimHere?: boolean; workers?: DecisionReadWorkers } = {},
): Promise<{ columns(): Promise<DecisionColumns> }> {
  const onePass = { columns: () => readDecisionColumns(reads, definition) };
  const file = reads.sqliteFile();
  // Enough decisions? The key at the minimum's place exists (a walk of the index no longer than the minimum; no count of them all).
  if (!file || !(await reads.findDecisionEntryKey(definition.key, Math.max(1, minimumDecisions) - 1))) return onePass;
  const worker = workers.lend(file);
  // A key every `decisionsPerStretch` decisions, each found from the one before, so the index is walked once in all.
  const keys: EntryKey[] = [];
  try {
    for (let key = await reads.findDecisionEntryKey(definition.key, decisionsPerStretch); key; key = await reads.findDecisionEntryKey(definition.key, decisionsPerStretch, key)) {
      keys.push(key);
    }
  } catch (error) {
    // A lent worker waiting for stretches that never come would keep the process alive.
    worker.release();
    throw error;
  }
  if (keys.length === 0) {
    worker.release();
    return onePass;
  }
  const stretches = stretchesBetween(keys);
  const next = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const inWorker = worker.read(definition, stretches, next);
  // Unobserved until columns() awaits it: keep a failure from being reported as unhandled meanwhile.
  inWorker.catch(() => {});
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
