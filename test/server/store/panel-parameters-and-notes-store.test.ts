import { describe, expect } from 'vitest';
import type { Store } from '../../../server/store/store';
import { openStoreForEachTest, storeEngines } from '../../helpers/store-engines';

const engines = storeEngines({ poolSize: 2, noun: ' store' });

const at = new Date('2026-11-27T10:00:00.000Z');

describe.each(engines)('panel parameters and experiment notes on the $name', (engine) => {
  let store: Store;
  const it = openStoreForEachTest(engine, (opened) => {
    store = opened;
  });

  const enrol = (participantId: string) =>
    store.enrolParticipant({ experimentKey: 'prolific-study', participantId, panelId: participantId, locale: 'en', userAgentClass: 'desktop', arm: 'control', definitionHash: 'h', at });

  it('records a participant’s panel parameters once, keeps the first values, and streams them with the export rows', async () => {
    await enrol('p1');
    await enrol('p2');
    await store.recordPanelParameters('prolific-study', 'p1', { STUDY_ID: 'study-7', SESSION_ID: 'session-1' });
    await store.recordPanelParameters('prolific-study', 'p1', { STUDY_ID: 'other' });
    expect(await store.findPanelParameters('prolific-study', 'p1')).toEqual({ STUDY_ID: 'study-7', SESSION_ID: 'session-1' });
    const rows: Record<string, Record<string, string>> = {};
    for await (const row of store.streamParticipantRows('prolific-study')) rows[row.participantId] = row.panelParameters;
    expect(rows).toEqual({ p1: { STUDY_ID: 'study-7', SESSION_ID: 'session-1' }, p2: {} });
  });

  it('stores nothing for someone not enrolled', async () => {
    await store.recordPanelParameters('prolific-study', 'nobody', { STUDY_ID: 'study-7' });
    expect(await store.findPanelParameters('prolific-study', 'nobody')).toEqual({});
  });

  it('lists an experiment’s notes newest first, at most the limit, and no other experiment’s', async () => {
    await store.addExperimentNote({ experimentKey: 'loan-anchor', author: 'ada', note: 'first', writtenAt: new Date('2026-03-01T09:00:00Z') });
    await store.addExperimentNote({ experimentKey: 'loan-anchor', author: 'bob', note: 'second', writtenAt: new Date('2026-03-01T10:00:00Z') });
    await store.addExperimentNote({ experimentKey: 'loan-anchor', author: 'ada', note: 'third, same minute', writtenAt: new Date('2026-03-01T10:00:00Z') });
    await store.addExperimentNote({ experimentKey: 'credit-choice', author: 'ada', note: 'elsewhere', writtenAt: new Date('2026-03-02T10:00:00Z') });
    const notes = await store.listExperimentNotes('loan-anchor', 2);
    expect(notes.map((note) => [note.author, note.note, note.writtenAt.toISOString()])).toEqual([
      ['ada', 'third, same minute', '2026-03-01T10:00:00.000Z'],
      ['bob', 'second', '2026-03-01T10:00:00.000Z'],
    ]);
  });
});
