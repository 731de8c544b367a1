import { beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../server/store/sqlite-store';
import type { NewParticipant, Store } from '../../../server/store/store';

const at = new Date('2026-11-27T10:00:00.000Z');
const participant = (overrides: Partial<NewParticipant> = {}): NewParticipant => ({
  experimentKey: 'loan-anchor',
  participantId: 'p1',
  panelId: 'p1',
  locale: 'nl',
  userAgentClass: 'desktop',
  arm: 'low-anchor',
  definitionHash: 'hash-1',
  at,
  ...overrides,
});

describe('SQLite store', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });

  it('keeps the first arm when a participant is enrolled again (sticky)', async () => {
    await store.enrolParticipant(participant());
    const again = await store.enrolParticipant(participant({ arm: 'high-anchor', locale: 'en' }));
    expect(again.arm).toBe('low-anchor');
    expect(again.locale).toBe('nl');
    expect(await store.countByArm('loan-anchor')).toEqual([{ arm: 'low-anchor', entered: 1, exposed: 0, decided: 0, completed: 0 }]);
  });

  it('keeps the same id apart in different experiments', async () => {
    await store.enrolParticipant(participant());
    await store.enrolParticipant(participant({ experimentKey: 'credit-choice', arm: 'control' }));
    expect((await store.findParticipant('credit-choice', 'p1'))?.arm).toBe('control');
    expect((await store.findParticipant('loan-anchor', 'p1'))?.arm).toBe('low-anchor');
  });

  it('records the exposure once', async () => {
    await store.enrolParticipant(participant());
    expect(await store.recordExposure('loan-anchor', 'p1', 'hash-1', at)).toBe(true);
    expect(await store.recordExposure('loan-anchor', 'p1', 'hash-2', new Date())).toBe(false);
    expect((await store.findParticipant('loan-anchor', 'p1'))?.exposedAt).toEqual(at);
  });

  it('stores a decision once: a repeat returns the first answer and changes nothing', async () => {
    await store.enrolParticipant(participant());
    const first = await store.recordDecision({ experimentKey: 'loan-anchor', participantId: 'p1', values: { amount: 2500, term: 60 }, keptDefault: true, at });
    const repeat = await store.recordDecision({
      experimentKey: 'loan-anchor',
      participantId: 'p1',
      values: { amount: 9000, term: 84 },
      keptDefault: false,
      at: new Date(),
    });
    expect(first.created).toBe(true);
    expect(repeat.created).toBe(false);
    expect(repeat.decision).toEqual({ arm: 'low-anchor', values: { amount: 2500, term: 60 }, keptDefault: true, decidedAt: at });
    expect(await store.listDecisions('loan-anchor')).toEqual([{ participantId: 'p1', arm: 'low-anchor', values: { amount: 2500, term: 60 } }]);
  });

  it('refuses a decision for someone not enrolled', async () => {
    await expect(
      store.recordDecision({ experimentKey: 'loan-anchor', participantId: 'ghost', values: { amount: 1 }, keptDefault: null, at }),
    ).rejects.toThrow('not enrolled');
  });

  it('keeps the first completion code', async () => {
    await store.enrolParticipant(participant());
    expect(await store.recordCompletion('loan-anchor', 'p1', 'FIRST', at)).toBe('FIRST');
    expect(await store.recordCompletion('loan-anchor', 'p1', 'SECOND', new Date())).toBe('FIRST');
  });

  it('counts consent declines per experiment', async () => {
    await store.recordConsentDecline('loan-anchor', at);
    await store.recordConsentDecline('loan-anchor', at);
    expect(await store.countConsentDeclines('loan-anchor')).toBe(2);
    expect(await store.countConsentDeclines('other')).toBe(0);
  });

  it('creates a named secret once and returns it afterwards', async () => {
    const first = await store.loadOrCreateSecret('cookie-secret', () => 'a'.repeat(40));
    expect(await store.loadOrCreateSecret('cookie-secret', () => 'b'.repeat(40))).toBe(first);
  });
});
