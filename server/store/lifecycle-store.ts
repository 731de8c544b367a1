import { query, type SqlDatabase } from './sql-database';
import type { AuditEntry, ExperimentState, ExperimentStateName } from './store';
import { toAuditEntry, toExperimentState } from './store-rows';

/** Experiments moving draft → running ⇄ paused → stopped, with the definition frozen at the start, and the audit log of every admin action. */
export interface LifecycleStore {
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(limit: number): Promise<AuditEntry[]>;
  findExperimentState(experimentKey: string): Promise<ExperimentState | undefined>;
  /** Just the lifecycle state's name, read on every participant and API request (without the frozen definition). */
  findExperimentStateName(experimentKey: string): Promise<ExperimentStateName | undefined>;
  /** Lifecycle states of all experiments that have one. */
  listExperimentStates(): Promise<ExperimentState[]>;
  /**
   * Sets an experiment's state. The first move to `running` freezes the
   * definition (and so the analysis plan) with its SHA-256; later moves keep it.
   */
  setExperimentState(experimentKey: string, state: ExperimentStateName, at: Date, definition: { sha256: string; json: unknown }): Promise<ExperimentState>;
}

const insertAudit = query('INSERT INTO audit_log (at, actor, action, subject, details_json) VALUES (:at, :actor, :action, :subject, :detailsJson)');
const listAudit = query('SELECT at, actor, action, subject, details_json FROM audit_log ORDER BY id DESC LIMIT :limit');
const findExperimentState = query('SELECT * FROM experiment_states WHERE experiment_key = :experimentKey');
const findExperimentStateName = query('SELECT state FROM experiment_states WHERE experiment_key = :experimentKey');
const listExperimentStates = query((dialect) => `SELECT * FROM experiment_states ORDER BY experiment_key${dialect.bytewise}`);
const upsertExperimentState = query(
  `INSERT INTO experiment_states (experiment_key, state, changed_at, started_at, definition_sha256, frozen_definition_json)
   VALUES (:experimentKey, :state, :at, :startedAt, :sha256, :json)
   ON CONFLICT (experiment_key) DO UPDATE SET
     state = excluded.state,
     changed_at = excluded.changed_at,
     started_at = coalesce(experiment_states.started_at, excluded.started_at),
     definition_sha256 = coalesce(experiment_states.definition_sha256, excluded.definition_sha256),
     frozen_definition_json = coalesce(experiment_states.frozen_definition_json, excluded.frozen_definition_json)
   RETURNING *`,
);

/**
 * How long a state name read from the database is trusted. Every participant
 * entry and API assignment asks for it, so it is kept in memory; this
 * instance's own changes replace it at once, another instance's (PostgreSQL)
 * are seen within this time.
 */
const stateNameTrustedForMs = 1_000;

/**
 * The lifecycle and audit module of the store, over either engine.
 *
 * @example
 * const lifecycle = lifecycleStore(database);
 * await lifecycle.findExperimentStateName('loan-anchor'); // => 'running'
 */
export function lifecycleStore(database: SqlDatabase): LifecycleStore {
  const stateNames = new Map<string, { name: ExperimentStateName | undefined; readAt: number }>();
  let changesMade = 0;
  return {
    async appendAudit(entry) {
      await database.run(insertAudit, { ...entry, at: entry.at.toISOString(), detailsJson: entry.details === null ? null : JSON.stringify(entry.details) });
    },
    async listAudit(limit) {
      return (await database.all(listAudit, { limit })).map(toAuditEntry);
    },
    async findExperimentState(experimentKey) {
      const row = await database.get(findExperimentState, { experimentKey });
      return row && toExperimentState(row);
    },
    async findExperimentStateName(experimentKey) {
      const now = Date.now();
      const remembered = stateNames.get(experimentKey);
      if (remembered && now - remembered.readAt < stateNameTrustedForMs) return remembered.name;
      const changesBefore = changesMade;
      const name = (await database.get<{ state: ExperimentStateName }>(findExperimentStateName, { experimentKey }))?.state;
      // A change this instance made while the read was under way wins over what the read found.
      if (changesMade === changesBefore) stateNames.set(experimentKey, { name, readAt: now });
      return name;
    },
    async listExperimentStates() {
      return (await database.all(listExperimentStates)).map(toExperimentState);
    },
    async setExperimentState(experimentKey, state, at, definition) {
      const running = state === 'running';
      const parameters = {
        experimentKey,
        state,
        at: at.toISOString(),
        startedAt: running ? at.toISOString() : null,
        sha256: running ? definition.sha256 : null,
        json: running ? JSON.stringify(definition.json) : null,
      };
      const stored = toExperimentState((await database.get(upsertExperimentState, parameters))!);
      changesMade += 1;
      stateNames.set(experimentKey, { name: stored.state, readAt: Date.now() });
      return stored;
    },
  };
}
