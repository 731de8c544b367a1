import { parentPort, workerData } from 'node:worker_threads';
import { resultsReadStore } from '../store/results-read-store';
import { openSqliteDatabase } from '../store/sqlite-database';
import type { DecisionReadWorkerData, DecisionReadWorkerReply, DecisionReadWorkerRequest } from './decision-read-worker-messages';
import { readClaimedStretches, type ClaimedStretches } from './read-claimed-stretches';
import { readStretchBoard } from './stretch-board';

/**
 * A worker thread's part of startParallelDecisionRead, kept between results
 * requests (decision-read-workers.ts): opens a read-only connection of its
 * own to the SQLite file and keeps it; for each job claims and reads
 * stretches of the decisions into typed columns as the request's thread
 * publishes them (stretch-board.ts) until none is left, and
 * hands them back (the arrays' memory moved, not copied). The messages are
 * those of decision-read-worker-messages.ts. A connection that cannot be
 * opened ends the thread with that error; a job that fails is answered
 * `failed` (the pool then drops this worker).
 */
const { file } = workerData as DecisionReadWorkerData;
const port = parentPort!;
const database = openSqliteDatabase(file, { readOnly: true });
const reads = resultsReadStore(database);
const reply = (message: DecisionReadWorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/** The arrays behind the columns, handed over rather than copied. */
function columnBuffers(read: ClaimedStretches): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const columns of read.values()) {
    for (const byOutcome of [columns.analysed, columns.everyoneWhoDecided]) {
      for (const byArm of byOutcome.values()) for (const values of byArm.values()) buffers.add(values.buffer as ArrayBuffer);
    }
    for (const values of columns.modelRows?.outcomes.values() ?? []) buffers.add(values.buffer as ArrayBuffer);
    for (const column of columns.modelRows?.pretreatment ?? []) if (column.kind === 'numeric') buffers.add(column.values.buffer as ArrayBuffer);
  }
  return [...buffers];
}

// One job at a time, in the order they came: the thread that sent a job waits for its reply before it sends another.
let queue = Promise.resolve();
port.on('message', (request: DecisionReadWorkerRequest) => {
  queue = queue.then(async () => {
    if (request.kind === 'close') {
      await database.close();
      process.exit(0);
    }
    try {
      const columns = await readClaimedStretches(reads, request.definition, readStretchBoard(request.stretches), request.stretches.counters);
      reply({ kind: 'columns', columns }, columnBuffers(columns));
    } catch (error) {
      reply({ kind: 'failed', message: (error as Error).message });
    } finally {
      request.stretches.keys.close();
    }
  });
});
reply({ kind: 'ready' });
