import { Worker } from 'node:worker_threads';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { EntryRange, ResultsReadStore } from '../store/results-read-store';
import { readDecisionColumns, type DecisionColumns } from './decision-columns';
import { joinDecisionColumns } from './join-decision-columns';

/** Below this many decisions one pass on the request's own thread is quicker than starting a worker (about 0.2 s at 100,000 decisions). */
const defaultMinimumDecisions = 200_000;

/** One stretch read by a worker thread with its own connection to `file`; rejects if the worker fails. */
function readInWorker(file: string, definition: ExperimentDefinition, range: EntryRange): Promise<DecisionColumns> {
  const workerData = { file, definition, range };
  // Compiled (dist/) the worker is JavaScript; run from the sources (tests, tsx) it is TypeScript, loaded through tsx's loader.
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./decision-columns-worker.ts', import.meta.url).href)}); })`,
        { eval: true, workerData },
      )
    : new Worker(new URL('./decision-columns-worker.js', import.meta.url), { workerData });
  return new Promise((resolve, reject) => {
    worker.once('message', (columns: DecisionColumns) => resolve(columns));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the decision-read worker stopped (exit code ${code}) before it answered`)));
  });
}

/**
 * Starts reading the decisions into typed columns exactly as
 * readDecisionColumns reads them, but on a large SQLite experiment in two
 * halves side by side: the later half of entry order at once, by a worker
 * thread through a read-only connection of its own, while this thread goes
 * on (the caller's other counts, then the earlier half when `columns()` is
 * called); the halves are joined in order, so the columns are those of one
 * pass. At a million decisions the read is mostly the database's and the
 * driver's work per row, which a second core halves.
 *
 * The halves meet at the middle decision's entry key, so every decision is
 * in exactly one (each carries its participant's entry time, never null); a
 * decision written during the read is in the result or not, as with one
 * pass a moment later. Read in one pass instead: fewer than
 * `minimumDecisions` decisions (`decided`, as counted before), PostgreSQL
 * (whose server does the reading) or an in-memory database. A worker that
 * fails is replaced by reading its half here (unless `readHereIfWorkerFails`
 * is false, as a test asks to see the worker's own result).
 *
 * @example
 * const read = await startParallelDecisionRead(store, loanAnchor, 1_000_000);
 * const enrolment = await store.countEnrolmentByArmAndDay('loan-anchor'); // while the worker reads
 * (await read.columns()).everyoneWhoDecided.get('amount')!.get('control')!.length; // => 333_512
 */
export async function startParallelDecisionRead(
  reads: Pick<ResultsReadStore, 'streamDecisionFacts' | 'findDecisionEntryKey' | 'sqliteFile'>,
  definition: ExperimentDefinition,
  decided: number,
  { minimumDecisions = defaultMinimumDecisions, readHereIfWorkerFails = true }: { minimumDecisions?: number; readHereIfWorkerFails?: boolean } = {},
): Promise<{ columns(): Promise<DecisionColumns> }> {
  const file = decided >= minimumDecisions ? reads.sqliteFile() : null;
  const middle = file ? await reads.findDecisionEntryKey(definition.key, Math.floor(decided / 2)) : null;
  if (!file || !middle) return { columns: () => readDecisionColumns(reads, definition) };
  const inWorker = readInWorker(file, definition, { from: middle });
  const later = readHereIfWorkerFails ? inWorker.catch(() => readDecisionColumns(reads, definition, { from: middle })) : inWorker;
  // Unobserved until columns() is called: keep a rejection (none is expected: the catch reads here) from being reported as unhandled.
  later.catch(() => {});
  return {
    async columns() {
      const earlier = await readDecisionColumns(reads, definition, { before: middle });
      return joinDecisionColumns([earlier, await later]);
    },
  };
}
