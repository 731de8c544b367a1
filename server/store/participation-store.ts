import { get, query, run, type SqlDatabase, type UnitOfWork } from './sql-database';
import type { SqlDialect } from './sql-dialect';
import { UnknownParticipantError, type ArmCount, type BlockPosition, type NewAnswer, type NewAssignment, type NewDecision, type NewParticipant, type ParticipantDataRow, type ParticipantRecord, type ParticipantScope, type ProcessEvent, type StoredDecision } from './store';

/** What a read of participant rows may be limited to: one API key's units; and whether test traffic is included. */
export type ParticipantReadOptions = Partial<ParticipantScope> & { includeTest?: boolean };
import { processSummary } from './process-summary';
import { toDecision, toParticipantDataRow, toParticipantRecord } from './store-rows';

/** A participant's way through an experiment: enrolment, exposure, decision, answers, completion, and the reads of all of it. */
export interface ParticipationStore {
  /** Records that someone declined consent: the experiment and the time only. */
  recordConsentDecline(experimentKey: string, at: Date): Promise<void>;
  /**
   * Enrols a participant with an arm (and its declared lender attributes, if
   * any); a participant already enrolled keeps the stored arm and attributes (sticky). With a PermutedBlockDraw the store takes the next free
   * position of the stratum's current block in the same transaction; a repeat
   * entry of an enrolled participant takes no position. With `arm: null` the
   * participant is enrolled without an arm (and holds no block position)
   * until `recordAnswers` assigns one.
   */
  enrolParticipant(participant: NewParticipant): Promise<ParticipantRecord>;
  /**
   * Enrols a participant only if the id is not enrolled yet, as
   * `enrolParticipant` does a newcomer, and returns the new record; returns
   * undefined, storing nothing, when the id is enrolled already — also by a
   * concurrent request (another browser, another instance) that committed
   * first. The conditional insert of the participant decides: of requests
   * racing for one id exactly one gets the record, which is what binds a
   * panel id to the one browser that consented first.
   */
  enrolNewParticipant(participant: NewParticipant): Promise<ParticipantRecord | undefined>;
  findParticipant(experimentKey: string, participantId: string): Promise<ParticipantRecord | undefined>;
  /**
   * Records the first exposure with what the screen showed; returns false when it was already recorded.
   * @throws UnknownParticipantError when the participant is not enrolled (erased meanwhile), storing nothing.
   */
  recordExposure(experimentKey: string, participantId: string, definitionHash: string, presentation: object, at: Date): Promise<boolean>;
  /**
   * Stores a decision and its process events once, atomically; a repeat returns the stored one with `created: false`.
   * @throws UnknownParticipantError when the participant is not enrolled (erased meanwhile), storing nothing.
   */
  recordDecision(decision: NewDecision): Promise<{ decision: StoredDecision; created: boolean }>;
  /**
   * Stores the answers of one questionnaire page (before or after the screen)
   * at once, or none; a repeat of the page (its first question already
   * answered) stores nothing and returns false. With `assignment`, a participant
   * enrolled without an arm is assigned one in the same transaction (for a
   * stratum taken from a before-screen answer): answers and arm commit
   * together, and a participant who has an arm already (a repeat, another
   * tab, another instance) keeps it and takes no block position.
   * @throws UnknownParticipantError when the participant is not enrolled (erased meanwhile), storing nothing.
   */
  recordAnswers(experimentKey: string, participantId: string, answers: readonly NewAnswer[], at: Date, assignment?: NewAssignment): Promise<boolean>;
  /**
   * Marks completion once, returning the completion code (the first one on a repeat).
   * @throws UnknownParticipantError when the participant is not enrolled (erased meanwhile), storing nothing.
   */
  recordCompletion(experimentKey: string, participantId: string, code: string, at: Date): Promise<string>;
  countByArm(experimentKey: string): Promise<ArmCount[]>;
  /**
   * How many real (not test) participants consented but have no arm yet: in a
   * design stratified by a before-screen answer, those who have not given it.
   * They are in no arm's count.
   */
  countParticipantsAwaitingArm(experimentKey: string): Promise<number>;
  /** How many test participants (simulated, or from a test link) an experiment holds. */
  countTestParticipants(experimentKey: string): Promise<number>;
  /** Deletes an experiment's test participants with all their data (cascading); returns how many. */
  deleteTestParticipants(experimentKey: string): Promise<number>;
  /**
   * Every participant of an experiment (or only the units one API key
   * assigned), in entry order, one at a time (flat memory for a million rows);
   * test traffic only with `includeTest`.
   */
  streamParticipantRows(experimentKey: string, options?: ParticipantReadOptions): AsyncIterable<ParticipantDataRow>;
  /** Every process event of an experiment's real (not test) participants (or of one API key's units; long format), participant by participant, in order. */
  streamProcessEvents(experimentKey: string, scope?: ParticipantScope): AsyncIterable<ProcessEvent & { participantId: string; arm: string; sequence: number }>;
  /** Time to decide of every real (not test) participant's decision, by arm (null where it was not measured). */
  listDecisionTimes(experimentKey: string): Promise<{ arm: string; timeToDecisionMs: number | null }[]>;
}

/**
 * The joins that put one participant's rows side by side, `p` being the
 * participant: only participants with an arm (exports and counts; see
 * `findParticipant` for the read that also finds those without one).
 */
const participantJoins = `
  FROM participants p
  JOIN assignments a USING (experiment_key, participant_id)
  LEFT JOIN exposures e USING (experiment_key, participant_id)
  LEFT JOIN decisions d USING (experiment_key, participant_id)
  LEFT JOIN completions c USING (experiment_key, participant_id)`;

/** Changes per field of one participant's process events, as a JSON object (NULL on PostgreSQL when there are none); `alias` names the table with the participant's keys. */
export const changesOfParticipant = (dialect: SqlDialect, alias: string) => `(SELECT ${dialect.jsonObjectOfRows('x.field', 'x.n')} FROM (
    SELECT pe.field, count(*) AS n FROM process_events pe
    WHERE pe.experiment_key = ${alias}.experiment_key AND pe.participant_id = ${alias}.participant_id AND pe.kind = 'change' AND pe.field IS NOT NULL
    GROUP BY pe.field) x)`;

/** How many times one participant opened an information panel. */
export const panelsOpenedOfParticipant = (alias: string) => `(SELECT count(*) FROM process_events pe
    WHERE pe.experiment_key = ${alias}.experiment_key AND pe.participant_id = ${alias}.participant_id AND pe.kind = 'panel' AND pe.value = 'open')`;

const insertDecline = query('INSERT INTO consent_declines (experiment_key, declined_at) VALUES (:experimentKey, :at)');
const insertParticipant = query(
  `INSERT INTO participants (experiment_key, participant_id, panel_id, locale, user_agent_class, entered_at, source, is_test, consent_page_hash)
   VALUES (:experimentKey, :participantId, :panelId, :locale, :userAgentClass, :at, :source, :isTest, :consentPageHash)
   ON CONFLICT DO NOTHING`,
);
/** Takes the next position of a stratum's blocks; the row lock (PostgreSQL) or the write lock (SQLite) makes concurrent entries queue. */
const takeBlockPosition = query(
  `INSERT INTO block_positions_taken (experiment_key, stratum, taken) VALUES (:experimentKey, :stratum, 1)
   ON CONFLICT (experiment_key, stratum) DO UPDATE SET taken = block_positions_taken.taken + 1
   RETURNING taken`,
);
const insertAssignment = query(
  `INSERT INTO assignments (experiment_key, participant_id, arm, definition_hash, assigned_at, stratum, block_index, block_position, assigned_by_api_key_id)
   VALUES (:experimentKey, :participantId, :arm, :definitionHash, :at, :stratum, :blockIndex, :blockPosition, :assignedByApiKeyId)
   ON CONFLICT DO NOTHING`,
);
/** A new unit's declared attributes, in one statement, from a JSON array of `{ key, value }`. */
const insertAttributes = query(
  (dialect) => `INSERT INTO participant_attributes (experiment_key, participant_id, attribute_key, value)
   SELECT :experimentKey, :participantId, item.value ->> 'key', item.value ->> 'value' FROM ${dialect.eachElement(':attributes')}
   WHERE true
   ON CONFLICT DO NOTHING`,
);
/** Takes the participant's row lock (PostgreSQL) or the write lock (SQLite), so that a second assignment of the same participant waits and then finds the first. */
const lockParticipant = query('UPDATE participants SET locale = locale WHERE experiment_key = :experimentKey AND participant_id = :participantId');
const findAssignment = query('SELECT 1 AS found FROM assignments WHERE experiment_key = :experimentKey AND participant_id = :participantId');
const findIsTest = query('SELECT is_test AS "isTest" FROM participants WHERE experiment_key = :experimentKey AND participant_id = :participantId');
/** One participant, also one enrolled without an arm yet (a stratum from a before-screen answer not given): hence LEFT JOIN assignments. */
const findParticipant = query(
  (dialect) => `SELECT p.experiment_key, p.participant_id, p.panel_id, p.source, p.locale, p.entered_at, a.arm, a.stratum, a.block_index, a.block_position, a.assigned_by_api_key_id,
          e.exposed_at, e.presentation_json, d.values_json, d.kept_default, d.decided_at, d.arm AS decision_arm,
          d.time_to_decision_ms, d.timing_source, d.process_data_status,
          (SELECT max(q.answered_at) FROM questionnaire_answers q
            WHERE q.experiment_key = p.experiment_key AND q.participant_id = p.participant_id) AS answered_at,
          (SELECT ${dialect.jsonArrayOfRows('q.question_key', 'q.question_key')} FROM questionnaire_answers q
            WHERE q.experiment_key = p.experiment_key AND q.participant_id = p.participant_id) AS answered_keys_json,
          c.completion_code, c.completed_at
   FROM participants p
   LEFT JOIN assignments a USING (experiment_key, participant_id)
   LEFT JOIN exposures e USING (experiment_key, participant_id)
   LEFT JOIN decisions d USING (experiment_key, participant_id)
   LEFT JOIN completions c USING (experiment_key, participant_id)
   WHERE p.experiment_key = :experimentKey AND p.participant_id = :participantId`,
);
/**
 * The exposure carries its participant's arm (copied, so the exposed per arm
 * are counted off an index; migration 16). Inserts nothing for a participant
 * who is not enrolled (erased since the page read them), rather than failing
 * on the foreign key.
 */
const insertExposure = query(
  `INSERT INTO exposures (experiment_key, participant_id, definition_hash, presentation_json, exposed_at, arm)
   SELECT p.experiment_key, p.participant_id, :definitionHash, :presentationJson, :at,
          (SELECT a.arm FROM assignments a WHERE a.experiment_key = p.experiment_key AND a.participant_id = p.participant_id)
   FROM participants p WHERE p.experiment_key = :experimentKey AND p.participant_id = :participantId
   ON CONFLICT DO NOTHING`,
);
/**
 * The decision carries its arm, its participant's entry time and test mark
 * (copied, so the results read decisions alone in entry order) and its
 * process summary (migration 15).
 */
const insertDecision = query(
  `INSERT INTO decisions (experiment_key, participant_id, arm, values_json, kept_default, decided_at, time_to_decision_ms, timing_source, process_data_status,
                          process_summary_json, entered_at, is_test)
   SELECT a.experiment_key, a.participant_id, a.arm, :valuesJson, :keptDefault, :at, :timeToDecisionMs, :timingSource, :processDataStatus,
          :processSummaryJson, p.entered_at, p.is_test
   FROM assignments a JOIN participants p USING (experiment_key, participant_id)
   WHERE a.experiment_key = :experimentKey AND a.participant_id = :participantId
   ON CONFLICT DO NOTHING`,
);
/** Every event of one decision in one statement, from a JSON array of `{ sequence, kind, field, value, atMs }`. */
const insertProcessEvents = query(
  (dialect) => `INSERT INTO process_events (experiment_key, participant_id, sequence, kind, field, value, at_ms)
   SELECT :experimentKey, :participantId, CAST(item.value ->> 'sequence' AS INTEGER), item.value ->> 'kind', item.value ->> 'field',
          item.value ->> 'value', CAST(item.value ->> 'atMs' AS ${dialect.real})
   FROM ${dialect.eachElement(':events')}`,
);
const findDecision = query(
  `SELECT arm, values_json, kept_default, decided_at, time_to_decision_ms, timing_source, process_data_status
   FROM decisions WHERE experiment_key = :experimentKey AND participant_id = :participantId`,
);
/** Whether this page of questions (the before-screen ones, or those after the screen) was answered: its first question has an answer. */
const pageAnswered = query('SELECT 1 AS found FROM questionnaire_answers WHERE experiment_key = :experimentKey AND participant_id = :participantId AND question_key = :questionKey');
const insertAnswer = query(
  `INSERT INTO questionnaire_answers (experiment_key, participant_id, question_key, answer, correct, answered_at)
   VALUES (:experimentKey, :participantId, :questionKey, :answer, :correct, :at) ON CONFLICT DO NOTHING`,
);
/** Inserts nothing for a participant who is not enrolled (erased since the page read them), rather than failing on the foreign key. */
const insertCompletion = query(
  `INSERT INTO completions (experiment_key, participant_id, completion_code, completed_at)
   SELECT p.experiment_key, p.participant_id, :code, :at
   FROM participants p WHERE p.experiment_key = :experimentKey AND p.participant_id = :participantId
   ON CONFLICT DO NOTHING`,
);
const findCompletionCode = query('SELECT completion_code FROM completions WHERE experiment_key = :experimentKey AND participant_id = :participantId');
const countByArm = query(
  (dialect) => `SELECT a.arm, count(*) AS entered, count(e.exposed_at) AS exposed, count(d.decided_at) AS decided, count(c.completed_at) AS completed
   FROM assignments a
   JOIN participants p USING (experiment_key, participant_id)
   LEFT JOIN exposures e USING (experiment_key, participant_id)
   LEFT JOIN decisions d USING (experiment_key, participant_id)
   LEFT JOIN completions c USING (experiment_key, participant_id)
   WHERE a.experiment_key = :experimentKey AND p.is_test = 0 GROUP BY a.arm ORDER BY a.arm${dialect.bytewise}`,
);
/** Only the units one API key assigned, when a read is scoped to it (`:assignedByApiKeyId`); `a` is the assignment. */
const onlyUnitsOfApiKey = (scoped: boolean) => (scoped ? ' AND a.assigned_by_api_key_id = :assignedByApiKeyId' : '');
const streamParticipantRowsQuery = (scoped: boolean) => query(
  (dialect) => `SELECT p.participant_id, p.panel_id, p.source, p.is_test, p.locale, p.user_agent_class, p.entered_at, a.arm, a.stratum, a.block_index, a.block_position,
          e.exposed_at, e.presentation_json, d.values_json, d.kept_default, d.decided_at, d.time_to_decision_ms,
          d.timing_source, d.process_data_status, c.completed_at,
          (SELECT ${dialect.jsonObjectOfRows('q.question_key', dialect.jsonObject("'answer'", 'q.answer', "'correct'", 'q.correct'))}
             FROM questionnaire_answers q WHERE q.experiment_key = p.experiment_key AND q.participant_id = p.participant_id) AS answers_json,
          (SELECT ${dialect.jsonObjectOfRows('pa.attribute_key', 'pa.value')}
             FROM participant_attributes pa WHERE pa.experiment_key = p.experiment_key AND pa.participant_id = p.participant_id) AS attributes_json,
          coalesce(${dialect.jsonField('d.process_summary_json', 'changes')}, CAST(${changesOfParticipant(dialect, 'p')} AS TEXT)) AS changes_json,
          coalesce(CAST(${dialect.jsonField('d.process_summary_json', 'panelsOpened')} AS INTEGER), ${panelsOpenedOfParticipant('p')}) AS panels_opened,
          (SELECT ${dialect.jsonArrayOfRows(dialect.jsonObject("'name'", 'ev.name', "'value'", dialect.json('ev.value_json')), 'ev.id')}
             FROM api_events ev WHERE ev.experiment_key = p.experiment_key AND ev.participant_id = p.participant_id) AS events_json,
          (SELECT ${dialect.jsonObjectOfRows('pp.parameter', 'pp.value')}
             FROM participant_panel_parameters pp WHERE pp.experiment_key = p.experiment_key AND pp.participant_id = p.participant_id) AS panel_parameters_json
   ${participantJoins}
   WHERE p.experiment_key = :experimentKey AND (p.is_test = 0 OR :includeTest = 1)${onlyUnitsOfApiKey(scoped)}
   ORDER BY p.entered_at${dialect.bytewise}, p.participant_id${dialect.bytewise}`,
);
const streamParticipantRows = { all: streamParticipantRowsQuery(false), ofApiKey: streamParticipantRowsQuery(true) };
const streamProcessEventsQuery = (scoped: boolean) => query(
  (dialect) => `SELECT pe.participant_id AS "participantId", a.arm, pe.sequence, pe.kind, pe.field, pe.value, pe.at_ms AS "atMs"
   FROM process_events pe JOIN assignments a USING (experiment_key, participant_id) JOIN participants p USING (experiment_key, participant_id)
   WHERE pe.experiment_key = :experimentKey AND p.is_test = 0${onlyUnitsOfApiKey(scoped)} ORDER BY pe.participant_id${dialect.bytewise}, pe.sequence`,
);
const streamProcessEvents = { all: streamProcessEventsQuery(false), ofApiKey: streamProcessEventsQuery(true) };
const listDecisionTimes = query(
  `SELECT d.arm, d.time_to_decision_ms AS "timeToDecisionMs" FROM decisions d JOIN participants p USING (experiment_key, participant_id)
   WHERE d.experiment_key = :experimentKey AND p.is_test = 0`,
);
const countParticipantsAwaitingArm = query(
  `SELECT count(*) AS n FROM participants p WHERE p.experiment_key = :experimentKey AND p.is_test = 0
   AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.experiment_key = p.experiment_key AND a.participant_id = p.participant_id)`,
);
const countTestParticipants = query('SELECT count(*) AS n FROM participants WHERE experiment_key = :experimentKey AND is_test = 1');
/** Foreign keys cascade to every table of a participant's data. */
const deleteTestParticipants = query('DELETE FROM participants WHERE experiment_key = :experimentKey AND is_test = 1');

/**
 * Enrols in one transaction: the participant, a block position when the arm is
 * drawn from permuted blocks, and the assignment. Returns the new participant's
 * record as stored (so that entry needs no second read), or undefined when
 * the participant was enrolled already.
 */
function* enrol(participant: NewParticipant): UnitOfWork<ParticipantRecord | undefined> {
  const { arm: draw, source = 'panel', isTest = false, at, assignedByApiKeyId = null, attributes = {}, exposure, consentPageHash = null, ...participantColumns } = participant;
  const parameters = { ...participantColumns, source, isTest: isTest ? 1 : 0, at: at.toISOString(), assignedByApiKeyId, consentPageHash };
  // An enrolled participant (a repeat entry, or a concurrent one that committed first) inserts nothing: sticky, and no position taken.
  if ((yield* run(insertParticipant, parameters)) === 0) return undefined;
  const attributeRows = Object.entries(attributes).map(([key, value]) => ({ key, value }));
  if (attributeRows.length > 0) {
    yield* run(insertAttributes, { experimentKey: participant.experimentKey, participantId: participant.participantId, attributes: JSON.stringify(attributeRows) });
  }
  /** The record as stored, with the exposure when enrolment is also the exposure (a lender unit's). */
  function* enrolled(arm: string | null, block: BlockPosition | null): UnitOfWork<ParticipantRecord> {
    const presentation = exposure && arm !== null ? exposure(arm) : null;
    if (presentation) {
      yield* run(insertExposure, {
        experimentKey: participant.experimentKey,
        participantId: participant.participantId,
        definitionHash: participant.definitionHash,
        presentationJson: JSON.stringify(presentation),
        at: parameters.at,
      });
    }
    return {
      experimentKey: participant.experimentKey,
      participantId: participant.participantId,
      panelId: participant.panelId,
      source,
      locale: participant.locale,
      enteredAt: new Date(parameters.at),
      arm,
      block,
      assignedByApiKeyId,
      exposedAt: presentation ? new Date(parameters.at) : null,
      presentation: presentation as Record<string, unknown> | null,
      decision: null,
      answeredAt: null,
      answeredQuestionKeys: [],
      completion: null,
    };
  }
  if (draw === null) return yield* enrolled(null, null);
  const { arm, block } = yield* assign(participant.experimentKey, participant.participantId, { arm: draw, definitionHash: participant.definitionHash }, parameters.at, { assignedByApiKeyId, isTest });
  return yield* enrolled(arm, block);
}

/**
 * The block sequence a participant takes the next position of: their
 * stratum's, or for test traffic a sequence of its own per stratum, so that
 * test participants (left out of every result, and purged) never take a real
 * participant's place in a block.
 */
const blockSequenceOf = (stratum: string, isTest: boolean): string => (isTest ? `test:${stratum}` : stratum);

/**
 * Stores a participant's assignment: a hashed arm as given, or the next free
 * position of the stratum's current block (whose arm the draw says); test
 * traffic fills blocks of its own. The caller makes sure the participant has
 * no assignment yet.
 */
function* assign(
  experimentKey: string,
  participantId: string,
  { arm: draw, definitionHash }: NewAssignment,
  at: string,
  { assignedByApiKeyId = null, isTest }: { assignedByApiKeyId?: string | null; isTest: boolean },
): UnitOfWork<{ arm: string; block: BlockPosition | null }> {
  const parameters = { experimentKey, participantId, definitionHash, at, assignedByApiKeyId };
  if (typeof draw === 'string') {
    yield* run(insertAssignment, { ...parameters, arm: draw, stratum: null, blockIndex: null, blockPosition: null });
    return { arm: draw, block: null };
  }
  const taken = (yield* get<{ taken: number }>(takeBlockPosition, { experimentKey, stratum: blockSequenceOf(draw.stratum, isTest) }))!.taken - 1;
  const blockIndex = Math.floor(taken / draw.blockSize);
  const blockPosition = taken % draw.blockSize;
  const arm = draw.armAt(blockIndex, blockPosition);
  yield* run(insertAssignment, { ...parameters, arm, stratum: draw.stratum, blockIndex, blockPosition });
  return { arm, block: { stratum: draw.stratum, blockIndex, position: blockPosition } };
}

/** Assigns a participant enrolled without an arm, once: under the participant's lock, one who has an arm already (a concurrent request committed first) takes nothing. */
function* assignOnce(experimentKey: string, participantId: string, assignment: NewAssignment, at: string): UnitOfWork<void> {
  if ((yield* run(lockParticipant, { experimentKey, participantId })) === 0) throw new UnknownParticipantError(experimentKey, participantId);
  if (yield* get(findAssignment, { experimentKey, participantId })) return;
  const { isTest } = (yield* get<{ isTest: number | boolean }>(findIsTest, { experimentKey, participantId }))!;
  yield* assign(experimentKey, participantId, assignment, at, { isTest: Boolean(isTest) });
}

/** Stores a decision and, if it is new, its process events; returns whether it was new. */
function* storeDecision(decision: NewDecision): UnitOfWork<boolean> {
  const created = yield* run(insertDecision, {
    experimentKey: decision.experimentKey,
    participantId: decision.participantId,
    valuesJson: JSON.stringify(decision.values),
    keptDefault: decision.keptDefault,
    at: decision.at.toISOString(),
    timeToDecisionMs: decision.timeToDecisionMs,
    timingSource: decision.timingSource,
    processDataStatus: decision.processData.status,
    processSummaryJson: decision.processData.status === 'recorded' ? JSON.stringify(processSummary(decision.processData.events)) : null,
  });
  if (created === 0) return false;
  if (decision.processData.status === 'recorded' && decision.processData.events.length > 0) {
    const events = decision.processData.events.map((event, sequence) => ({ sequence, ...event }));
    yield* run(insertProcessEvents, { experimentKey: decision.experimentKey, participantId: decision.participantId, events: JSON.stringify(events) });
  }
  return true;
}

/** Stores every answer of one page or none: a participant who has answered it before (or is answering on another instance right now) stores nothing. */
function* storeAnswers(experimentKey: string, participantId: string, answers: readonly NewAnswer[], at: string): UnitOfWork<boolean> {
  if (answers.length === 0 || (yield* get(pageAnswered, { experimentKey, participantId, questionKey: answers[0]!.questionKey }))) return false;
  for (const [index, answer] of answers.entries()) {
    const inserted = yield* run(insertAnswer, { experimentKey, participantId, ...answer, at });
    // A concurrent request (PostgreSQL) waits on the first one's rows and finds its first answer taken.
    if (inserted === 0 && index === 0) return false;
    if (inserted === 0) throw new Error(`answers of ${participantId} were stored half by another request`);
  }
  return true;
}

/**
 * The participation module of the store, over either engine.
 *
 * @example
 * const participation = participationStore(openSqliteDatabase(':memory:'));
 * await participation.enrolParticipant({ experimentKey: 'loan-anchor', participantId: 'p1', arm: 'control', … });
 * await participation.enrolNewParticipant({ experimentKey: 'loan-anchor', participantId: 'p1', … }); // => undefined: p1 is taken
 */
export function participationStore(database: SqlDatabase): ParticipationStore {
  const find = async (experimentKey: string, participantId: string) => {
    const row = await database.get(findParticipant, { experimentKey, participantId });
    return row && toParticipantRecord(row);
  };
  const enrolNew = (participant: NewParticipant) => database.transaction(() => enrol(participant));

  return {
    async recordConsentDecline(experimentKey, at) {
      await database.run(insertDecline, { experimentKey, at: at.toISOString() });
    },
    async enrolParticipant(participant) {
      const created = await enrolNew(participant);
      if (created) return created;
      const stored = await find(participant.experimentKey, participant.participantId);
      if (!stored) throw new Error(`participant ${participant.participantId} was not stored`);
      return stored;
    },
    enrolNewParticipant: enrolNew,
    findParticipant: find,
    async recordExposure(experimentKey, participantId, definitionHash, presentation, at) {
      const parameters = { experimentKey, participantId, definitionHash, presentationJson: JSON.stringify(presentation), at: at.toISOString() };
      if ((await database.run(insertExposure, parameters)) === 1) return true;
      // Exposed before (a reload), or erased since the page read them.
      if (!(await find(experimentKey, participantId))) throw new UnknownParticipantError(experimentKey, participantId);
      return false;
    },
    async recordDecision(decision) {
      const created = await database.transaction(() => storeDecision(decision));
      const stored = await database.get(findDecision, { experimentKey: decision.experimentKey, participantId: decision.participantId });
      if (!stored) throw new UnknownParticipantError(decision.experimentKey, decision.participantId);
      return { decision: toDecision(stored), created };
    },
    async recordAnswers(experimentKey, participantId, answers, at, assignment) {
      return database.transaction(function* () {
        // Someone erased since the page read them stores nothing (rather than failing on a foreign key).
        if ((yield* run(lockParticipant, { experimentKey, participantId })) === 0) throw new UnknownParticipantError(experimentKey, participantId);
        const stored = yield* storeAnswers(experimentKey, participantId, answers, at.toISOString());
        if (assignment) yield* assignOnce(experimentKey, participantId, assignment, at.toISOString());
        return stored;
      });
    },
    async recordCompletion(experimentKey, participantId, code, at) {
      await database.run(insertCompletion, { experimentKey, participantId, code, at: at.toISOString() });
      const stored = await database.get<{ completion_code: string }>(findCompletionCode, { experimentKey, participantId });
      if (!stored) throw new UnknownParticipantError(experimentKey, participantId);
      return stored.completion_code;
    },
    async countByArm(experimentKey) {
      return database.all<ArmCount & Record<string, unknown>>(countByArm, { experimentKey });
    },
    async countParticipantsAwaitingArm(experimentKey) {
      return Number((await database.get<{ n: number | string }>(countParticipantsAwaitingArm, { experimentKey }))!.n);
    },
    async countTestParticipants(experimentKey) {
      return Number((await database.get<{ n: number | string }>(countTestParticipants, { experimentKey }))!.n);
    },
    async deleteTestParticipants(experimentKey) {
      return database.run(deleteTestParticipants, { experimentKey });
    },
    async *streamParticipantRows(experimentKey, { assignedByApiKeyId, includeTest = false } = {}) {
      const parameters = { experimentKey, includeTest: includeTest ? 1 : 0 };
      const rows =
        assignedByApiKeyId === undefined
          ? database.stream(streamParticipantRows.all, parameters)
          : database.stream(streamParticipantRows.ofApiKey, { ...parameters, assignedByApiKeyId });
      for await (const row of rows) yield toParticipantDataRow(row);
    },
    async *streamProcessEvents(experimentKey, scope) {
      const query = scope ? streamProcessEvents.ofApiKey : streamProcessEvents.all;
      yield* database.stream<ProcessEvent & { participantId: string; arm: string; sequence: number }>(query, { experimentKey, ...scope });
    },
    async listDecisionTimes(experimentKey) {
      return database.all<{ arm: string; timeToDecisionMs: number | null }>(listDecisionTimes, { experimentKey });
    },
  };
}
