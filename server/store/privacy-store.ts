import { changesOfParticipant, panelsOpenedOfParticipant } from './participation-store';
import { all, query, run, type SqlDatabase, type UnitOfWork } from './sql-database';

/** What privacy asks of the store: erase one participant, age out raw process data, take a backup. */
export interface PrivacyStore {
  /**
   * Removes one participant's data everywhere (participation, assignment,
   * exposure, decision, process events, answers, lender attributes and events) in one
   * transaction; in one experiment, or in all. Returns the experiments erased from.
   * On SQLite no recoverable copy stays in the files: deleted content is
   * zeroed (`secure_delete`) and the WAL is checkpointed and truncated.
   */
  eraseParticipant(participantId: string, experimentKey?: string): Promise<string[]>;
  /**
   * Process-data retention: deletes the raw process events of every decision
   * made before `cutoff`, first keeping each participant's summary (changes per
   * field, panels opened) on the decision row, so outcomes and analysis stay
   * as they were. Returns how many participants were summarised and events deleted.
   */
  deleteProcessDataBefore(cutoff: Date, at: Date): Promise<{ participants: number; events: number }>;
  /** A consistent copy of the whole database at `path`, taken while the server keeps writing (SQLite; PostgreSQL has pg_dump). */
  backup(path: string): Promise<void>;
}

/** Foreign keys cascade to assignments, exposures, decisions, completions, process events, answers and lender events. */
const deleteParticipant = query(
  `DELETE FROM participants WHERE participant_id = :participantId AND (CAST(:experimentKey AS TEXT) IS NULL OR experiment_key = :experimentKey)
   RETURNING experiment_key`,
);
const summarizeOldProcessData = query(
  (dialect) => `UPDATE decisions AS d
   SET process_summary_json = CAST(${dialect.jsonObject(
     "'changes'",
     dialect.json(`coalesce(${changesOfParticipant(dialect, 'd')}, '{}')`),
     "'panelsOpened'",
     panelsOpenedOfParticipant('d'),
   )} AS TEXT),
       process_events_deleted_at = :at
   WHERE d.decided_at < :cutoff AND d.process_events_deleted_at IS NULL`,
);
const deleteSummarizedProcessEvents = query(
  `DELETE FROM process_events WHERE (experiment_key, participant_id) IN (
     SELECT experiment_key, participant_id FROM decisions WHERE process_events_deleted_at IS NOT NULL)`,
);

function* erase(participantId: string, experimentKey: string | null): UnitOfWork<string[]> {
  const deleted = yield* all<{ experiment_key: string }>(deleteParticipant, { participantId, experimentKey });
  return deleted.map((row) => row.experiment_key).sort();
}

function* summarizeAndDeleteProcessData(cutoff: string, at: string): UnitOfWork<{ participants: number; events: number }> {
  const participants = yield* run(summarizeOldProcessData, { cutoff, at });
  const events = yield* run(deleteSummarizedProcessEvents);
  return { participants, events };
}

/**
 * The privacy module of the store, over either engine.
 *
 * @example
 * const privacy = privacyStore(database);
 * await privacy.eraseParticipant('p-3'); // => ['credit-choice']
 */
export function privacyStore(database: SqlDatabase): PrivacyStore {
  return {
    async eraseParticipant(participantId, experimentKey) {
      const erased = await database.transaction(() => erase(participantId, experimentKey ?? null));
      if (erased.length > 0) await database.discardDeletedCopies();
      return erased;
    },
    async deleteProcessDataBefore(cutoff, at) {
      return database.transaction(() => summarizeAndDeleteProcessData(cutoff.toISOString(), at.toISOString()));
    },
    async backup(path) {
      await database.backup(path);
    },
  };
}
