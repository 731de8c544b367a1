import { parentPort, workerData } from 'node:worker_threads';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { EntryRange } from '../store/results-read-store';
import { resultsReadStore } from '../store/results-read-store';
import { openSqliteDatabase } from '../store/sqlite-database';
import { readDecisionColumns } from './decision-columns';

/**
 * A worker thread's part of readDecisionColumnsInParallel: opens a read-only
 * connection of its own to the SQLite file, reads one stretch of the
 * decisions into typed columns and hands them back (the arrays' memory moved,
 * not copied).
 */
const { file, definition, range } = workerData as { file: string; definition: ExperimentDefinition; range: EntryRange };
const database = openSqliteDatabase(file, { readOnly: true });
try {
  const columns = await readDecisionColumns(resultsReadStore(database), definition, range);
  const buffers = new Set<ArrayBuffer>();
  for (const byOutcome of [columns.analysed, columns.everyoneWhoDecided]) {
    for (const byArm of byOutcome.values()) for (const values of byArm.values()) buffers.add(values.buffer as ArrayBuffer);
  }
  for (const values of columns.modelRows?.outcomes.values() ?? []) buffers.add(values.buffer as ArrayBuffer);
  for (const column of columns.modelRows?.pretreatment ?? []) if (column.kind === 'numeric') buffers.add(column.values.buffer as ArrayBuffer);
  parentPort!.postMessage(columns, [...buffers]);
} finally {
  await database.close();
}
