import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { EntryKey, ResultsReadStore } from '../store/results-read-store';
import { readDecisionColumns, type DecisionColumns } from './decision-columns';
import { processDecisionReadWorkers, type DecisionReadWorkers } from './decision-read-workers';
import { readClaimedStretches, type ClaimedStretches } from './read-claimed-stretches';
import { joinDecisionColumns } from './join-decision-columns';
import { stretchBoard } from './stretch-board';

/** Below this many decisions one pass on the request's own thread is short enough that a worker (which takes about 0.3 s of the other core to start, when none is kept ready) does not pay. */
const defaultMinimumDecisions = 200_000;
/** Decisions per stretch, about: small enough that neither thread waits long for the other at the end, large enough that a stretch's own costs (a query, its arrays) do not count. */
const defaultDecisionsPerStretch = 25_000;

/**
 * Starts reading the decisions into typed columns exactly as
 * readDecisionColumns reads them, but on a large SQLite experiment by two
 * threads side by side: entry order is cut into stretches of about 25,000
 * decisions, and a worker thread (a read-only connection of its own: the one
 * `workers` keeps ready for the file, or else one started at once) claims
 * and reads them as this thread publishes their keys while walking the
 * entry-order index (stretch-board.ts); this thread then goes on with the
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
  if (!file) return onePass;
  // A key every `decisionsPerStretch` decisions, each found from the one before, so the index is walked once in all.
  const nextKey = (from: EntryKey | undefined) => reads.findDecisionEntryKey(definition.key, decisionsPerStretch, from);
  // Enough decisions? The first keys are walked up to the minimum's place, which must hold a decision (no count of them all).
  const firstKeys: EntryKey[] = [];
  const minimumPlace = Math.max(1, minimumDecisions) - 1;
  while ((firstKeys.length + 1) * decisionsPerStretch <= minimumPlace) {
    const key = await nextKey(firstKeys.at(-1));
    if (!key) return onePass;
    firstKeys.push(key);
  }
  if (!(await reads.findDecisionEntryKey(definition.key, minimumPlace - firstKeys.length * decisionsPerStretch, firstKeys.at(-1)))) return onePass;

  // The worker is given its job at once and reads the first stretches while this thread walks on to the others.
  const board = stretchBoard();
  const worker = workers.lend(file);
  const inWorker = worker.read(definition, board.shared);
  // Unobserved until columns() awaits it: keep a failure from being reported as unhandled meanwhile.
  inWorker.catch(() => {});
  try {
    for (const key of firstKeys) board.publish(key);
    for (let key = await nextKey(firstKeys.at(-1)); key; key = await nextKey(key)) board.publish(key);
  } catch (error) {
    // The worker reads what it has claimed and answers (its answer is not awaited).
    board.abandon();
    throw error;
  }
  board.end();
  const stretches = board.stretches();
  const stretchAt = (index: number) => stretches[index] ?? null;
  return {
    async columns() {
      const here = claimHere ? await readClaimedStretches(reads, definition, stretchAt, board.shared.counters) : new Map<number, DecisionColumns>();
      let there: ClaimedStretches;
      try {
        there = await inWorker;
      } catch (error) {
        if (!readHereIfWorkerFails) throw error;
        // Whatever the worker claimed is lost with it: read here every stretch this thread did not.
        there = new Map();
        for (const [index, range] of stretches.entries()) if (!here.has(index)) there.set(index, await readDecisionColumns(reads, definition, range));
      } finally {
        board.close();
      }
      return joinDecisionColumns(stretches.map((_range, index) => here.get(index) ?? there.get(index)!));
    },
  };
}
