import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { median } from '../../../analysis/median';
import { openPostgresStore } from '../../../server/store/postgres-store';
import { openSqliteStore } from '../../../server/store/sqlite-store';
import { query } from '../../../server/store/sql-database';
import { sqlDatabaseOf } from '../../../server/store/sql-store';
import type { Store } from '../../../server/store/store';
import { freshPostgresDatabase, postgresSkipNote, postgresTestUrl } from '../../helpers/postgres';

const engines: [string, () => Promise<Store>][] = [['SQLite', async () => openSqliteStore(':memory:')]];
if (postgresTestUrl) engines.push(['PostgreSQL', async () => openPostgresStore(await freshPostgresDatabase())]);

/**
 * 40 participants over two arms, most decided, some exposed only, some
 * completed, and (in the `with-tests` experiment) a few test participants
 * whose steps and times must not count.
 */
async function fill(store: Store, experimentKey: string, withTests: boolean) {
  const start = Date.parse('2026-11-01T09:00:00Z');
  for (let index = 0; index < 40 + (withTests ? 6 : 0); index++) {
    const participantId = `${experimentKey}-${index}`;
    const isTest = index >= 40;
    const arm = index % 2 === 0 ? 'control' : 'treatment';
    const at = new Date(start + index * 3_600_000 * 7); // several days
    await store.enrolParticipant({ experimentKey, participantId, panelId: null, locale: 'nl', userAgentClass: 'desktop', arm, definitionHash: 'h', at, isTest });
    if (index % 5 === 4 && !isTest) continue; // entered only
    await store.recordExposure(experimentKey, participantId, 'h', {}, at);
    if (index % 7 === 6 && !isTest) continue; // exposed, never decided
    const timeToDecisionMs = index % 9 === 3 ? null : 1000 + ((index * 7919) % 20000) + (isTest ? 90_000 : 0);
    await store.recordDecision({ experimentKey, participantId, values: { amount: 1000 + index }, keptDefault: null, timeToDecisionMs, timingSource: 'client', processData: { status: 'missing' }, at });
    if (index % 3 !== 0) await store.recordCompletion(experimentKey, participantId, `code-${index}`, at);
  }
}

describe.each(engines)('results reads on %s' + postgresSkipNote, (_engine, open) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    await fill(store, 'no-tests', false);
    await fill(store, 'with-tests', true);
  }, 60_000);
  afterAll(async () => store.close());

  it.each(['no-tests', 'with-tests'])('counts each step per arm as countByArm does, test traffic left out (%s)', async (experimentKey) => {
    expect(await store.countStepsByArm(experimentKey)).toEqual(await store.countByArm(experimentKey));
  });

  it.each(['no-tests', 'with-tests'])('counts the exposed and the completed per arm as countStepsByArm does, test traffic left out (%s)', async (experimentKey) => {
    const steps = await store.countStepsByArm(experimentKey);
    const later = await store.countExposedAndCompletedByArm(experimentKey);
    expect([...later.keys()].sort()).toEqual(steps.map((count) => count.arm));
    for (const count of steps) expect(later.get(count.arm)).toEqual({ exposed: count.exposed, completed: count.completed });
    // Not everyone saw the screen, and not everyone who did completed: the two counts differ.
    expect(steps.some((count) => count.exposed > count.completed && count.completed > 0)).toBe(true);
  });

  it.each(['no-tests', 'with-tests'])('gives the median time to decide per arm of the real decisions (%s)', async (experimentKey) => {
    const times = await store.listDecisionTimes(experimentKey);
    const summary = await store.summariseDecisionTimes(experimentKey);
    for (const arm of ['control', 'treatment']) {
      const armTimes = times.filter((row) => row.arm === arm);
      const timed = armTimes.filter((row) => row.timeToDecisionMs !== null).map((row) => row.timeToDecisionMs!);
      expect(summary.find((row) => row.arm === arm)).toEqual({ arm, decided: armTimes.length, timed: timed.length, medianMs: median(timed) });
    }
  });

  it('counts enrolment per arm and day of assignment as the rows say, test traffic left out', async () => {
    const days = await store.countEnrolmentByArmAndDay('with-tests');
    const counts = await store.countByArm('with-tests');
    for (const count of counts) {
      const ofArm = days.filter((row) => row.arm === count.arm);
      expect(ofArm.length).toBeGreaterThan(3);
      expect(ofArm.reduce((sum, row) => sum + row.entered, 0)).toBe(count.entered);
      // Participant i entered (and was assigned) 7 h after participant i − 1, from 1 Nov 09:00; the 6 test participants (40–45) are not counted.
      const expected = new Map<string, number>();
      for (let index = 0; index < 40; index++) {
        if ((index % 2 === 0 ? 'control' : 'treatment') !== count.arm) continue;
        const day = new Date(Date.parse('2026-11-01T09:00:00Z') + index * 3_600_000 * 7).toISOString().slice(0, 10);
        expected.set(day, (expected.get(day) ?? 0) + 1);
      }
      expect(ofArm.map((row) => [row.day, row.entered])).toEqual([...expected]);
    }
  });

  it('reads every real decision in entry order, with only what is asked for', async () => {
    const needs = { completion: true, attentionCheckKeys: [], changes: true, eventNames: [], pretreatmentQuestionKeys: [], attributeKeys: [] };
    const facts = [];
    for await (const batch of store.streamDecisionFacts('with-tests', needs)) facts.push(...batch);
    const exported = [];
    for await (const row of store.streamParticipantRows('with-tests')) if (row.decision) exported.push(row);
    // Each participant chose a different amount (1000 + their index), so equal amounts in equal order are the same decisions in the same order.
    expect(facts.map((row) => JSON.parse(row.values_json).amount)).toEqual(exported.map((row) => row.decision!.amount));
    expect(facts.map((row) => Number(row.completed) > 0)).toEqual(exported.map((row) => row.completedAt !== null));
    expect(facts.every((row) => row.process_summary_json === null && row.answers_json === null)).toBe(true);
  });

  it('flags the decisions of those who answered an attention check wrongly, and only theirs, whether or not anyone did', async () => {
    const experimentKey = 'attention';
    const at = new Date('2026-11-02T09:00:00Z');
    for (let index = 0; index < 6; index++) {
      const participantId = `attention-${index}`;
      await store.enrolParticipant({ experimentKey, participantId, panelId: null, locale: 'nl', userAgentClass: 'desktop', arm: 'control', definitionHash: 'h', at: new Date(at.getTime() + index * 60_000) });
      // Everyone answers the attention check right, and participant 1 gets an ordinary question wrong (not an attention check).
      await store.recordAnswers(experimentKey, participantId, [{ questionKey: 'check', answer: 'b', correct: true }, { questionKey: 'quiz', answer: 'x', correct: index !== 1 }], at);
      await store.recordDecision({ experimentKey, participantId, values: { amount: 1000 + index }, keptDefault: null, timeToDecisionMs: 5000, timingSource: 'client', processData: { status: 'missing' }, at });
    }
    const flagsOf = async (attentionCheckKeys: string[]) => {
      const needs = { completion: false, attentionCheckKeys, changes: false, eventNames: [], pretreatmentQuestionKeys: [], attributeKeys: [] };
      const flags: (number | null)[] = [];
      for await (const batch of store.streamDecisionFacts(experimentKey, needs)) flags.push(...batch.map((row) => row.failed_attention_checks));
      return flags;
    };
    expect(await flagsOf([])).toEqual([null, null, null, null, null, null]);
    expect(await flagsOf(['check'])).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await flagsOf(['check', 'quiz'])).toEqual([0, 1, 0, 0, 0, 0]);
    // A wrong attention check in another experiment changes nothing here.
    await store.enrolParticipant({ experimentKey: 'elsewhere', participantId: 'e1', panelId: null, locale: 'nl', userAgentClass: 'desktop', arm: 'control', definitionHash: 'h', at });
    await store.recordAnswers('elsewhere', 'e1', [{ questionKey: 'check', answer: 'a', correct: false }], at);
    expect(await flagsOf(['check'])).toEqual([0, 0, 0, 0, 0, 0]);
    // Participant 4 (the fifth in entry order) answers a second attention check wrongly.
    await store.recordAnswers(experimentKey, 'attention-4', [{ questionKey: 'check-2', answer: 'a', correct: false }], at);
    expect(await flagsOf(['check'])).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await flagsOf(['check', 'check-2'])).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it('asks whether anyone failed an attention check off the index of wrong answers, not by reading every answer', async () => {
    const database = sqlDatabaseOf(store);
    if (database.dialect.name !== 'sqlite') return; // PostgreSQL plans by its statistics; the index exists there too
    const plan = await database.all<{ detail: string }>(
      query(`EXPLAIN QUERY PLAN SELECT 1 FROM questionnaire_answers q WHERE q.experiment_key = 'attention' AND q.correct = 0
             AND q.question_key IN (SELECT item.value ->> 'key' FROM json_each('[{"key":"check"}]') AS item) LIMIT 1`),
    );
    expect(plan.map((step) => step.detail).join('\n')).toContain('wrong_answers_by_question');
  });

  it('splits the decisions in entry order at any position: the stretch before it and the one from it, nothing twice, nothing left out', async () => {
    const needs = { completion: false, attentionCheckKeys: [], changes: false, eventNames: [], pretreatmentQuestionKeys: [], attributeKeys: [] };
    const amountsOf = async (range?: Parameters<Store['streamDecisionFacts']>[2]) => {
      const amounts: number[] = [];
      for await (const batch of store.streamDecisionFacts('with-tests', needs, range)) amounts.push(...batch.map((row) => JSON.parse(row.values_json).amount as number));
      return amounts;
    };
    const all = await amountsOf();
    expect(all.length).toBeGreaterThan(20);
    for (const position of [0, 1, 13, all.length - 1]) {
      const key = (await store.findDecisionEntryKey('with-tests', position))!;
      expect(await amountsOf({ before: key })).toEqual(all.slice(0, position));
      expect(await amountsOf({ from: key })).toEqual(all.slice(position));
    }
    const [third, twoThirds] = await Promise.all([store.findDecisionEntryKey('with-tests', 10), store.findDecisionEntryKey('with-tests', 20)]);
    // Counted on from a key: the same places as counted from the first.
    expect(await store.findDecisionEntryKey('with-tests', 10, third!)).toEqual(twoThirds);
    expect(await store.findDecisionEntryKey('with-tests', 0, third!)).toEqual(third);
    expect(await amountsOf({ from: third!, before: twoThirds! })).toEqual(all.slice(10, 20));
    // Past the last real decision (the test participants' decisions are not counted): no key.
    expect(await store.findDecisionEntryKey('with-tests', all.length)).toBeNull();
  });
});
