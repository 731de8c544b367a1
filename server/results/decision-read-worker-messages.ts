import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { ClaimedStretches } from './read-claimed-stretches';
import type { SharedStretches } from './stretch-board';

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
 * worker.postMessage({ kind: 'read', definition: loanAnchor, stretches: board.shared } satisfies DecisionReadWorkerRequest, [board.shared.keys]);
 * worker.once('message', (reply: DecisionReadWorkerReply) => reply.kind); // => 'ready', then 'columns'
 */
export type DecisionReadWorkerRequest = DecisionReadJob | { kind: 'close' };

/** The worker's start-up data: the SQLite file it opens read-only. */
export type DecisionReadWorkerData = { file: string };

/**
 * One results request's share of the reading: the experiment (sent with each
 * job, as one worker serves every experiment of its file) and the board the
 * request's thread publishes the stretches of entry order on as it finds
 * them, through whose counter each stretch is claimed once (stretch-board.ts:
 * its port transferred, its counters shared, not copied).
 */
export type DecisionReadJob = { kind: 'read'; definition: ExperimentDefinition; stretches: SharedStretches };

/**
 * The worker's replies: `ready` once (its connection is open), then per job
 * the columns of the stretches it claimed (their arrays' memory moved, not
 * copied) or why it could not read them.
 */
export type DecisionReadWorkerReply = { kind: 'ready' } | { kind: 'columns'; columns: ClaimedStretches } | { kind: 'failed'; message: string };
