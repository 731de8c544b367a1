import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { EntryRange } from '../store/results-read-store';
import type { ClaimedStretches } from './read-claimed-stretches';

/**
 * What a decision-read worker thread (decision-columns-worker.ts) and the
 * thread that started it say to each other. The worker is started with
 * `workerData` {@link DecisionReadWorkerData} (the file only: it opens its
 * read-only connection at once and keeps it), says `ready` once the
 * connection is open, then answers jobs one at a time for as long as it
 * lives: every {@link DecisionReadJob} gets exactly one `columns` or `failed`
 * reply, in order. `close` makes it close its connection and end.
 *
 * @example
 * worker.postMessage({ kind: 'read', definition: loanAnchor, stretches, next } satisfies DecisionReadWorkerRequest);
 * worker.once('message', (reply: DecisionReadWorkerReply) => reply.kind); // => 'ready', then 'columns'
 */
export type DecisionReadWorkerRequest = DecisionReadJob | { kind: 'close' };

/** The worker's start-up data: the SQLite file it opens read-only. */
export type DecisionReadWorkerData = { file: string };

/**
 * One results request's share of the reading: the experiment (sent with each
 * job, as one worker serves every experiment of its file), the stretches of
 * entry order, and the counter shared with the request's thread through
 * which each stretch is claimed once (a SharedArrayBuffer, not copied).
 */
export type DecisionReadJob = { kind: 'read'; definition: ExperimentDefinition; stretches: readonly EntryRange[]; next: Int32Array };

/**
 * The worker's replies: `ready` once (its connection is open), then per job
 * the columns of the stretches it claimed (their arrays' memory moved, not
 * copied) or why it could not read them.
 */
export type DecisionReadWorkerReply = { kind: 'ready' } | { kind: 'columns'; columns: ClaimedStretches } | { kind: 'failed'; message: string };
