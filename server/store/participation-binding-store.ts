import { query, type SqlDatabase } from './sql-database';

/**
 * What the store keeps for binding a participation to the browser that
 * started it: the consent page it was started on, and the releases an admin
 * grants so that an id may go on in another browser. (Which channel an id
 * came from is on its participant record: `source`.)
 */
export interface ParticipationBindingStore {
  /** Lets the id's participation go on in the next browser that opens its link; false when there is no such participant. */
  releaseParticipant(experimentKey: string, participantId: string, at: Date): Promise<boolean>;
  /** Uses up a release (true when there was one), so it lets exactly one other browser in. */
  takeParticipantRelease(experimentKey: string, participantId: string): Promise<boolean>;
  /** Whether the participation was started by accepting on the consent page whose keyed hash this is (false for another page, or none recorded). */
  startedOnConsentPage(experimentKey: string, participantId: string, consentPageHash: string): Promise<boolean>;
}

const insertRelease = query(
  `INSERT INTO participant_releases (experiment_key, participant_id, released_at)
   SELECT experiment_key, participant_id, :at FROM participants WHERE experiment_key = :experimentKey AND participant_id = :participantId
   ON CONFLICT (experiment_key, participant_id) DO UPDATE SET released_at = excluded.released_at`,
);
const findConsentPage = query(
  'SELECT 1 AS found FROM participants WHERE experiment_key = :experimentKey AND participant_id = :participantId AND consent_page_hash = :consentPageHash',
);
const deleteRelease = query('DELETE FROM participant_releases WHERE experiment_key = :experimentKey AND participant_id = :participantId');

/**
 * The participation-binding module of the store, over either engine.
 *
 * @example
 * await bindings.releaseParticipant('loan-anchor', 'panel-0042', new Date()); // => true
 * await bindings.takeParticipantRelease('loan-anchor', 'panel-0042'); // => true, then false
 */
export function participationBindingStore(database: SqlDatabase): ParticipationBindingStore {
  return {
    async releaseParticipant(experimentKey, participantId, at) {
      return (await database.run(insertRelease, { experimentKey, participantId, at: at.toISOString() })) > 0;
    },
    async takeParticipantRelease(experimentKey, participantId) {
      return (await database.run(deleteRelease, { experimentKey, participantId })) > 0;
    },
    async startedOnConsentPage(experimentKey, participantId, consentPageHash) {
      return (await database.get(findConsentPage, { experimentKey, participantId, consentPageHash })) !== undefined;
    },
  };
}
