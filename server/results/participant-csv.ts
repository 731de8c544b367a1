import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { ParticipantScope, Store } from '../store/store';
import { csvLine } from './csv-line';
import { exportColumns, participantOutcomes } from './export-columns';

/**
 * What an export holds: with `includeTest`, test traffic too (simulated
 * participants, test links) with an `is_test` column, which it leaves out by
 * default; with `assignedByApiKeyId`, only the units that API key assigned.
 */
export interface ExportOptions extends Partial<ParticipantScope> {
  includeTest?: boolean;
}

/**
 * The tidy per-participant CSV of an experiment, line by line (header first),
 * streamed from the store so that a million rows take flat memory. Every real
 * participant, excluded ones too (`excluded_by` names the rules); test
 * traffic only with `includeTest`; with a scope, only the units one API key assigned.
 *
 * @example
 * for await (const line of participantCsvLines(store, definition, { includeTest: true })) output.write(line);
 */
export async function* participantCsvLines(store: Store, definition: ExperimentDefinition, options: ExportOptions = {}): AsyncGenerator<string> {
  const columns = exportColumns(definition, options);
  yield csvLine(columns.map((column) => column.name));
  for await (const row of store.streamParticipantRows(definition.key, options)) {
    const outcomes = participantOutcomes(definition, row);
    yield csvLine(columns.map((column) => column.value(row, outcomes)));
  }
}

/** The same rows as objects keyed by column name, for the JSON export. */
export async function* participantObjects(store: Store, definition: ExperimentDefinition, options: ExportOptions = {}): AsyncGenerator<Record<string, unknown>> {
  const columns = exportColumns(definition, options);
  for await (const row of store.streamParticipantRows(definition.key, options)) {
    const outcomes = participantOutcomes(definition, row);
    yield Object.fromEntries(columns.map((column) => [column.name, column.value(row, outcomes)]));
  }
}

/** The columns of the long process-event export, with their meanings (part of the codebook). */
export const processEventColumns = [
  { name: 'participant_id', meaning: 'Pseudonymous participant id, as in the participant export.', type: 'string' },
  { name: 'arm', meaning: 'Assigned arm.', type: 'category' },
  { name: 'sequence', meaning: 'Order of the event within the participant’s screen (0 first).', type: 'integer' },
  { name: 'kind', meaning: 'change (a field changed) or panel (an information panel opened or closed).', type: 'category', allowedValues: ['change', 'panel'] },
  { name: 'field', meaning: 'The field changed (amount, term, product) or the panel toggled.', type: 'string' },
  { name: 'value', meaning: 'The new value of the field, or open/closed for a panel.', type: 'string' },
  { name: 'at_ms', meaning: 'Milliseconds after the screen was shown.', type: 'number', unit: 'milliseconds' },
] as const;

/** The long CSV of process events: one row per recorded interaction, header first, streamed; with a scope, only one API key's units. */
export async function* processEventCsvLines(store: Store, definition: ExperimentDefinition, scope?: ParticipantScope): AsyncGenerator<string> {
  yield csvLine(processEventColumns.map((column) => column.name));
  for await (const event of store.streamProcessEvents(definition.key, scope)) {
    yield csvLine([event.participantId, event.arm, event.sequence, event.kind, event.field, event.value, event.atMs]);
  }
}
