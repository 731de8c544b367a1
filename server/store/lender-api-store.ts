import { get, query, run, type SqlDatabase, type UnitOfWork } from './sql-database';
import { UnknownUnitError, type ApiKey, type ApiKeyScope, type NewApiEvent } from './store';
import { toApiKey } from './store-rows';

/** What a lender's back end needs: API keys (stored as the hash of their secret) and the events it reports. */
export interface LenderApiStore {
  /** Stores a new API key with the SHA-256 of its secret (and no scopes unless given). */
  createApiKey(key: Omit<ApiKey, 'revokedAt' | 'scopes'> & { secretSha256: string; scopes?: ApiKeyScope[] }): Promise<ApiKey>;
  listApiKeys(): Promise<ApiKey[]>;
  /** Revokes by id or client key; returns the key, or undefined when there is none. */
  revokeApiKey(idOrClientKey: string, at: Date): Promise<ApiKey | undefined>;
  findApiKeyBySecretSha256(secretSha256: string): Promise<ApiKey | undefined>;
  findApiKeyByClientKey(clientKey: string): Promise<ApiKey | undefined>;
  /**
   * Stores a batch of lender events atomically: all or none. Events whose
   * idempotency key this API key stored before are skipped (idempotency keys
   * are per API key). Throws UnknownUnitError (storing nothing) when a unit
   * was not assigned by this key in its experiment — whether nobody assigned
   * it, another key did, or it is a panel participant: the same error.
   */
  recordApiEvents(events: readonly NewApiEvent[], apiKeyId: string, receivedAt: Date): Promise<{ stored: number; duplicates: number }>;
}

const apiKeyColumns = 'id, name, client_key, experiments_json, scopes_json, created_at, revoked_at';
const insertApiKey = query(
  `INSERT INTO api_keys (id, name, secret_sha256, client_key, experiments_json, scopes_json, created_at)
   VALUES (:id, :name, :secretSha256, :clientKey, :experimentsJson, :scopesJson, :createdAt)`,
);
const listApiKeys = query((dialect) => `SELECT ${apiKeyColumns} FROM api_keys ORDER BY created_at${dialect.bytewise}, id${dialect.bytewise}`);
const findApiKeyBySecret = query(`SELECT ${apiKeyColumns} FROM api_keys WHERE secret_sha256 = :secretSha256`);
const findApiKeyByIdOrClientKey = query(`SELECT ${apiKeyColumns} FROM api_keys WHERE id = :key OR client_key = :key`);
const revokeApiKey = query('UPDATE api_keys SET revoked_at = coalesce(revoked_at, :at) WHERE id = :key OR client_key = :key');
/** The batch's first event (by `position`) whose unit this key did not assign in its experiment, in one query. */
const firstUnassignedEvent = query(
  (dialect) => `SELECT CAST(item.value ->> 'position' AS INTEGER) AS position FROM ${dialect.eachElement(':events')}
   WHERE NOT EXISTS (SELECT 1 FROM assignments a
                     WHERE a.experiment_key = item.value ->> 'experimentKey' AND a.participant_id = item.value ->> 'participantId'
                       AND a.assigned_by_api_key_id = :apiKeyId)
   ORDER BY position LIMIT 1`,
);
/** The whole batch in one statement, in batch order; an idempotency key this API key stored before is skipped. */
const insertApiEvents = query(
  (dialect) => `INSERT INTO api_events (experiment_key, participant_id, name, value_json, occurred_at, received_at, api_key_id, idempotency_key)
   SELECT item.value ->> 'experimentKey', item.value ->> 'participantId', item.value ->> 'name', item.value ->> 'valueJson',
          item.value ->> 'occurredAt', :receivedAt, :apiKeyId, item.value ->> 'idempotencyKey'
   FROM ${dialect.eachElement(':events')}
   WHERE true
   ORDER BY CAST(item.value ->> 'position' AS INTEGER)
   ON CONFLICT DO NOTHING`,
);

function* storeApiEvents(events: readonly NewApiEvent[], apiKeyId: string, receivedAt: string): UnitOfWork<{ stored: number; duplicates: number }> {
  const batch = JSON.stringify(
    events.map((event, position) => ({
      position,
      experimentKey: event.experimentKey,
      participantId: event.participantId,
      name: event.name,
      valueJson: JSON.stringify(event.value),
      occurredAt: event.occurredAt.toISOString(),
      idempotencyKey: event.idempotencyKey,
    })),
  );
  const unassigned = yield* get<{ position: number }>(firstUnassignedEvent, { events: batch, apiKeyId });
  if (unassigned) {
    const event = events[unassigned.position]!;
    throw new UnknownUnitError(unassigned.position, event.experimentKey, event.participantId);
  }
  const stored = yield* run(insertApiEvents, { events: batch, receivedAt, apiKeyId });
  return { stored, duplicates: events.length - stored };
}

/**
 * The lender API module of the store, over either engine.
 *
 * @example
 * const lenders = lenderApiStore(database);
 * await lenders.findApiKeyBySecretSha256(secretSha256(secret)); // => the key, or undefined
 */
export function lenderApiStore(database: SqlDatabase): LenderApiStore {
  const findByIdOrClientKey = async (key: string) => {
    const row = await database.get(findApiKeyByIdOrClientKey, { key });
    return row && toApiKey(row);
  };
  return {
    async createApiKey(key) {
      const experimentsJson = key.experiments === null ? null : JSON.stringify(key.experiments);
      await database.run(insertApiKey, { ...key, experimentsJson, scopesJson: JSON.stringify(key.scopes ?? []), createdAt: key.createdAt.toISOString() });
      return (await findByIdOrClientKey(key.id))!;
    },
    async listApiKeys() {
      return (await database.all(listApiKeys)).map(toApiKey);
    },
    async revokeApiKey(idOrClientKey, at) {
      await database.run(revokeApiKey, { key: idOrClientKey, at: at.toISOString() });
      return findByIdOrClientKey(idOrClientKey);
    },
    async findApiKeyBySecretSha256(secretSha256) {
      const row = await database.get(findApiKeyBySecret, { secretSha256 });
      return row && toApiKey(row);
    },
    async findApiKeyByClientKey(clientKey) {
      const key = await findByIdOrClientKey(clientKey);
      return key?.clientKey === clientKey ? key : undefined;
    },
    async recordApiEvents(events, apiKeyId, receivedAt) {
      return database.transaction(() => storeApiEvents(events, apiKeyId, receivedAt.toISOString()));
    },
  };
}
