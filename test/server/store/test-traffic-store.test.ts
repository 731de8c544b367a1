import { describe, expect } from 'vitest';
import type { NewParticipant, Store } from '../../../server/store/store';
import { openStoreForEachTest, storeEngines } from '../../helpers/store-engines';

const engines = storeEngines({ poolSize: 2, noun: ' store' });

const at = new Date('2026-11-28T10:00:00.000Z');
const participant = (participantId: string, isTest: boolean | undefined, arm = 'control'): NewParticipant => ({
  experimentKey: 'loan-anchor',
  participantId,
  panelId: participantId,
  locale: 'nl',
  userAgentClass: 'desktop',
  arm,
  definitionHash: 'hash-1',
  at,
  ...(isTest === undefined ? {} : { isTest }),
});

describe.each(engines)('test traffic in the $name', (engine) => {
  let store: Store;
  const it = openStoreForEachTest(engine, (opened) => {
    store = opened;
  });

  it('stores is_test, counts and streams real participants only unless asked, and deletes only test ones', async () => {
    await store.enrolParticipant(participant('real-1', undefined));
    await store.enrolParticipant(participant('real-2', false, 'low-anchor'));
    await store.enrolParticipant(participant('sim-1', true));
    await store.enrolParticipant(participant('sim-2', true, 'low-anchor'));
    await store.enrolParticipant(participant('sim-other', true));
    await store.recordExposure('loan-anchor', 'sim-1', 'hash-1', {}, at);
    await store.recordDecision({
      experimentKey: 'loan-anchor', participantId: 'sim-1', values: { amount: 5000, term: 60 }, keptDefault: null, at,
      timeToDecisionMs: 900, timingSource: 'client', processData: { status: 'recorded', events: [{ kind: 'change', field: 'amount', value: '5000', atMs: 500 }] },
    });
    expect((await store.countByArm('loan-anchor')).reduce((sum, row) => sum + row.entered, 0)).toBe(2);
    expect(await store.countTestParticipants('loan-anchor')).toBe(3);
    expect(await store.listDecisionTimes('loan-anchor')).toEqual([]);
    const events = [];
    for await (const row of store.streamProcessEvents('loan-anchor')) events.push(row);
    expect(events).toEqual([]);
    const real = [];
    for await (const row of store.streamParticipantRows('loan-anchor')) real.push([row.participantId, row.isTest]);
    expect(real.sort()).toEqual([['real-1', false], ['real-2', false]]);
    const all = [];
    for await (const row of store.streamParticipantRows('loan-anchor', { includeTest: true })) all.push(row.participantId);
    expect(all.length).toBe(5);

    expect(await store.deleteTestParticipants('credit-choice')).toBe(0);
    expect(await store.deleteTestParticipants('loan-anchor')).toBe(3);
    expect(await store.countTestParticipants('loan-anchor')).toBe(0);
    expect(await store.findParticipant('loan-anchor', 'sim-1')).toBeUndefined();
    expect(await store.findParticipant('loan-anchor', 'real-2')).toBeDefined();
    const left = [];
    for await (const row of store.streamParticipantRows('loan-anchor', { includeTest: true })) left.push(row.participantId);
    expect(left.sort()).toEqual(['real-1', 'real-2']);
  });
});
