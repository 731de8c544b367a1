import { query, type SqlDatabase } from './sql-database';

/** A note an admin wrote about an experiment (a panel batch sent, a problem seen, a decision taken). */
export interface ExperimentNote {
  experimentKey: string;
  author: string;
  note: string;
  writtenAt: Date;
}

/** The notes admins keep per experiment, shown on the dashboard newest first. */
export interface ExperimentNotesStore {
  addExperimentNote(note: ExperimentNote): Promise<void>;
  /** An experiment's notes, newest first, at most `limit`. */
  listExperimentNotes(experimentKey: string, limit: number): Promise<ExperimentNote[]>;
}

const insertNote = query('INSERT INTO experiment_notes (experiment_key, author, note, written_at) VALUES (:experimentKey, :author, :note, :writtenAt)');
const listNotes = query(
  `SELECT experiment_key, author, note, written_at FROM experiment_notes
   WHERE experiment_key = :experimentKey ORDER BY written_at DESC, id DESC LIMIT :limit`,
);

/**
 * The experiment-notes module of the store, over either engine.
 *
 * @example
 * await notes.addExperimentNote({ experimentKey: 'loan-anchor', author: 'anna', note: 'Prolific batch 2 sent', writtenAt: new Date() });
 * (await notes.listExperimentNotes('loan-anchor', 20))[0]?.note; // => 'Prolific batch 2 sent'
 */
export function experimentNotesStore(database: SqlDatabase): ExperimentNotesStore {
  return {
    async addExperimentNote({ experimentKey, author, note, writtenAt }) {
      await database.run(insertNote, { experimentKey, author, note, writtenAt: writtenAt.toISOString() });
    },
    async listExperimentNotes(experimentKey, limit) {
      const rows = await database.all<{ experiment_key: string; author: string; note: string; written_at: string }>(listNotes, { experimentKey, limit });
      return rows.map((row) => ({ experimentKey: row.experiment_key, author: row.author, note: row.note, writtenAt: new Date(row.written_at) }));
    },
  };
}
