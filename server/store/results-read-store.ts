import { query, type Query, type SqlDatabase } from './sql-database';
import type { SqlDialect } from './sql-dialect';
import type { ArmCount } from './store';
import { changesOfParticipant } from './participation-store';

/**
 * What the decision read must bring besides the decision itself, as the
 * definition asks for it: each costs a lookup per participant, so a read
 * carries only what the outcomes, exclusions and models use.
 */
export interface DecisionReadNeeds {
  /** Whether the participant completed (the `did-not-complete` exclusion). */
  completion: boolean;
  /** Attention-check questions whose wrong answers are counted (the `failed-attention-check` exclusion). */
  attentionCheckKeys: readonly string[];
  /** Changes per field from the process data (outcomes derived from `changes`). */
  changes: boolean;
  /** Names of the lender's events of the unit that are read (outcomes derived from `event`). */
  eventNames: readonly string[];
  /** Before-screen answers read as covariates or moderators. */
  pretreatmentQuestionKeys: readonly string[];
  /** Lender attributes read as covariates or moderators. */
  attributeKeys: readonly string[];
}

/** One real (not test) participant's decision with what the needs asked for; fields not asked for are null. */
export interface DecisionFacts {
  arm: string;
  values_json: string;
  time_to_decision_ms: number | null;
  timing_source: 'client' | 'server' | null;
  process_data_status: 'recorded' | 'missing';
  /** 1 when the participant completed, else 0; null when not asked for. */
  completed: number | null;
  /** 1 when any asked-for attention check was answered wrongly, else 0; null when not asked for. */
  failed_attention_checks: number | null;
  /**
   * The decision's process summary as JSON text, `{ "changes": { field: changes }, … }`, as stored with the
   * decision (or counted from its events for one stored without); null when not asked for or the process data
   * is missing. Handed over as stored rather than its `changes` taken out by the database: extracting it cost
   * about 0.3 s per million decisions, while the summaries take few distinct forms, each parsed once.
   */
  process_summary_json: string | null;
  events_json: string | null;
  /** `{ key: answer }` of the asked-for before-screen answers, as JSON text. */
  answers_json: string | null;
  /** `{ key: value }` of the asked-for lender attributes, as JSON text. */
  attributes_json: string | null;
}

/** A place in entry order: a participant's entry time and id (entry order sorts by both, bytewise). */
export interface EntryKey {
  enteredAt: string;
  participantId: string;
}

/** A stretch of the decisions in entry order: from `from` (included) to `before` (excluded); an end left out is open. */
export interface EntryRange {
  from?: EntryKey;
  before?: EntryKey;
}

/** Real participants assigned per arm and UTC day (the day of their assignment, which is the day they entered unless assignment waited for a before-screen answer). */
export interface EnrolmentDayCount {
  arm: string;
  day: string;
  entered: number;
}

/** The results' reads: aggregates the database computes and one lean pass over the decisions. */
export interface ResultsReadStore {
  /**
   * Real participants per arm and UTC day of assignment, counted by the
   * database off the index on (experiment, arm, day), so a million
   * participants come back as a few rows per day without a join; the few
   * test participants are counted apart and taken off.
   */
  countEnrolmentByArmAndDay(experimentKey: string): Promise<EnrolmentDayCount[]>;
  /**
   * Real participants per arm at each step, as `countByArm` gives them, but
   * from one grouped count per table (each on an index, the test traffic
   * counted apart and taken off) rather than a join of every table per row.
   */
  countStepsByArm(experimentKey: string): Promise<ArmCount[]>;
  /**
   * Real participants per arm who saw the screen and who completed, counted
   * as `countStepsByArm` counts them: for the results, which have the
   * entered per arm from the enrolment counts and the decided from their
   * own pass over the decisions, so that each index is read once.
   */
  countExposedAndCompletedByArm(experimentKey: string): Promise<Map<string, { exposed: number; completed: number }>>;
  /**
   * Per arm: decisions of real participants, those with a time to decide, and
   * the median time to decide in milliseconds (null without any), read off
   * the index on (experiment, arm, time) rather than from every decision.
   */
  summariseDecisionTimes(experimentKey: string): Promise<{ arm: string; decided: number; timed: number; medianMs: number | null }[]>;
  /**
   * Every real participant's decision with only what `needs` asks for, in
   * entry order (as the export), a batch of a few hundred at a time (flat
   * memory, and no await per decision); only those of `range` when given.
   */
  streamDecisionFacts(experimentKey: string, needs: DecisionReadNeeds, range?: EntryRange): AsyncIterable<DecisionFacts[]>;
  /**
   * Where the real decision at `position` (0-based) in entry order stands,
   * counted from the first or, when given, from the decision at `from`; read
   * off the entry-order index; null past the last one. Splits the decision
   * read into stretches that can be read side by side (each key found from
   * the one before walks the index once in all).
   */
  findDecisionEntryKey(experimentKey: string, position: number, from?: EntryKey): Promise<EntryKey | null>;
  /**
   * The SQLite file these reads come from, for a worker thread that reads a
   * stretch of the decisions through a connection of its own; null for
   * PostgreSQL (whose server does the reading) and an in-memory database.
   */
  sqliteFile(): string | null;
  /**
   * A token that changes whenever anything is written to the database, for
   * caching what was computed from it; null when the engine cannot say
   * cheaply (PostgreSQL, where other instances write too): then nothing is
   * cached. SQLite: the changes made through this connection
   * (`total_changes()`) with `data_version`, which moves when another process
   * (a CLI command) commits to the file.
   */
  dataVersion(): Promise<string | null>;
  /** The permuted-block place of every real participant (arm, stratum, block), for the block balance check. */
  listBlockAssignments(experimentKey: string): Promise<{ arm: string; stratum: string | null; blockIndex: number | null }[]>;
}

const countEnrolment = query(
  (dialect) => `SELECT arm, substr(assigned_at, 1, 10) AS day, count(*) AS entered FROM assignments
   WHERE experiment_key = :experimentKey GROUP BY arm, substr(assigned_at, 1, 10) ORDER BY arm${dialect.bytewise}, day`,
);
/** Test participants per arm and day: found through the is_test index (CROSS JOIN keeps SQLite from starting at every assignment instead). */
const countTestEnrolment = query(
  `SELECT a.arm, substr(a.assigned_at, 1, 10) AS day, count(*) AS entered FROM participants p CROSS JOIN assignments a
   WHERE p.experiment_key = :experimentKey AND p.is_test = 1 AND a.experiment_key = p.experiment_key AND a.participant_id = p.participant_id
   GROUP BY a.arm, substr(a.assigned_at, 1, 10)`,
);

/**
 * Grouped counts per table; each reads one index. Exposures (nearly everyone)
 * carry their participant's arm (migration 16) and are counted off their
 * index by arm; completions from the
 * completions themselves with the arm looked up (CROSS JOIN fixes that order
 * for SQLite, which has no statistics to choose it).
 */
const countAssigned = query('SELECT arm, count(*) AS n FROM assignments WHERE experiment_key = :experimentKey GROUP BY arm');
const countExposed = query('SELECT arm, count(*) AS n FROM exposures WHERE experiment_key = :experimentKey AND arm IS NOT NULL GROUP BY arm');
const countDecided = query('SELECT arm, count(*) AS n, count(time_to_decision_ms) AS timed FROM decisions WHERE experiment_key = :experimentKey GROUP BY arm');
const countCompleted = query(
  `SELECT a.arm, count(*) AS n FROM completions c CROSS JOIN assignments a
   WHERE c.experiment_key = :experimentKey AND a.experiment_key = c.experiment_key AND a.participant_id = c.participant_id GROUP BY a.arm`,
);
/**
 * The same counts for test participants only, found through the is_test
 * index: few, so cheap — provided the participants are read first (CROSS
 * JOIN; without statistics SQLite would walk every assignment of the
 * experiment to find them).
 */
const countTestSteps = query(
  `SELECT a.arm, count(*) AS entered, count(e.exposed_at) AS exposed, count(d.decided_at) AS decided, count(d.time_to_decision_ms) AS timed, count(c.completed_at) AS completed
   FROM participants p
   CROSS JOIN assignments a
   LEFT JOIN exposures e ON e.experiment_key = p.experiment_key AND e.participant_id = p.participant_id
   LEFT JOIN decisions d ON d.experiment_key = p.experiment_key AND d.participant_id = p.participant_id
   LEFT JOIN completions c ON c.experiment_key = p.experiment_key AND c.participant_id = p.participant_id
   WHERE p.experiment_key = :experimentKey AND p.is_test = 1 AND a.experiment_key = p.experiment_key AND a.participant_id = p.participant_id
   GROUP BY a.arm`,
);
/** The middle one or two times of an arm, walking the (experiment, arm, time) index to the middle. */
const middleDecisionTimes = query(
  `SELECT time_to_decision_ms AS ms FROM decisions
   WHERE experiment_key = :experimentKey AND arm = :arm AND time_to_decision_ms IS NOT NULL
   ORDER BY time_to_decision_ms LIMIT :take OFFSET :skip`,
);
const realDecisionTimesOfArm = query(
  `SELECT time_to_decision_ms AS ms FROM decisions
   WHERE experiment_key = :experimentKey AND arm = :arm AND is_test = 0 AND time_to_decision_ms IS NOT NULL
   ORDER BY time_to_decision_ms`,
);
const listBlockAssignments = query(
  `SELECT a.arm, a.stratum, a.block_index AS "blockIndex" FROM assignments a JOIN participants p USING (experiment_key, participant_id)
   WHERE a.experiment_key = :experimentKey AND p.is_test = 0`,
);

/**
 * The yes/no sub-reads of the decision read: each, when its needs ask for
 * it, adds its bit to the decision's packed facts (see packedFacts) rather
 * than a column of its own.
 */
const flagReads = {
  completed: () => `EXISTS (SELECT 1 FROM completions c WHERE c.experiment_key = d.experiment_key AND c.participant_id = d.participant_id)`,
  failed_attention_checks: (dialect: SqlDialect) => `EXISTS (SELECT 1 FROM questionnaire_answers q
       WHERE q.experiment_key = d.experiment_key AND q.participant_id = d.participant_id AND q.correct = 0
         AND q.question_key IN (SELECT item.value ->> 'key' FROM ${dialect.eachElement(':attentionCheckKeys')}))`,
} as const;
type FlagRead = keyof typeof flagReads;

/** The sub-reads of the decision read, each a column after the decision's own; a read selects only those its needs ask for. */
const subReads = {
  process_summary_json: (dialect: SqlDialect) => `CASE WHEN d.process_data_status = 'recorded'
       THEN coalesce(d.process_summary_json, CAST(${dialect.jsonObject("'changes'", dialect.json(`coalesce(${changesOfParticipant(dialect, 'd')}, '{}')`))} AS TEXT)) END`,
  events_json: (dialect: SqlDialect) => `(SELECT ${dialect.jsonArrayOfRows(dialect.jsonObject("'name'", 'ev.name', "'value'", dialect.json('ev.value_json')), 'ev.id')}
       FROM api_events ev WHERE ev.experiment_key = d.experiment_key AND ev.participant_id = d.participant_id
         AND ev.name IN (SELECT item.value ->> 'key' FROM ${dialect.eachElement(':eventNames')}))`,
  answers_json: (dialect: SqlDialect) => `(SELECT ${dialect.jsonObjectOfRows('q.question_key', 'q.answer')} FROM questionnaire_answers q
       WHERE q.experiment_key = d.experiment_key AND q.participant_id = d.participant_id
         AND q.question_key IN (SELECT item.value ->> 'key' FROM ${dialect.eachElement(':questionKeys')}))`,
  attributes_json: (dialect: SqlDialect) => `(SELECT ${dialect.jsonObjectOfRows('pa.attribute_key', 'pa.value')} FROM participant_attributes pa
       WHERE pa.experiment_key = d.experiment_key AND pa.participant_id = d.participant_id
         AND pa.attribute_key IN (SELECT item.value ->> 'key' FROM ${dialect.eachElement(':attributeKeys')}))`,
} as const;
type SubRead = keyof typeof subReads;

/**
 * A decision's small facts packed into one number, so that a row hands the
 * driver one value instead of four (each value handed over costs about 0.1 s
 * per million rows: iterating 8 values a row over 1,000,000 decisions took
 * 1.92–2.03 s, 5 values 1.67–1.69 s): timing source (0 none,
 * 1 client, 2 server) + 3 × recorded process data + 6 × completed + 12 ×
 * failed an attention check, the last two only when asked for (else 0).
 */
function packedFacts(dialect: SqlDialect, flags: readonly FlagRead[]): string {
  const bit = (condition: string, weight: number) => ` + CASE WHEN ${condition} THEN ${weight} ELSE 0 END`;
  return `(CASE d.timing_source WHEN 'client' THEN 1 WHEN 'server' THEN 2 ELSE 0 END)${bit(`d.process_data_status = 'recorded'`, 3)}${flags
    .map((flag) => bit(flagReads[flag](dialect), flag === 'completed' ? 6 : 12))
    .join('')}`;
}
const timingSources = [null, 'client', 'server'] as const;

/** The decision's own columns, read first, in this order; then its packed facts, then the sub-reads. */
const decisionColumns = ['arm', 'values_json', 'time_to_decision_ms'] as const;

/**
 * Whether anyone in the experiment answered one of these attention checks
 * wrongly (test traffic too: it only makes the read ask per decision), off
 * the index of wrong answers (migration 17). When nobody did, the decision
 * read leaves out its per-decision look-up, which cost about 0.2 s per
 * million decisions even with no answer stored.
 */
const anyWrongAttentionAnswer = query(
  (dialect) => `SELECT 1 AS found FROM questionnaire_answers q
   WHERE q.experiment_key = :experimentKey AND q.correct = 0
     AND q.question_key IN (SELECT item.value ->> 'key' FROM ${dialect.eachElement(':attentionCheckKeys')})
   LIMIT 1`,
);

/** The yes/no reads one set of needs asks for, in a fixed order. */
function wantedFlagReads(needs: DecisionReadNeeds): FlagRead[] {
  return (['completed', 'failed_attention_checks'] as const).filter((flag) => (flag === 'completed' ? needs.completion : needs.attentionCheckKeys.length > 0));
}

/** The sub-reads one set of needs asks for, in a fixed order. */
function wantedSubReads(needs: DecisionReadNeeds): SubRead[] {
  const wanted: Record<SubRead, boolean> = {
    process_summary_json: needs.changes,
    events_json: needs.eventNames.length > 0,
    answers_json: needs.pretreatmentQuestionKeys.length > 0,
    attributes_json: needs.attributeKeys.length > 0,
  };
  return (Object.keys(subReads) as SubRead[]).filter((name) => wanted[name]);
}

/** The decision read per combination of flags, sub-reads and range ends (at most 4 × 16 × 4 texts, each prepared once). */
const decisionFactsQueries = new Map<string, Query>();

/**
 * The decision read, written once: the decision's own columns and only the
 * sub-reads the needs ask for (each costs a look-up per decision, and every
 * column read costs a little per row at a million rows); the keys a sub-read
 * reads come as JSON parameters (`[{ "key": … }]`), never spliced into the
 * text. Entry order, as the export's rows, so that sums run in the same order
 * as over the exported CSV. The decisions alone (migration 15): each carries
 * its participant's entry time and test mark, so the index on (experiment,
 * is_test, entered_at, participant_id) gives the real ones in that order
 * without a join, and its changes per field come from its process summary
 * (counted from the events only for a decision stored without one).
 */
function decisionFactsQuery(flagNames: readonly FlagRead[], subReadNames: readonly SubRead[], range: EntryRange): Query {
  const name = `${flagNames.join(',')}|${subReadNames.join(',')}|${range.from ? 'from' : ''}|${range.before ? 'before' : ''}`;
  let found = decisionFactsQueries.get(name);
  if (!found) {
    found = query((dialect) => {
      const entry = `(d.entered_at${dialect.bytewise}, d.participant_id${dialect.bytewise})`;
      // Fixed conditions with placeholders: where the range begins and ends in entry order.
      const rangeConditions = [range.from ? ` AND ${entry} >= (:fromEnteredAt, :fromParticipantId)` : '', range.before ? ` AND ${entry} < (:beforeEnteredAt, :beforeParticipantId)` : ''].join('');
      const columns = [...decisionColumns.map((column) => `d.${column}`), packedFacts(dialect, flagNames), ...subReadNames.map((subRead) => subReads[subRead](dialect))];
      const columnList = columns.join(',\n     ');
      return `SELECT ${columnList}
   FROM decisions d
   WHERE d.experiment_key = :experimentKey AND d.is_test = 0${rangeConditions}
   ORDER BY d.entered_at${dialect.bytewise}, d.participant_id${dialect.bytewise}`;
    });
    decisionFactsQueries.set(name, found);
  }
  return found;
}

/** A list of keys as the JSON parameter the reads expand (`[{ "key": … }]`), never spliced into a query's text. */
const keysParameter = (list: readonly string[]) => JSON.stringify(list.map((key) => ({ key })));

/** The decision read's parameters for one set of needs: only those its text uses (PostgreSQL numbers its placeholders). */
function decisionFactsParameters(experimentKey: string, needs: DecisionReadNeeds, flagNames: readonly FlagRead[], subReadNames: readonly SubRead[], range: EntryRange) {
  const parameters: Record<string, string> = { experimentKey };
  if (range.from) Object.assign(parameters, { fromEnteredAt: range.from.enteredAt, fromParticipantId: range.from.participantId });
  if (range.before) Object.assign(parameters, { beforeEnteredAt: range.before.enteredAt, beforeParticipantId: range.before.participantId });
  if (flagNames.includes('failed_attention_checks')) parameters.attentionCheckKeys = keysParameter(needs.attentionCheckKeys);
  if (subReadNames.includes('events_json')) parameters.eventNames = keysParameter(needs.eventNames);
  if (subReadNames.includes('answers_json')) parameters.questionKeys = keysParameter(needs.pretreatmentQuestionKeys);
  if (subReadNames.includes('attributes_json')) parameters.attributeKeys = keysParameter(needs.attributeKeys);
  return parameters;
}

/** The entry key of the real decision at a position in entry order (from the first, or from a given key), walking the entry-order index. */
const decisionEntryKeyAt = query(
  (dialect) => `SELECT entered_at AS "enteredAt", participant_id AS "participantId" FROM decisions
   WHERE experiment_key = :experimentKey AND is_test = 0
   ORDER BY entered_at${dialect.bytewise}, participant_id${dialect.bytewise} LIMIT 1 OFFSET :position`,
);
const decisionEntryKeyAfter = query(
  (dialect) => `SELECT entered_at AS "enteredAt", participant_id AS "participantId" FROM decisions
   WHERE experiment_key = :experimentKey AND is_test = 0
     AND (entered_at${dialect.bytewise}, participant_id${dialect.bytewise}) >= (:fromEnteredAt, :fromParticipantId)
   ORDER BY entered_at${dialect.bytewise}, participant_id${dialect.bytewise} LIMIT 1 OFFSET :position`,
);

const rows = (value: unknown) => Number(value);
/** A step's count among the test participants of an arm (rows of countTestSteps), 0 when none. */
const testStepsOf = (tests: readonly Record<string, string | number>[]) => (arm: string, step: string) => rows(tests.find((row) => row.arm === arm)?.[step] ?? 0);
const sqliteDataVersion = query(`SELECT total_changes() || ':' || (SELECT data_version FROM pragma_data_version) AS version`);

/**
 * The results' reads over either engine.
 *
 * @example
 * const reads = resultsReadStore(openSqliteDatabase(':memory:'));
 * await reads.countStepsByArm('loan-anchor'); // => [{ arm: 'control', entered: 0, … }] once someone entered
 */
export function resultsReadStore(database: SqlDatabase): ResultsReadStore {
  const countsOf = async (counting: Query, experimentKey: string) =>
    new Map((await database.all<{ arm: string; n: number | string }>(counting, { experimentKey })).map((row) => [row.arm, rows(row.n)]));
  /** The exposed and the completed per arm, the test participants (`tests`, rows of countTestSteps) taken off. */
  const exposedAndCompletedOf = async (experimentKey: string, tests: Promise<Record<string, string | number>[]>) => {
    const [exposed, completed, testRows] = await Promise.all([countsOf(countExposed, experimentKey), countsOf(countCompleted, experimentKey), tests]);
    const testOf = testStepsOf(testRows);
    return new Map(
      [...new Set([...exposed.keys(), ...completed.keys()])].map((arm) => [
        arm,
        { exposed: (exposed.get(arm) ?? 0) - testOf(arm, 'exposed'), completed: (completed.get(arm) ?? 0) - testOf(arm, 'completed') },
      ]),
    );
  };

  return {
    async countEnrolmentByArmAndDay(experimentKey) {
      const [found, tests] = await Promise.all([
        database.all<EnrolmentDayCount>(countEnrolment, { experimentKey }),
        database.all<EnrolmentDayCount>(countTestEnrolment, { experimentKey }),
      ]);
      const testsOf = new Map(tests.map((row) => [`${row.arm}\n${row.day}`, rows(row.entered)]));
      return found
        .map((row) => ({ arm: row.arm, day: row.day, entered: rows(row.entered) - (testsOf.get(`${row.arm}\n${row.day}`) ?? 0) }))
        .filter((row) => row.entered > 0);
    },
    async countStepsByArm(experimentKey) {
      const tests = database.all<Record<string, string | number>>(countTestSteps, { experimentKey });
      const [assigned, decided, later, testRows] = await Promise.all([
        countsOf(countAssigned, experimentKey),
        countsOf(countDecided, experimentKey),
        exposedAndCompletedOf(experimentKey, tests),
        tests,
      ]);
      const testOf = testStepsOf(testRows);
      return [...assigned.keys()]
        .sort()
        .map((arm) => ({
          arm,
          entered: assigned.get(arm)! - testOf(arm, 'entered'),
          exposed: later.get(arm)?.exposed ?? 0,
          decided: (decided.get(arm) ?? 0) - testOf(arm, 'decided'),
          completed: later.get(arm)?.completed ?? 0,
        }))
        .filter((count) => count.entered > 0);
    },
    countExposedAndCompletedByArm(experimentKey) {
      return exposedAndCompletedOf(experimentKey, database.all<Record<string, string | number>>(countTestSteps, { experimentKey }));
    },
    async summariseDecisionTimes(experimentKey) {
      const [decided, tests] = await Promise.all([
        database.all<{ arm: string; n: number | string; timed: number | string }>(countDecided, { experimentKey }),
        database.all<Record<string, string | number>>(countTestSteps, { experimentKey }),
      ]);
      return Promise.all(
        decided.map(async (row) => {
          const test = tests.find((candidate) => candidate.arm === row.arm);
          const testDecided = rows(test?.decided ?? 0);
          const testTimed = rows(test?.timed ?? 0);
          const timed = rows(row.timed) - testTimed;
          let medianMs: number | null = null;
          if (timed > 0 && testTimed === 0) {
            // No test decision among them: the middle of the index is the middle of the real ones.
            const middle = await database.all<{ ms: number }>(middleDecisionTimes, { experimentKey, arm: row.arm, take: 2 - (timed % 2), skip: Math.floor((timed - 1) / 2) });
            medianMs = middle.reduce((sum, each) => sum + Number(each.ms), 0) / middle.length;
          } else if (timed > 0) {
            const times = await database.all<{ ms: number }>(realDecisionTimesOfArm, { experimentKey, arm: row.arm });
            const low = times[Math.floor((times.length - 1) / 2)]!;
            const high = times[Math.ceil((times.length - 1) / 2)]!;
            medianMs = (Number(low.ms) + Number(high.ms)) / 2;
          }
          return { arm: row.arm, decided: rows(row.n) - testDecided, timed, medianMs };
        }),
      );
    },
    async findDecisionEntryKey(experimentKey, position, from) {
      const found = from
        ? await database.get<EntryKey>(decisionEntryKeyAfter, { experimentKey, position, fromEnteredAt: from.enteredAt, fromParticipantId: from.participantId })
        : await database.get<EntryKey>(decisionEntryKeyAt, { experimentKey, position });
      return found ? { enteredAt: found.enteredAt, participantId: found.participantId } : null;
    },
    sqliteFile() {
      return database.file;
    },
    async *streamDecisionFacts(experimentKey, needs, range = {}) {
      const anyFailed =
        needs.attentionCheckKeys.length > 0 &&
        (await database.get(anyWrongAttentionAnswer, { experimentKey, attentionCheckKeys: keysParameter(needs.attentionCheckKeys) })) !== undefined;
      // Nobody failed: every decision's flag is 0 without asking per decision.
      const flagNames = wantedFlagReads(needs).filter((flag) => flag !== 'failed_attention_checks' || anyFailed);
      const subReadNames = wantedSubReads(needs);
      const completion = flagNames.includes('completed');
      const attentionChecks = needs.attentionCheckKeys.length > 0;
      // Where each sub-read sits in the row (after the decision's own columns and the packed facts), or -1 when not read.
      const at = (name: SubRead) => (subReadNames.includes(name) ? decisionColumns.length + 1 + subReadNames.indexOf(name) : -1);
      const [summary, events, answers, attributes] = (Object.keys(subReads) as SubRead[]).map(at) as [number, number, number, number];
      const orNull = (row: unknown[], index: number) => (index < 0 ? null : (row[index] ?? null));
      const query = decisionFactsQuery(flagNames, subReadNames, range);
      for await (const batch of database.streamArrays(query, decisionFactsParameters(experimentKey, needs, flagNames, subReadNames, range))) {
        yield batch.map((row) => {
          const facts = Number(row[3]);
          return {
            arm: row[0] as string,
            values_json: row[1] as string,
            time_to_decision_ms: row[2] as number | null,
            timing_source: timingSources[facts % 3]!,
            process_data_status: Math.floor(facts / 3) % 2 === 1 ? 'recorded' : 'missing',
            completed: completion ? Math.floor(facts / 6) % 2 : null,
            failed_attention_checks: attentionChecks ? Math.floor(facts / 12) % 2 : null,
            process_summary_json: orNull(row, summary) as string | null,
            events_json: orNull(row, events) as string | null,
            answers_json: orNull(row, answers) as string | null,
            attributes_json: orNull(row, attributes) as string | null,
          };
        });
      }
    },
    async dataVersion() {
      if (database.dialect.name !== 'sqlite') return null;
      return (await database.get<{ version: string }>(sqliteDataVersion))!.version;
    },
    async listBlockAssignments(experimentKey) {
      return database.all(listBlockAssignments, { experimentKey });
    },
  };
}
