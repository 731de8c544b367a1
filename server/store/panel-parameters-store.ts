import { query, run, type SqlDatabase } from './sql-database';

/** The entry-link parameters of a participant's panel (e.g. Prolific's STUDY_ID and SESSION_ID), beyond the panel id. */
export interface PanelParametersStore {
  /**
   * Records the declared panel parameters a participant's link carried, once:
   * a parameter already recorded keeps its first value (the link the
   * participant consented with). Nothing is stored for someone not enrolled.
   */
  recordPanelParameters(experimentKey: string, participantId: string, parameters: Readonly<Record<string, string>>): Promise<void>;
  /** The panel parameters recorded for a participant, by name. */
  findPanelParameters(experimentKey: string, participantId: string): Promise<Record<string, string>>;
}

const insertParameter = query(
  `INSERT INTO participant_panel_parameters (experiment_key, participant_id, parameter, value)
   SELECT experiment_key, participant_id, :parameter, :value FROM participants
   WHERE experiment_key = :experimentKey AND participant_id = :participantId
   ON CONFLICT DO NOTHING`,
);
const findParameters = query(
  'SELECT parameter, value FROM participant_panel_parameters WHERE experiment_key = :experimentKey AND participant_id = :participantId',
);

/**
 * The panel-parameters module of the store, over either engine.
 *
 * @example
 * await panelParameters.recordPanelParameters('loan-anchor', 'p1', { STUDY_ID: 'study-7' });
 * await panelParameters.findPanelParameters('loan-anchor', 'p1'); // => { STUDY_ID: 'study-7' }
 */
export function panelParametersStore(database: SqlDatabase): PanelParametersStore {
  return {
    async recordPanelParameters(experimentKey, participantId, parameters) {
      const entries = Object.entries(parameters);
      if (entries.length === 0) return;
      await database.transaction(function* () {
        for (const [parameter, value] of entries) yield* run(insertParameter, { experimentKey, participantId, parameter, value });
      });
    },
    async findPanelParameters(experimentKey, participantId) {
      const rows = await database.all<{ parameter: string; value: string }>(findParameters, { experimentKey, participantId });
      return Object.fromEntries(rows.map((row) => [row.parameter, row.value]));
    },
  };
}
