import { describe, expect, it } from 'vitest';
import { UnknownParticipantError, type NewParticipant, type Store } from '../../../server/store/store';
import { openStoreForEachTest, storeEngines } from '../../helpers/store-engines';
import { consentedParticipant, createTestApp, validAnswers } from '../../helpers/test-app';

const key = 'loan-anchor';
const stackTrace = /at .*\.(ts|js):\d+|Error: /;

/** Makes the store erase `participantId` just before it runs `method`: an admin's erasure landing between a page's read and its write. */
function eraseJustBefore<K extends 'recordExposure' | 'recordDecision' | 'recordCompletion'>(store: Store, method: K, participantId: string) {
  const original = store[method].bind(store) as (...parameters: unknown[]) => Promise<unknown>;
  (store as unknown as Record<K, (...parameters: unknown[]) => Promise<unknown>>)[method] = async (...parameters: unknown[]) => {
    await store.eraseParticipant(participantId, key);
    return original(...parameters);
  };
}

describe('an erasure racing a participant’s screen, decision and completion', () => {
  it('the screen: the friendly "open the link again" page (403), not a 500, and no exposure stored', async () => {
    const { app, store } = createTestApp();
    const { agent } = await consentedParticipant(app, key, 'p1', 'en');
    eraseJustBefore(store, 'recordExposure', 'p1');
    const page = await agent.get(`/e/${key}/screen`);
    expect(page.status).toBe(403);
    expect(page.text).toContain('Please open the study link again');
    expect(page.text).not.toMatch(stackTrace);
    expect(await store.findParticipant(key, 'p1')).toBeUndefined();
  });

  it('the decision: 403 in the participant’s language, nothing stored', async () => {
    const { app, store } = createTestApp();
    const { agent, csrf } = await consentedParticipant(app, key, 'p1');
    await agent.get(`/e/${key}/screen`).expect(200);
    eraseJustBefore(store, 'recordDecision', 'p1');
    const page = await agent.post(`/e/${key}/screen`).type('form').send({ _csrf: csrf, amount: '5000', term: '60' });
    expect(page.status).toBe(403);
    expect(page.text).toContain('Open de link van het onderzoek opnieuw.');
    expect(page.text).not.toMatch(stackTrace);
    expect(await store.findParticipant(key, 'p1')).toBeUndefined();
  });

  it('the completion after the questionnaire: 403, not a 500', async () => {
    const { app, store, experiments } = createTestApp();
    const { agent, csrf } = await consentedParticipant(app, key, 'p1', 'en');
    await agent.get(`/e/${key}/screen`).expect(200);
    await agent.post(`/e/${key}/screen`).type('form').send({ _csrf: csrf, amount: '5000', term: '60' }).expect(303).expect('location', `/e/${key}/questionnaire`);
    const arm = (await store.findParticipant(key, 'p1'))!.arm!;
    eraseJustBefore(store, 'recordCompletion', 'p1');
    const afterScreen = experiments.get(key)!.definition.questionnaire.filter((question) => question.timing !== 'before-screen');
    const page = await agent.post(`/e/${key}/questionnaire`).type('form').send({ _csrf: csrf, ...validAnswers(afterScreen, arm) });
    expect(page.status).toBe(403);
    expect(page.text).toContain('Please open the study link again');
    expect(await store.findParticipant(key, 'p1')).toBeUndefined();
  });
});

const newParticipant: NewParticipant = {
  experimentKey: key,
  participantId: 'p1',
  panelId: 'p1',
  locale: 'nl',
  userAgentClass: 'desktop',
  arm: 'control',
  definitionHash: 'hash-1',
  at: new Date('2026-11-28T10:00:00.000Z'),
};

describe.each(storeEngines({ poolSize: 2, noun: ' store' }))('writes for a participant who is not enrolled, on the $name', (engine) => {
  let store: Store;
  const it = openStoreForEachTest(engine, (opened) => {
    store = opened;
  });
  const at = new Date('2026-11-28T10:01:00.000Z');

  it('refuse with UnknownParticipantError and store nothing (exposure, decision, completion), where a foreign key used to fail', async () => {
    await expect(store.recordExposure(key, 'ghost', 'hash-1', {}, at)).rejects.toBeInstanceOf(UnknownParticipantError);
    await expect(
      store.recordDecision({ experimentKey: key, participantId: 'ghost', values: { amount: 5000 }, keptDefault: null, timeToDecisionMs: 1000, timingSource: 'client', processData: { status: 'missing' }, at }),
    ).rejects.toBeInstanceOf(UnknownParticipantError);
    await expect(store.recordCompletion(key, 'ghost', 'ABCDEF123456', at)).rejects.toBeInstanceOf(UnknownParticipantError);
    expect(await store.findParticipant(key, 'ghost')).toBeUndefined();
  });

  it('still record once and answer repeats as before for an enrolled participant', async () => {
    await store.enrolParticipant(newParticipant);
    expect(await store.recordExposure(key, 'p1', 'hash-1', { order: ['a'] }, at)).toBe(true);
    expect(await store.recordExposure(key, 'p1', 'hash-1', { order: ['b'] }, at)).toBe(false);
    expect(await store.recordCompletion(key, 'p1', 'FIRST0000000', at)).toBe('FIRST0000000');
    expect(await store.recordCompletion(key, 'p1', 'SECOND000000', at)).toBe('FIRST0000000');
    expect((await store.findParticipant(key, 'p1'))!.presentation).toEqual({ order: ['a'] });
  });
});
