import { describe, expect } from 'vitest';
import { drawArm } from '../../../server/assignment/draw-arm';
import { permutedBlock } from '../../../server/assignment/permuted-block';
import type { NewParticipant, Store } from '../../../server/store/store';
import { openStoreForEachTest, storeEngines } from '../../helpers/store-engines';

/** The store side of permuted blocks, on both engines: positions taken in order, atomically, once per participant. */
const engines = storeEngines({ poolSize: 8, noun: ' store' });

const experiment = {
  key: 'lab-study',
  arms: [{ key: 'control', weight: 1 }, { key: 'low-anchor', weight: 1 }, { key: 'high-anchor', weight: 1 }],
  randomisation: { method: 'permuted-blocks' as const, blockSize: 6, stratum: { from: 'entry-parameter' as const, name: 'stratum', levels: ['low', 'high'] } },
};
const at = new Date('2026-11-28T10:00:00.000Z');
const entrant = (participantId: string, stratum: string, overrides: Partial<NewParticipant> = {}): NewParticipant => ({
  experimentKey: experiment.key,
  participantId,
  panelId: participantId,
  locale: 'nl',
  userAgentClass: 'desktop',
  arm: drawArm(experiment, participantId, stratum),
  definitionHash: 'hash-1',
  at,
  ...overrides,
});

describe.each(engines)('$name', (engine) => {
  let store: Store;
  const it = openStoreForEachTest(engine, (opened) => {
    store = opened;
  });

  it('gives entrants the positions of their stratum’s blocks in order, with the arm the block puts there', async () => {
    for (let index = 0; index < 13; index += 1) {
      const record = await store.enrolParticipant(entrant(`low-${index}`, 'low'));
      const blockIndex = Math.floor(index / 6);
      expect(record.block).toEqual({ stratum: 'low', blockIndex, position: index % 6 });
      expect(record.arm).toBe(permutedBlock(experiment, { blockSize: 6, stratum: 'low', blockIndex })[index % 6]);
    }
    const firstHigh = await store.enrolParticipant(entrant('high-0', 'high'));
    expect(firstHigh.block).toEqual({ stratum: 'high', blockIndex: 0, position: 0 });
    expect(firstHigh.arm).toBe(permutedBlock(experiment, { blockSize: 6, stratum: 'high', blockIndex: 0 })[0]);
    expect((await store.findParticipant(experiment.key, 'low-7'))?.block).toEqual({ stratum: 'low', blockIndex: 1, position: 1 });
  });

  it('keeps the first arm and block of a participant who enters again, and takes no position for them', async () => {
    const first = await store.enrolParticipant(entrant('p-1', 'low'));
    const again = await store.enrolParticipant(entrant('p-1', 'high'));
    expect(again.arm).toBe(first.arm);
    expect(again.block).toEqual(first.block);
    expect((await store.enrolParticipant(entrant('p-2', 'low'))).block).toEqual({ stratum: 'low', blockIndex: 0, position: 1 });
  });

  it('takes every position once under concurrent entries, also for one id entering twice at once', async () => {
    const ids = Array.from({ length: 36 }, (_, index) => `c-${index}`);
    const records = await Promise.all([...ids, 'c-0', 'c-1', 'c-2'].map((id) => store.enrolParticipant(entrant(id, 'high'))));
    const positions = new Set(records.slice(0, 36).map((record) => `${record.block!.blockIndex}/${record.block!.position}`));
    expect(positions.size).toBe(36);
    for (const record of records) expect(record.block!.blockIndex).toBeLessThan(6);
    for (const [index, id] of ['c-0', 'c-1', 'c-2'].entries()) expect(records[36 + index]).toMatchObject({ participantId: id, arm: records[index]!.arm, block: records[index]!.block });
    const counts = await store.countByArm(experiment.key);
    expect(counts.map((row) => row.entered)).toEqual([12, 12, 12]);
  });

  it('streams each participant’s block with the export rows, and none for hashed arms', async () => {
    await store.enrolParticipant(entrant('p-1', 'low'));
    await store.enrolParticipant(entrant('p-2', 'low', { experimentKey: 'hashed', arm: 'control' }));
    const rows = [];
    for await (const row of store.streamParticipantRows(experiment.key)) rows.push(row);
    expect(rows.map((row) => row.block)).toEqual([{ stratum: 'low', blockIndex: 0, position: 0 }]);
    for await (const row of store.streamParticipantRows('hashed')) expect(row.block).toBeNull();
    expect((await store.findParticipant('hashed', 'p-2'))?.block).toBeNull();
  });

  describe('a participant enrolled without an arm (the stratum is a before-screen answer)', () => {
    const answer = (value: string) => [{ questionKey: 'current_loan', answer: value, correct: null }];
    const assignment = (participantId: string, stratum: string) => ({ arm: drawArm(experiment, participantId, stratum), definitionHash: 'hash-1' });

    it('holds no arm, block position, count or export row until the answers assign one, atomically with them', async () => {
      const enrolled = await store.enrolParticipant(entrant('p-1', 'low', { arm: null }));
      expect(enrolled).toMatchObject({ arm: null, block: null });
      expect(await store.findParticipant(experiment.key, 'p-1')).toMatchObject({ participantId: 'p-1', arm: null, block: null, answeredQuestionKeys: [] });
      expect(await store.countByArm(experiment.key)).toEqual([]);
      for await (const row of store.streamParticipantRows(experiment.key)) throw new Error(`unexpected export row ${row.participantId}`);
      // Someone else takes the first position meanwhile.
      expect((await store.enrolParticipant(entrant('p-2', 'high'))).block).toEqual({ stratum: 'high', blockIndex: 0, position: 0 });
      expect(await store.recordAnswers(experiment.key, 'p-1', answer('high'), at, assignment('p-1', 'high'))).toBe(true);
      const assigned = await store.findParticipant(experiment.key, 'p-1');
      expect(assigned).toMatchObject({ block: { stratum: 'high', blockIndex: 0, position: 1 }, answeredQuestionKeys: ['current_loan'] });
      expect(assigned!.arm).toBe(permutedBlock(experiment, { blockSize: 6, stratum: 'high', blockIndex: 0 })[1]);
    });

    it('assigns once: a repeat (also with another stratum, also at the same moment) keeps the first arm and takes no position', async () => {
      await store.enrolParticipant(entrant('p-1', 'low', { arm: null }));
      const results = await Promise.all([
        store.recordAnswers(experiment.key, 'p-1', answer('low'), at, assignment('p-1', 'low')),
        store.recordAnswers(experiment.key, 'p-1', answer('high'), at, assignment('p-1', 'high')),
        store.recordAnswers(experiment.key, 'p-1', answer('low'), at, assignment('p-1', 'low')),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const first = await store.findParticipant(experiment.key, 'p-1');
      expect(first!.block!.position).toBe(0);
      await store.recordAnswers(experiment.key, 'p-1', answer('high'), at, assignment('p-1', 'high'));
      expect(await store.findParticipant(experiment.key, 'p-1')).toMatchObject({ arm: first!.arm, block: first!.block });
      // The stratum the stored answer names is the stratum of the block.
      const rows = [];
      for await (const row of store.streamParticipantRows(experiment.key)) rows.push(row);
      expect(rows.map((row) => [row.block!.stratum, row.answers.current_loan!.answer])).toEqual([[first!.block!.stratum, first!.block!.stratum]]);
      const other = first!.block!.stratum === 'low' ? 'high' : 'low';
      expect((await store.enrolParticipant(entrant('p-2', first!.block!.stratum))).block!.position).toBe(1);
      expect((await store.enrolParticipant(entrant('p-3', other))).block!.position).toBe(0);
    });

    it('is erased, and deleted as test traffic, like anyone else', async () => {
      await store.enrolParticipant(entrant('p-1', 'low', { arm: null }));
      await store.enrolParticipant(entrant('t-1', 'low', { arm: null, isTest: true }));
      expect(await store.eraseParticipant('p-1', experiment.key)).toEqual([experiment.key]);
      expect(await store.findParticipant(experiment.key, 'p-1')).toBeUndefined();
      expect(await store.countTestParticipants(experiment.key)).toBe(1);
      expect(await store.deleteTestParticipants(experiment.key)).toBe(1);
      expect(await store.findParticipant(experiment.key, 't-1')).toBeUndefined();
    });

    it('gives every position once when many answer at once', async () => {
      const ids = Array.from({ length: 24 }, (_, index) => `a-${index}`);
      for (const id of ids) await store.enrolParticipant(entrant(id, 'low', { arm: null }));
      await Promise.all(ids.map((id) => store.recordAnswers(experiment.key, id, answer('low'), at, assignment(id, 'low'))));
      const records = await Promise.all(ids.map((id) => store.findParticipant(experiment.key, id)));
      expect(records.map((record) => record!.block!.blockIndex * 6 + record!.block!.position).sort((a, b) => a - b)).toEqual(ids.map((_, index) => index));
      expect((await store.countByArm(experiment.key)).map((row) => row.entered)).toEqual([8, 8, 8]);
    });
  });
});
