import { parentPort, workerData } from 'node:worker_threads';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { EntryRange } from '../store/results-read-store';
import { resultsReadStore } from '../store/results-read-store';
import { openSqliteDatabase } from '../store/sqlite-database';
import { readClaimedStretches } from './read-claimed-stretches';

/**
 * A worker thread's part of startParallelDecisionRead: opens a read-only
 * connection of its own to the SQLite file, waits for the stretches and the
 * shared counter, claims and reads stretches of the decisions into typed
 * columns until none is left, and hands them back (the arrays' memory moved,
 * not copied).
 */
const { file, definition } = workerData as { file: string; definition: ExperimentDefinition };
const database = openSqliteDatabase(file, { readOnly: true });
try {
  const { stretches, next } = await new Promise<{ stretches: EntryRange[]; next: Int32Array }>((resolve) => parentPort!.once('message', resolve));
  const read = await readClaimedStretches(resultsReadStore(database), definition, stretches, next);
  const buffers = new Set<ArrayBuffer>();
  for (const columns of read.values()) {
    for (const byOutcome of [columns.analysed, columns.everyoneWhoDecided]) {
      for (const byArm of byOutcome.values()) for (const values of byArm.values()) buffers.add(values.buffer as ArrayBuffer);
    }
    for (const values of columns.modelRows?.outcomes.values() ?? []) buffers.add(values.buffer as ArrayBuffer);
    for (const column of columns.modelRows?.pretreatment ?? []) if (column.kind === 'numeric') buffers.add(column.values.buffer as ArrayBuffer);
  }
  parentPort!.postMessage(read, [...buffers]);
} finally {
  await database.close();
}
