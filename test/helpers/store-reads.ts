import { query } from '../../server/store/sql-database';
import { sqlDatabaseOf } from '../../server/store/sql-store';
import type { NewAnswer, ProcessEvent, Store, StoredApiEvent, User } from '../../server/store/store';
import { toApiEvent, toUser } from '../../server/store/store-rows';

/**
 * Reads that only tests make, so the store's interface keeps to what the app
 * calls. Each works on either engine, through the database beneath the store.
 */

const listDecisionsQuery = query(
  (dialect) =>
    `SELECT participant_id, arm, values_json FROM decisions WHERE experiment_key = :experimentKey ORDER BY decided_at${dialect.bytewise}, participant_id${dialect.bytewise}`,
);
const listAnswersQuery = query(
  (dialect) =>
    `SELECT question_key, answer, correct FROM questionnaire_answers WHERE experiment_key = :experimentKey AND participant_id = :participantId ORDER BY ${dialect.insertionOrder}`,
);
const listProcessEventsQuery = query(
  'SELECT kind, field, value, at_ms AS "atMs" FROM process_events WHERE experiment_key = :experimentKey AND participant_id = :participantId ORDER BY sequence',
);
const listApiEventsQuery = query(
  `SELECT experiment_key, participant_id, name, value_json, occurred_at, received_at, api_key_id, idempotency_key
   FROM api_events WHERE experiment_key = :experimentKey AND (CAST(:participantId AS TEXT) IS NULL OR participant_id = :participantId) ORDER BY id`,
);
const countConsentDeclinesQuery = query('SELECT count(*) AS n FROM consent_declines WHERE experiment_key = :experimentKey');
const listUsersQuery = query((dialect) => `SELECT * FROM users ORDER BY username${dialect.bytewise}`);

/**
 * Every decision of an experiment, in the order they were made.
 *
 * @example
 * await listDecisions(store, 'loan-anchor'); // => [{ participantId: 'p1', arm: 'low-anchor', values: { amount: 2500, term: 60 } }]
 */
export async function listDecisions(store: Store, experimentKey: string): Promise<{ participantId: string; arm: string; values: Record<string, number | string> }[]> {
  const rows = await sqlDatabaseOf(store).all<{ participant_id: string; arm: string; values_json: string }>(listDecisionsQuery, { experimentKey });
  return rows.map((row) => ({ participantId: row.participant_id, arm: row.arm, values: JSON.parse(row.values_json) as Record<string, number | string> }));
}

/**
 * One participant's questionnaire answers, in the order they were stored.
 *
 * @example
 * await listAnswers(store, 'loan-anchor', 'p1'); // => [{ questionKey: 'attention_check', answer: 'orange', correct: true }]
 */
export async function listAnswers(store: Store, experimentKey: string, participantId: string): Promise<NewAnswer[]> {
  const rows = await sqlDatabaseOf(store).all<{ question_key: string; answer: string; correct: number | null }>(listAnswersQuery, { experimentKey, participantId });
  return rows.map((row) => ({ questionKey: row.question_key, answer: row.answer, correct: row.correct === null ? null : row.correct === 1 }));
}

/**
 * One participant's raw process events, in order.
 *
 * @example
 * await listProcessEvents(store, 'loan-anchor', 'p1'); // => [{ kind: 'change', field: 'amount', value: '7000', atMs: 1200 }]
 */
export async function listProcessEvents(store: Store, experimentKey: string, participantId: string): Promise<ProcessEvent[]> {
  return sqlDatabaseOf(store).all<ProcessEvent>(listProcessEventsQuery, { experimentKey, participantId });
}

/**
 * The lender events of an experiment (of one unit, if given), in the order they were stored.
 *
 * @example
 * (await listApiEvents(store, 'credit-choice', 'visitor-1')).map((event) => event.name); // => ['loan_accepted']
 */
export async function listApiEvents(store: Store, experimentKey: string, participantId?: string): Promise<StoredApiEvent[]> {
  return (await sqlDatabaseOf(store).all(listApiEventsQuery, { experimentKey, participantId: participantId ?? null })).map(toApiEvent);
}

/**
 * How many people declined consent in an experiment.
 *
 * @example
 * await countConsentDeclines(store, 'loan-anchor'); // => 1
 */
export async function countConsentDeclines(store: Store, experimentKey: string): Promise<number> {
  return (await sqlDatabaseOf(store).get<{ n: number }>(countConsentDeclinesQuery, { experimentKey }))!.n;
}

/**
 * Every user, by name.
 *
 * @example
 * (await listUsers(store)).map((user) => user.username); // => ['ada']
 */
export async function listUsers(store: Store): Promise<User[]> {
  return (await sqlDatabaseOf(store).all(listUsersQuery)).map(toUser);
}
