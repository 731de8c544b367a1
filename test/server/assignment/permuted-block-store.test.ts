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
});
