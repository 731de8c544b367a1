import { query, type Query, type SqlDatabase } from './sql-database';
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
  participant_id: string;
  arm: string;
  values_json: string;
  kept_default: number | null;
  time_to_decision_ms: number | null;
  timing_source: 'client' | 'server' | null;
  process_data_status: 'recorded' | 'missing' | null;
  completed: number | null;
  failed_attention_checks: number | null;
  /** `{ field: changes }` as JSON text; null when not asked for or the process data is missing (on PostgreSQL also when there were none). */
  changes_json: string | null;
  events_json: string | null;
  /** `{ key: answer }` of the asked-for before-screen answers, as JSON text. */
  answers_json: string | null;
  /** `{ key: value }` of the asked-for lender attributes, as JSON text. */
  attributes_json: string | null;
}

/** Participants who entered per arm and UTC day, with how many of them were exposed and completed. */
export interface EnrolmentDayCount {
  arm: string;
  day: string;
  entered: number;
  exposed: number;
  completed: number;
}

/** The results' reads: aggregates the database computes and one lean pass over the decisions. */
export interface ResultsReadStore {
  /**
   * Real participants per arm and UTC day of entry, with the exposed and the
   * completed among them, counted by the database (GROUP BY), so a million
   * participants come back as a few rows per day.
   */
  countEnrolmentByArmAndDay(experimentKey: string): Promise<EnrolmentDayCount[]>;
  /**
   * Real participants per arm at each step, as `countByArm` gives them, but
   * from one grouped count per table (each on an index, the test traffic
   * counted apart and taken off) rather than a join of every table per row.
   */
  countStepsByArm(experimentKey: string): Promise<ArmCount[]>;
  /**
   * Per arm: decisions of real participants, those with a time to decide, and
   * the median time to decide in milliseconds (null without any), read off
   * the index on (experiment, arm, time) rather than from every decision.
   */
  summariseDecisionTimes(experimentKey: string): Promise<{ arm: string; decided: number; timed: number; medianMs: number | null }[]>;
  /**
   * Every real participant's decision with only what `needs` asks for, in
   * entry order (as the export), one at a time (flat memory).
   */
  streamDecisionFacts(experimentKey: string, needs: DecisionReadNeeds): AsyncIterable<DecisionFacts>;
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
  (dialect) => `SELECT a.arm, substr(p.entered_at, 1, 10) AS day, count(*) AS entered, count(e.exposed_at) AS exposed, count(c.completed_at) AS completed
   FROM participants p
   JOIN assignments a USING (experiment_key, participant_id)
   LEFT JOIN exposures e USING (experiment_key, participant_id)
   LEFT JOIN completions c USING (experiment_key, participant_id)
   WHERE p.experiment_key = :experimentKey AND p.is_test = 0
   GROUP BY a.arm, substr(p.entered_at, 1, 10) ORDER BY a.arm${dialect.bytewise}, day`,
);

/** Grouped counts per table; each reads one index (or one join to the assignment for the arm). */
const countAssigned = query('SELECT arm, count(*) AS n FROM assignments WHERE experiment_key = :experimentKey GROUP BY arm');
const countExposed = query('SELECT a.arm, count(*) AS n FROM exposures e JOIN assignments a USING (experiment_key, participant_id) WHERE e.experiment_key = :experimentKey GROUP BY a.arm');
const countDecided = query('SELECT arm, count(*) AS n, count(time_to_decision_ms) AS timed FROM decisions WHERE experiment_key = :experimentKey GROUP BY arm');
const countCompleted = query('SELECT a.arm, count(*) AS n FROM completions c JOIN assignments a USING (experiment_key, participant_id) WHERE c.experiment_key = :experimentKey GROUP BY a.arm');
/** The same counts for test participants only, found through the is_test index: few, so cheap. */
const countTestSteps = query(
  `SELECT a.arm, count(*) AS entered, count(e.exposed_at) AS exposed, count(d.decided_at) AS decided, count(d.time_to_decision_ms) AS timed, count(c.completed_at) AS completed
   FROM participants p
   JOIN assignments a USING (experiment_key, participant_id)
   LEFT JOIN exposures e USING (experiment_key, participant_id)
   LEFT JOIN decisions d USING (experiment_key, participant_id)
   LEFT JOIN completions c USING (experiment_key, participant_id)
   WHERE p.experiment_key = :experimentKey AND p.is_test = 1 GROUP BY a.arm`,
);
/** The middle one or two times of an arm, walking the (experiment, arm, time) index to the middle. */
const middleDecisionTimes = query(
  `SELECT time_to_decision_ms AS ms FROM decisions
   WHERE experiment_key = :experimentKey AND arm = :arm AND time_to_decision_ms IS NOT NULL
   ORDER BY time_to_decision_ms LIMIT :take OFFSET :skip`,
);
const realDecisionTimesOfArm = query(
  `SELECT d.time_to_decision_ms AS ms FROM decisions d JOIN participants p USING (experiment_key, participant_id)
   WHERE d.experiment_key = :experimentKey AND d.arm = :arm AND p.is_test = 0 AND d.time_to_decision_ms IS NOT NULL
   ORDER BY d.time_to_decision_ms`,
);
const listBlockAssignments = query(
  `SELECT a.arm, a.stratum, a.block_index AS "blockIndex" FROM assignments a JOIN participants p USING (experiment_key, participant_id)
   WHERE a.experiment_key = :experimentKey AND p.is_test = 0`,
);

/**
 * The decision read, written once: each sub-read runs only when its flag
 * parameter asks for it (a CASE that is false skips its sub-query), and the
 * keys it reads come as JSON parameters (`[{ "key": … }]`), never spliced
 * into the text. Entry order, as the export's rows, so that sums run in the
 * same order as over the exported CSV; the index on (experiment, is_test,
 * entered_at, participant_id) gives that order without sorting.
 */
const decisionFacts = query(
  (dialect) => `SELECT d.participant_id, d.arm, d.values_json, d.kept_default, d.time_to_decision_ms, d.timing_source, d.process_data_status,
     CASE WHEN :wantCompletion = 1 THEN (SELECT count(*) FROM completions c WHERE c.experiment_key = d.experiment_key AND c.participant_id = d.participant_id) END AS completed,
     CASE WHEN :wantAttention = 1 THEN (SELECT count(*) FROM questionnaire_answers q
       WHERE q.experiment_key = d.experiment_key AND q.participant_id = d.participant_id AND q.correct = 0
         AND q.question_key IN (SELECT item.value ->> 'key' FROM ${dialect.eachElement(':attentionCheckKeys')})) END AS failed_attention_checks,
     CASE WHEN :wantChanges = 1 AND d.process_data_status = 'recorded'
       THEN coalesce(${dialect.jsonField('d.process_summary_json', 'changes')}, CAST(${changesOfParticipant(dialect, 'd')} AS TEXT)) END AS changes_json,
     CASE WHEN :wantEvents = 1 THEN (SELECT ${dialect.jsonArrayOfRows(dialect.jsonObject("'name'", 'ev.name', "'value'", dialect.json('ev.value_json')), 'ev.id')}
       FROM api_events ev WHERE ev.experiment_key = d.experiment_key AND ev.participant_id = d.participant_id
         AND ev.name IN (SELECT item.value ->> 'key' FROM ${dialect.eachElement(':eventNames')})) END AS events_json,
     CASE WHEN :wantAnswers = 1 THEN (SELECT ${dialect.jsonObjectOfRows('q.question_key', 'q.answer')} FROM questionnaire_answers q
       WHERE q.experiment_key = d.experiment_key AND q.participant_id = d.participant_id
         AND q.question_key IN (SELECT item.value ->> 'key' FROM ${dialect.eachElement(':questionKeys')})) END AS answers_json,
     CASE WHEN :wantAttributes = 1 THEN (SELECT ${dialect.jsonObjectOfRows('pa.attribute_key', 'pa.value')} FROM participant_attributes pa
       WHERE pa.experiment_key = d.experiment_key AND pa.participant_id = d.participant_id
         AND pa.attribute_key IN (SELECT item.value ->> 'key' FROM ${dialect.eachElement(':attributeKeys')})) END AS attributes_json
   FROM participants p JOIN decisions d USING (experiment_key, participant_id)
   WHERE p.experiment_key = :experimentKey AND p.is_test = 0
   ORDER BY p.entered_at${dialect.bytewise}, p.participant_id${dialect.bytewise}`,
);

/** The decision read's parameters for one set of needs. */
function decisionFactsParameters(experimentKey: string, needs: DecisionReadNeeds) {
  const keys = (list: readonly string[]) => JSON.stringify(list.map((key) => ({ key })));
  const flag = (wanted: boolean) => (wanted ? 1 : 0);
  return {
    experimentKey,
    wantCompletion: flag(needs.completion),
    wantAttention: flag(needs.attentionCheckKeys.length > 0),
    attentionCheckKeys: keys(needs.attentionCheckKeys),
    wantChanges: flag(needs.changes),
    wantEvents: flag(needs.eventNames.length > 0),
    eventNames: keys(needs.eventNames),
    wantAnswers: flag(needs.pretreatmentQuestionKeys.length > 0),
    questionKeys: keys(needs.pretreatmentQuestionKeys),
    wantAttributes: flag(needs.attributeKeys.length > 0),
    attributeKeys: keys(needs.attributeKeys),
  };
}

const rows = (value: unknown) => Number(value);
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

  return {
    async countEnrolmentByArmAndDay(experimentKey) {
      const found = await database.all<EnrolmentDayCount>(countEnrolment, { experimentKey });
      return found.map((row) => ({ arm: row.arm, day: row.day, entered: rows(row.entered), exposed: rows(row.exposed), completed: rows(row.completed) }));
    },
    async countStepsByArm(experimentKey) {
      const [assigned, exposed, decided, completed, tests] = await Promise.all([
        countsOf(countAssigned, experimentKey),
        countsOf(countExposed, experimentKey),
        countsOf(countDecided, experimentKey),
        countsOf(countCompleted, experimentKey),
        database.all<Record<string, string | number>>(countTestSteps, { experimentKey }),
      ]);
      const testOf = (arm: string, step: string) => rows(tests.find((row) => row.arm === arm)?.[step] ?? 0);
      return [...assigned.keys()]
        .sort()
        .map((arm) => ({
          arm,
          entered: assigned.get(arm)! - testOf(arm, 'entered'),
          exposed: (exposed.get(arm) ?? 0) - testOf(arm, 'exposed'),
          decided: (decided.get(arm) ?? 0) - testOf(arm, 'decided'),
          completed: (completed.get(arm) ?? 0) - testOf(arm, 'completed'),
        }))
        .filter((count) => count.entered > 0);
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
    streamDecisionFacts(experimentKey, needs) {
      return database.stream<DecisionFacts>(decisionFacts, decisionFactsParameters(experimentKey, needs));
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
