import { beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../server/store/sqlite-store';
import type { NewDecision, NewParticipant, ProcessEvent, Store } from '../../../server/store/store';

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

const event: ProcessEvent = { kind: 'change', field: 'amount', value: '7000', atMs: 1200 };
const decision = (overrides: Partial<NewDecision> = {}): NewDecision => ({
  experimentKey: 'loan-anchor',
  participantId: 'p1',
  values: { amount: 7000, term: 60 },
  keptDefault: false,
  timeToDecisionMs: 4200,
  timingSource: 'client',
  processData: { status: 'missing' },
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
    expect(await store.recordExposure('loan-anchor', 'p1', 'hash-1', { template: 'amount' }, at)).toBe(true);
    expect(await store.recordExposure('loan-anchor', 'p1', 'hash-2', { template: 'other' }, new Date())).toBe(false);
    const stored = await store.findParticipant('loan-anchor', 'p1');
    expect(stored?.exposedAt).toEqual(at);
    expect(stored?.presentation).toEqual({ template: 'amount' });
  });

  it('stores a decision once: a repeat returns the first answer and changes nothing', async () => {
    await store.enrolParticipant(participant());
    const first = await store.recordDecision(decision({ values: { amount: 2500, term: 60 }, keptDefault: true }));
    const repeat = await store.recordDecision(
      decision({ values: { amount: 9000, term: 84 }, keptDefault: false, at: new Date(), processData: { status: 'recorded', events: [event] } }),
    );
    expect(first.created).toBe(true);
    expect(repeat.created).toBe(false);
    expect(repeat.decision).toEqual({
      arm: 'low-anchor',
      values: { amount: 2500, term: 60 },
      keptDefault: true,
      decidedAt: at,
      timeToDecisionMs: 4200,
      timingSource: 'client',
      processDataStatus: 'missing',
    });
    expect(await store.listProcessEvents('loan-anchor', 'p1')).toEqual([]);
    expect(await store.listDecisions('loan-anchor')).toEqual([{ participantId: 'p1', arm: 'low-anchor', values: { amount: 2500, term: 60 } }]);
  });

  it('refuses a decision for someone not enrolled', async () => {
    await expect(
      store.recordDecision(decision({ participantId: 'ghost', values: { amount: 1 }, keptDefault: null })),
    ).rejects.toThrow('not enrolled');
  });

  it('stores a decision with its process events in order, all or nothing', async () => {
    await store.enrolParticipant(participant());
    const events: ProcessEvent[] = [event, { kind: 'panel', field: 'apr', value: 'open', atMs: 1500 }, { ...event, value: '7500', atMs: 2100 }];
    await store.recordDecision(decision({ processData: { status: 'recorded', events } }));
    expect(await store.listProcessEvents('loan-anchor', 'p1')).toEqual(events);
    expect((await store.findParticipant('loan-anchor', 'p1'))?.decision?.processDataStatus).toBe('recorded');
  });

  it('stores questionnaire answers once, all together', async () => {
    await store.enrolParticipant(participant());
    const answers = [
      { questionKey: 'attention_check', answer: 'orange', correct: true },
      { questionKey: 'age_band', answer: '25-34', correct: null },
    ];
    expect(await store.recordAnswers('loan-anchor', 'p1', answers, at)).toBe(true);
    expect(await store.recordAnswers('loan-anchor', 'p1', [{ questionKey: 'attention_check', answer: 'blue', correct: false }], new Date())).toBe(false);
    expect(await store.listAnswers('loan-anchor', 'p1')).toEqual(answers);
    expect((await store.findParticipant('loan-anchor', 'p1'))?.answeredAt).toEqual(at);
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
