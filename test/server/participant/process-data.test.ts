import { describe, expect, it } from 'vitest';
import { maximumProcessDataLength, parseProcessData } from '../../../server/participant/process-data';
import { consentedParticipant, createTestApp } from '../../helpers/test-app';
import { listDecisions, listProcessEvents } from '../../helpers/store-reads';

const valid = {
  version: 1,
  timeToDecisionMs: 15_400,
  events: [
    { kind: 'change', field: 'amount', value: '6000', atMs: 3100 },
    { kind: 'panel', field: 'apr', value: 'open', atMs: 5200 },
    { kind: 'change', field: 'term', value: '84', atMs: 9800 },
  ],
};

async function submit(processData: string | undefined) {
  const { app, store } = createTestApp();
  const { agent, csrf } = await consentedParticipant(app, 'loan-anchor', 'process');
  await agent.get('/e/loan-anchor/screen').expect(200);
  const response = await agent
    .post('/e/loan-anchor/screen')
    .type('form')
    .send({ _csrf: csrf, amount: '6000', term: '84', ...(processData === undefined ? {} : { processData }) });
  return { response, store };
}

describe('process data posted with a decision', () => {
  it('stores every event with its time, and the browser-measured time to decide', async () => {
    const { response, store } = await submit(JSON.stringify(valid));
    expect(response.status).toBe(303);
    expect(await listProcessEvents(store, 'loan-anchor', 'process')).toEqual(valid.events);
    expect((await store.findParticipant('loan-anchor', 'process'))?.decision).toMatchObject({
      timeToDecisionMs: 15_400,
      timingSource: 'client',
      processDataStatus: 'recorded',
    });
  });

  it('keeps the decision without JavaScript, marking process data missing and timing it on the server', async () => {
    const { response, store } = await submit(undefined);
    expect(response.status).toBe(303);
    const decision = (await store.findParticipant('loan-anchor', 'process'))?.decision;
    expect(decision).toMatchObject({ processDataStatus: 'missing', timingSource: 'server', values: { amount: 6000, term: 84 } });
    expect(decision?.timeToDecisionMs).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['broken JSON', '{"version":1,'],
    ['a wrong version', JSON.stringify({ ...valid, version: 2 })],
    ['an unknown event kind', JSON.stringify({ ...valid, events: [{ kind: 'keystroke', field: 'amount', value: 'x', atMs: 1 }] })],
    ['a negative time', JSON.stringify({ ...valid, timeToDecisionMs: -5 })],
    ['an extra field', JSON.stringify({ ...valid, userAgent: 'spy' })],
    ['too many events', JSON.stringify({ ...valid, events: Array.from({ length: 1001 }, (_, atMs) => ({ kind: 'change', field: 'amount', value: '1', atMs })) })],
    ['an oversized payload', JSON.stringify({ ...valid, events: [{ kind: 'change', field: 'amount', value: 'x'.repeat(maximumProcessDataLength), atMs: 1 }] })],
  ])('refuses %s with 400 and stores nothing', async (_label, processData) => {
    const { response, store } = await submit(processData);
    expect(response.status).toBe(400);
    expect(response.text).toContain('kon niet goed worden verstuurd');
    expect(await listDecisions(store, 'loan-anchor')).toEqual([]);
    expect(await listProcessEvents(store, 'loan-anchor', 'process')).toEqual([]);
  });

  it('parses as documented', () => {
    expect(parseProcessData('')).toEqual({ ok: true, processData: { status: 'missing' }, timeToDecisionMs: null });
    expect(parseProcessData(['a', 'b'])).toEqual({ ok: false, problem: 'malformed' });
    expect(parseProcessData('x'.repeat(maximumProcessDataLength + 1))).toEqual({ ok: false, problem: 'oversized' });
  });
});
