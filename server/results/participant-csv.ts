import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { Store } from '../store/store';
import { csvLine } from './csv-line';
import { exportColumns, participantOutcomes } from './export-columns';

/**
 * The tidy per-participant CSV of an experiment, line by line (header first),
 * streamed from the store so that a million rows take flat memory.
 */
export async function* participantCsvLines(store: Store, definition: ExperimentDefinition): AsyncGenerator<string> {
  const columns = exportColumns(definition);
  yield csvLine(columns.map((column) => column.name));
  for await (const row of store.streamParticipantRows(definition.key)) {
    const outcomes = participantOutcomes(definition, row);
    yield csvLine(columns.map((column) => column.value(row, outcomes)));
  }
}

/** The same rows as objects keyed by column name, for the JSON export. */
export async function* participantObjects(store: Store, definition: ExperimentDefinition): AsyncGenerator<Record<string, unknown>> {
  const columns = exportColumns(definition);
  for await (const row of store.streamParticipantRows(definition.key)) {
    const outcomes = participantOutcomes(definition, row);
    yield Object.fromEntries(columns.map((column) => [column.name, column.value(row, outcomes)]));
  }
}
