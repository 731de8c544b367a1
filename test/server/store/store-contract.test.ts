import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { query } from '../../../server/store/sql-database';
import { sqlDatabaseOf } from '../../../server/store/sql-store';
import { openSqliteStore } from '../../../server/store/sqlite-store';
import { UnknownUnitError, type NewDecision, type NewParticipant, type PermutedBlockDraw, type ProcessEvent, type Store } from '../../../server/store/store';
import { openStoreForEachTest, storeEngines } from '../../helpers/store-engines';
import { countConsentDeclines, listAnswers, listApiEvents, listDecisions, listProcessEvents } from '../../helpers/store-reads';

/** Every store implementation, each run through the same contract. */
const engines = storeEngines({ poolSize: 4, noun: ' store' });

/** Three arms in blocks of six: block b is the balanced order rotated by b, so each complete block holds each arm exactly twice. */
const blockOrder = ['control', 'low-anchor', 'high-anchor', 'control', 'low-anchor', 'high-anchor'];
const draw = (stratum = ''): PermutedBlockDraw => ({
  method: 'permuted-blocks',
  stratum,
  blockSize: 6,
  armAt: (blockIndex, position) => blockOrder[(position + blockIndex) % blockOrder.length]!,
});

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

describe.each(engines)('$name', (engine) => {
  const { name, openInstances } = engine;
  let store: Store;
  const it = openStoreForEachTest(engine, (opened) => {
    store = opened;
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
    expect(await listProcessEvents(store, 'loan-anchor', 'p1')).toEqual([]);
    expect(await listDecisions(store, 'loan-anchor')).toEqual([{ participantId: 'p1', arm: 'low-anchor', values: { amount: 2500, term: 60 } }]);
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
    expect(await listProcessEvents(store, 'loan-anchor', 'p1')).toEqual(events);
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
    expect(await listAnswers(store, 'loan-anchor', 'p1')).toEqual(answers);
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
    expect(await countConsentDeclines(store, 'loan-anchor')).toBe(2);
    expect(await countConsentDeclines(store, 'other')).toBe(0);
  });

  it('creates a named secret once and returns it afterwards', async () => {
    const first = await store.loadOrCreateSecret('cookie-secret', () => 'a'.repeat(40));
    expect(await store.loadOrCreateSecret('cookie-secret', () => 'b'.repeat(40))).toBe(first);
  });

  it('stores a lender event batch all or nothing, once per idempotency key', async () => {
    await store.enrolParticipant(participant({ source: 'api', assignedByApiKeyId: 'key1' }));
    const batch = [
      { experimentKey: 'loan-anchor', participantId: 'p1', name: 'loan_accepted', value: true, occurredAt: at, idempotencyKey: 'k1' },
      { experimentKey: 'loan-anchor', participantId: 'p1', name: 'amount', value: 7000, occurredAt: at, idempotencyKey: null },
    ];
    const key = await store.createApiKey({ id: 'key1', name: 'Lender', clientKey: 'sdk-1', experiments: ['loan-anchor'], createdAt: at, secretSha256: 'a'.repeat(64) });
    expect(await store.recordApiEvents(batch, key.id, at)).toEqual({ stored: 2, duplicates: 0 });
    expect(await store.recordApiEvents(batch.slice(0, 1), key.id, at)).toEqual({ stored: 0, duplicates: 1 });
    const withStranger = [batch[1]!, { ...batch[1]!, participantId: 'stranger' }];
    await expect(store.recordApiEvents(withStranger, key.id, at)).rejects.toBeInstanceOf(UnknownUnitError);
    await expect(store.recordApiEvents(withStranger, key.id, at)).rejects.toMatchObject({ index: 1, unitId: 'stranger' });
    const stored = await listApiEvents(store, 'loan-anchor');
    expect(stored.map((event) => [event.name, event.value, event.idempotencyKey])).toEqual([['loan_accepted', true, 'k1'], ['amount', 7000, null]]);
  });

  it('keeps API keys by the hash of their secret, and revokes once', async () => {
    await store.createApiKey({ id: 'key1', name: 'Lender', clientKey: 'sdk-1', experiments: null, createdAt: at, secretSha256: 'b'.repeat(64) });
    expect((await store.findApiKeyBySecretSha256('b'.repeat(64)))?.id).toBe('key1');
    expect(await store.findApiKeyByClientKey('key1')).toBeUndefined();
    expect((await store.revokeApiKey('sdk-1', at))?.revokedAt).toEqual(at);
    expect((await store.revokeApiKey('key1', new Date()))?.revokedAt).toEqual(at);
    expect(await store.listApiKeys()).toHaveLength(1);
  });

  it('keeps each API key to the units it assigned: scoped reads, events, and idempotency keys per key', async () => {
    for (const id of ['key1', 'key2']) {
      await store.createApiKey({ id, name: id, clientKey: `sdk-${id}`, experiments: null, scopes: id === 'key2' ? ['results'] : undefined, createdAt: at, secretSha256: id.padEnd(64, 'x') });
    }
    expect((await store.listApiKeys()).map((key) => [key.id, key.scopes])).toEqual([['key1', []], ['key2', ['results']]]);
    await store.enrolParticipant(participant());
    const unitA = await store.enrolParticipant(participant({ participantId: 'u-a', panelId: null, source: 'api', assignedByApiKeyId: 'key1' }));
    await store.enrolParticipant(participant({ participantId: 'u-b', panelId: null, source: 'api', assignedByApiKeyId: 'key2' }));
    // A repeat by another key does not take the unit over.
    expect((await store.enrolParticipant(participant({ participantId: 'u-a', panelId: null, source: 'api', assignedByApiKeyId: 'key2' }))).assignedByApiKeyId).toBe('key1');
    expect((await store.findParticipant('loan-anchor', 'p1'))?.assignedByApiKeyId).toBeNull();
    // Which channel an id came from, as enrolment answers it (new, or taken: what is stored) and as it is read.
    expect(unitA.source).toBe('api');
    expect((await store.enrolParticipant(participant({ participantId: 'p1', panelId: null, source: 'api', assignedByApiKeyId: 'key1' }))).source).toBe('panel');
    expect([(await store.findParticipant('loan-anchor', 'p1'))?.source, (await store.findParticipant('loan-anchor', 'u-a'))?.source]).toEqual(['panel', 'api']);
    await store.recordDecision(decision({ participantId: 'u-a', processData: { status: 'recorded', events: [event] } }));
    await store.recordDecision(decision({ processData: { status: 'recorded', events: [event] } }));
    const ids = async (scope?: { assignedByApiKeyId: string }) => {
      const collected = [];
      for await (const row of store.streamParticipantRows('loan-anchor', scope)) collected.push(row.participantId);
      return collected.sort();
    };
    expect(await ids()).toEqual(['p1', 'u-a', 'u-b']);
    expect(await ids({ assignedByApiKeyId: 'key1' })).toEqual(['u-a']);
    expect(await ids({ assignedByApiKeyId: 'key2' })).toEqual(['u-b']);
    const processEventIds = [];
    for await (const processEvent of store.streamProcessEvents('loan-anchor', { assignedByApiKeyId: 'key1' })) processEventIds.push(processEvent.participantId);
    expect(processEventIds).toEqual(['u-a']);
    const lenderEvent = (participantId: string) => ({ experimentKey: 'loan-anchor', participantId, name: 'loan_accepted', value: true, occurredAt: at, idempotencyKey: 'acc-1' });
    for (const foreign of ['u-b', 'p1', 'nobody']) {
      await expect(store.recordApiEvents([lenderEvent(foreign)], 'key1', at)).rejects.toMatchObject({ name: 'UnknownUnitError', index: 0, unitId: foreign });
    }
    expect(await store.recordApiEvents([lenderEvent('u-a')], 'key1', at)).toEqual({ stored: 1, duplicates: 0 });
    expect(await store.recordApiEvents([lenderEvent('u-b')], 'key2', at)).toEqual({ stored: 1, duplicates: 0 });
    expect(await store.recordApiEvents([lenderEvent('u-a')], 'key1', at)).toEqual({ stored: 0, duplicates: 1 });
    expect((await listApiEvents(store, 'loan-anchor')).map((stored) => [stored.apiKeyId, stored.participantId])).toEqual([['key1', 'u-a'], ['key2', 'u-b']]);
  });

  it('lists users, sets a password, disables an account (ending its sessions) and enables it again', async () => {
    for (const username of ['bob', 'ada']) await store.createUser({ username, role: 'researcher', passwordHash: 'old', createdAt: at });
    expect((await store.listUsers()).map((user) => [user.username, user.disabledAt])).toEqual([['ada', null], ['bob', null]]);
    expect(await store.setPasswordHash('ada', 'new-hash')).toBe(true);
    expect(await store.setPasswordHash('nobody', 'new-hash')).toBe(false);
    expect((await store.findUser('ada'))?.passwordHash).toBe('new-hash');
    const later = new Date(at.getTime() + 60_000);
    await store.createSession('1'.repeat(64), 'ada', at, later);
    await store.createSession('2'.repeat(64), 'ada', at, later);
    await store.deleteSessionsOf('ada', '1'.repeat(64));
    expect((await store.findSessionUser('1'.repeat(64), at))?.username).toBe('ada');
    expect(await store.findSessionUser('2'.repeat(64), at)).toBeUndefined();
    expect(await store.setUserDisabled('ada', at)).toBe(true);
    expect((await store.findUser('ada'))?.disabledAt).toEqual(at);
    expect(await store.findSessionUser('1'.repeat(64), at)).toBeUndefined();
    await store.createSession('3'.repeat(64), 'ada', at, later);
    expect(await store.findSessionUser('3'.repeat(64), at)).toBeUndefined();
    expect(await store.setUserDisabled('ada', null)).toBe(true);
    expect((await store.findSessionUser('3'.repeat(64), at))?.username).toBe('ada');
    expect(await store.setUserDisabled('nobody', at)).toBe(false);
  });

  it('locks an account at the limit, serves sessions until they expire', async () => {
    expect(await store.createUser({ username: 'ada', role: 'admin', passwordHash: 'hash', createdAt: at })).toBe(true);
    expect(await store.createUser({ username: 'ada', role: 'researcher', passwordHash: 'other', createdAt: at })).toBe(false);
    const until = new Date(at.getTime() + 900_000);
    expect(await store.recordLoginFailure('ada', 2, until, at)).toBe(false);
    expect((await store.findUser('ada'))?.lockedUntil).toBeNull();
    expect(await store.recordLoginFailure('ada', 2, until, at)).toBe(true);
    expect(await store.findUser('ada')).toMatchObject({ failedLogins: 2, lockedUntil: until });
    // Once the lock has expired, a failure starts the count afresh instead of locking again at once.
    const later = new Date(until.getTime() + 1);
    expect(await store.recordLoginFailure('ada', 2, new Date(later.getTime() + 900_000), later)).toBe(false);
    expect(await store.findUser('ada')).toMatchObject({ failedLogins: 1, lockedUntil: null });
    await store.clearLoginFailures('ada');
    expect(await store.findUser('ada')).toMatchObject({ failedLogins: 0, lockedUntil: null });
    await store.createSession('t'.repeat(64), 'ada', at, new Date(at.getTime() + 1000));
    expect((await store.findSessionUser('t'.repeat(64), at))?.username).toBe('ada');
    expect(await store.findSessionUser('t'.repeat(64), new Date(at.getTime() + 1000))).toBeUndefined();
    expect(await store.countUsers()).toBe(1);
  });

  it('freezes the definition at the first start and keeps it through later moves', async () => {
    expect(await store.findExperimentStateName('loan-anchor')).toBeUndefined();
    await store.setExperimentState('loan-anchor', 'running', at, { sha256: 'first', json: { v: 1 } });
    const paused = await store.setExperimentState('loan-anchor', 'paused', new Date(at.getTime() + 1), { sha256: 'second', json: { v: 2 } });
    expect(paused).toMatchObject({ state: 'paused', startedAt: at, definitionSha256: 'first', frozenDefinition: { v: 1 } });
    expect(await store.findExperimentStateName('loan-anchor')).toBe('paused');
    expect((await store.listExperimentStates()).map((state) => state.experimentKey)).toEqual(['loan-anchor']);
  });

  it('counts rate-limit hits in a window shared by every caller, and starts a new window after it', async () => {
    expect(await store.hitRateLimit('login:1.2.3.4', 60_000, at)).toEqual({ hits: 1, resetAt: new Date(at.getTime() + 60_000) });
    expect((await store.hitRateLimit('login:1.2.3.4', 60_000, new Date(at.getTime() + 59_000))).hits).toBe(2);
    expect((await store.hitRateLimit('login:1.2.3.4', 60_000, new Date(at.getTime() + 59_000), -1)).hits).toBe(1);
    expect(await store.hitRateLimit('login:1.2.3.4', 60_000, new Date(at.getTime() + 60_000))).toEqual({ hits: 1, resetAt: new Date(at.getTime() + 120_000) });
    await store.resetRateLimit('login:1.2.3.4');
    expect((await store.hitRateLimit('login:1.2.3.4', 60_000, new Date(at.getTime() + 61_000))).hits).toBe(1);
  });

  it('streams export rows with answers, change counts, panels and events, and keeps them through retention', async () => {
    // p1 carries lender events, so a key (key1) assigned it.
    await store.enrolParticipant(participant({ assignedByApiKeyId: 'key1' }));
    await store.enrolParticipant(participant({ participantId: 'p2', panelId: null, at: new Date(at.getTime() + 1000) }));
    await store.recordExposure('loan-anchor', 'p1', 'hash-1', { order: ['a'] }, at);
    const events: ProcessEvent[] = [event, { kind: 'panel', field: 'apr', value: 'open', atMs: 1500 }, { ...event, atMs: 1800 }, { kind: 'change', field: 'term', value: '84', atMs: 1900 }];
    await store.recordDecision(decision({ processData: { status: 'recorded', events } }));
    await store.recordAnswers('loan-anchor', 'p1', [{ questionKey: 'q', answer: 'x', correct: false }], at);
    await store.createApiKey({ id: 'key1', name: 'Lender', clientKey: 'sdk-1', experiments: null, createdAt: at, secretSha256: 'c'.repeat(64) });
    await store.recordApiEvents([{ experimentKey: 'loan-anchor', participantId: 'p1', name: 'loan_accepted', value: true, occurredAt: at, idempotencyKey: null }], 'key1', at);
    const rows = async () => {
      const collected = [];
      for await (const row of store.streamParticipantRows('loan-anchor')) collected.push(row);
      return collected;
    };
    const before = await rows();
    expect(before.map((row) => row.participantId)).toEqual(['p1', 'p2']);
    expect(before[0]).toMatchObject({
      presentation: { order: ['a'] },
      decision: { amount: 7000, term: 60 },
      keptDefault: false,
      processDataStatus: 'recorded',
      answers: { q: { answer: 'x', correct: false } },
      changesByField: { amount: 2, term: 1 },
      infoPanelsOpened: 1,
      events: [{ name: 'loan_accepted', value: true }],
    });
    expect(before[1]).toMatchObject({ decision: null, processDataStatus: null, changesByField: null, infoPanelsOpened: 0, events: [], answers: {} });
    const streamed = [];
    for await (const processEvent of store.streamProcessEvents('loan-anchor')) streamed.push(processEvent);
    expect(streamed).toHaveLength(4);
    expect(await store.deleteProcessDataBefore(new Date(at.getTime() + 1), new Date())).toEqual({ participants: 1, events: 4 });
    expect(await listProcessEvents(store, 'loan-anchor', 'p1')).toEqual([]);
    expect(await rows()).toEqual(before);
  });

  it('stores a unit’s lender attributes at enrolment only, streams them with its row, and erases them with it', async () => {
    const attributesOf = async (experimentKey: string) => {
      const byId: Record<string, Record<string, string>> = {};
      for await (const row of store.streamParticipantRows(experimentKey)) byId[row.participantId] = row.attributes;
      return byId;
    };
    const countAttributeRows = query('SELECT count(*) AS n FROM participant_attributes');
    const database = sqlDatabaseOf(store);
    await store.enrolParticipant(participant({ source: 'api', experimentKey: 'credit-choice', participantId: 'u1', panelId: null, arm: 'fixed-shown', attributes: { income_band: 'below-2000', region: 'north' } }));
    await store.enrolParticipant(participant({ source: 'api', experimentKey: 'credit-choice', participantId: 'u1', panelId: null, arm: 'fixed-shown', attributes: { income_band: 'above-3500' } }));
    await store.enrolParticipant(participant({ source: 'api', experimentKey: 'credit-choice', participantId: 'u2', panelId: null, arm: 'none-hidden' }));
    expect(await attributesOf('credit-choice')).toEqual({ u1: { income_band: 'below-2000', region: 'north' }, u2: {} });
    expect(Number((await database.get<{ n: number | string }>(countAttributeRows, {}))!.n)).toBe(2);
    expect(await store.eraseParticipant('u1')).toEqual(['credit-choice']);
    expect(Number((await database.get<{ n: number | string }>(countAttributeRows, {}))!.n)).toBe(0);
    expect(await attributesOf('credit-choice')).toEqual({ u2: {} });
  });

  it('stores the answers of each questionnaire page once: the before-screen page does not block the one after the screen', async () => {
    await store.enrolParticipant(participant());
    expect(await store.recordAnswers('loan-anchor', 'p1', [{ questionKey: 'age_band', answer: '25-34', correct: null }], at)).toBe(true);
    expect((await store.findParticipant('loan-anchor', 'p1'))?.answeredQuestionKeys).toEqual(['age_band']);
    expect(await store.recordAnswers('loan-anchor', 'p1', [{ questionKey: 'age_band', answer: '65-plus', correct: null }], at)).toBe(false);
    expect(await store.recordAnswers('loan-anchor', 'p1', [{ questionKey: 'recall_prefill', answer: 'none', correct: true }, { questionKey: 'attention_check', answer: 'orange', correct: true }], at)).toBe(true);
    expect((await store.findParticipant('loan-anchor', 'p1'))?.answeredQuestionKeys).toEqual(['age_band', 'attention_check', 'recall_prefill']);
    expect((await listAnswers(store, 'loan-anchor', 'p1')).find((answer) => answer.questionKey === 'age_band')?.answer).toBe('25-34');
  });

  it('erases a participant everywhere, in one experiment or all', async () => {
    await store.enrolParticipant(participant());
    await store.enrolParticipant(participant({ experimentKey: 'credit-choice', arm: 'control' }));
    await store.recordDecision(decision({ processData: { status: 'recorded', events: [event] } }));
    expect(await store.eraseParticipant('p1', 'credit-choice')).toEqual(['credit-choice']);
    expect(await store.findParticipant('loan-anchor', 'p1')).toBeDefined();
    expect(await store.eraseParticipant('p1')).toEqual(['loan-anchor']);
    expect(await store.findParticipant('loan-anchor', 'p1')).toBeUndefined();
    expect(await listProcessEvents(store, 'loan-anchor', 'p1')).toEqual([]);
    expect(await store.eraseParticipant('p1')).toEqual([]);
  });
  it('draws permuted blocks atomically: 60 concurrent entries take positions 0..59 once, every block balanced', async () => {
    const instances = await openInstances();
    try {
      const enrolled = await Promise.all(
        Array.from({ length: 60 }, (_, index) =>
          instances[index % instances.length]!.enrolParticipant(participant({ participantId: `b${index}`, panelId: null, arm: draw() })),
        ),
      );
      const positions = enrolled.map((record) => record.block!.blockIndex * 6 + record.block!.position).sort((a, b) => a - b);
      expect(positions).toEqual(Array.from({ length: 60 }, (_, position) => position));
      for (const record of enrolled) {
        expect(record.block!.stratum).toBe('');
        expect(record.arm).toBe(draw().armAt(record.block!.blockIndex, record.block!.position));
      }
      for (let blockIndex = 0; blockIndex < 10; blockIndex++) {
        const arms = enrolled.filter((record) => record.block!.blockIndex === blockIndex).map((record) => record.arm);
        expect(arms.filter((arm) => arm === 'control')).toHaveLength(2);
        expect(arms.filter((arm) => arm === 'low-anchor')).toHaveLength(2);
        expect(arms.filter((arm) => arm === 'high-anchor')).toHaveLength(2);
      }
      // Re-entry, even concurrent, keeps the arm and takes no position: the next newcomer gets position 60.
      const again = await Promise.all(enrolled.slice(0, 6).map((record) => instances.at(-1)!.enrolParticipant(participant({ participantId: record.participantId, panelId: null, arm: draw() }))));
      expect(again.map((record) => [record.arm, record.block])).toEqual(enrolled.slice(0, 6).map((record) => [record.arm, record.block]));
      const newcomer = await instances[0]!.enrolParticipant(participant({ participantId: 'b60', panelId: null, arm: draw() }));
      expect(newcomer.block).toEqual({ stratum: '', blockIndex: 10, position: 0 });
      // Each stratum counts its own positions.
      const women = [];
      for (let index = 0; index < 7; index++) women.push(await instances[0]!.enrolParticipant(participant({ participantId: `w${index}`, panelId: null, arm: draw('women') })));
      expect(women.map((record) => record.block)).toEqual(Array.from({ length: 7 }, (_, index) => ({ stratum: 'women', blockIndex: Math.floor(index / 6), position: index % 6 })));
      // The block is read back in the export rows; hashed arms have none.
      await instances[0]!.enrolParticipant(participant({ participantId: 'hashed', panelId: null }));
      const rows = new Map<string, unknown>();
      for await (const row of instances[0]!.streamParticipantRows('loan-anchor')) rows.set(row.participantId, row.block);
      expect(rows.get('w6')).toEqual({ stratum: 'women', blockIndex: 1, position: 0 });
      expect(rows.get('hashed')).toBeNull();
      expect((await instances[0]!.findParticipant('loan-anchor', 'hashed'))?.block).toBeNull();
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  }, 60_000);

  it('keeps an audit log, newest first', async () => {
    await store.appendAudit({ at, actor: 'ada', action: 'experiment.start', subject: 'loan-anchor', details: null });
    await store.appendAudit({ at: new Date(at.getTime() + 1), actor: 'cli', action: 'participant.erase', subject: 'hash', details: { experiments: ['loan-anchor'] } });
    expect(await store.listAudit(10)).toEqual([
      { at: new Date(at.getTime() + 1), actor: 'cli', action: 'participant.erase', subject: 'hash', details: { experiments: ['loan-anchor'] } },
      { at, actor: 'ada', action: 'experiment.start', subject: 'loan-anchor', details: null },
    ]);
    expect(await store.listAudit(1)).toHaveLength(1);
  });

  it('counts rate limits in memory for the one SQLite instance, in the database for PostgreSQL instances', async () => {
    await store.hitRateLimit('api-key:k1', 60_000, at);
    const stored = await sqlDatabaseOf(store).get<{ n: number }>(query('SELECT count(*) AS n FROM rate_limits'));
    expect(stored!.n).toBe(name.startsWith('SQLite') ? 0 : 1);
  });

  it('takes a backup of SQLite while it runs; PostgreSQL points to pg_dump', async () => {
    await store.enrolParticipant(participant());
    const path = join(mkdtempSync(join(tmpdir(), 'nudgelab-backup-')), 'copy.db');
    if (!name.startsWith('SQLite')) {
      await expect(store.backup(path)).rejects.toThrow('pg_dump');
      return;
    }
    await store.backup(path);
    const copy = openSqliteStore(path);
    try {
      expect((await copy.findParticipant('loan-anchor', 'p1'))?.arm).toBe('low-anchor');
    } finally {
      await copy.close();
    }
  });
});
