import { describe, expect, it as vitestIt } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { csrfOf, SimulatedBrowser } from '../../../server/cli/simulate-participants';
import type { NewParticipant, Store } from '../../../server/store/store';
import { storeEngines } from '../../helpers/store-engines';
import { validAnswers } from '../../helpers/test-app';
import { listeningTestApp } from '../../helpers/listening-app';

const experiments = validateExperiments(experimentRegistry);
const key = 'loan-anchor';
const base = `/e/${key}`;
const boundTitle = 'This link was already used';
const stackTrace = /at .*\.(ts|js):\d+|Error: /;

/** The real app listening on 127.0.0.1 over `store` (closed with it); instances over one database share the secret, as behind a load balancer. */
const listening = (store: Store) => listeningTestApp({ store });

/**
 * Makes a store's reads of a participant slow, as on a loaded database: each
 * answer comes back 30 ms after it was read, so a request acts on a read that
 * another request's write may have overtaken. Without it the window between
 * the binding check and the enrolment is a few microseconds on SQLite.
 */
function slowParticipantReads(store: Store): void {
  const read = store.findParticipant.bind(store);
  store.findParticipant = async (experimentKey, participantId) => {
    const answer = await read(experimentKey, participantId);
    await new Promise((resolve) => setTimeout(resolve, 30));
    return answer;
  };
}

/** Every stored participant of the experiment, test traffic included. */
async function storedParticipantIds(store: Store): Promise<string[]> {
  const ids: string[] = [];
  for await (const row of store.streamParticipantRows(key, { includeTest: true })) ids.push(row.participantId);
  return ids;
}

/**
 * For each panel id, `consenting` browsers that opened the consent page and
 * now accept it at the same instant, and `opening` browsers that open the same
 * panel link at that instant; requests alternate between the instances (no
 * sticky sessions). Returns every browser with what it was answered.
 */
async function sameLinkAtOnce(urls: readonly string[], pids: readonly string[], { consenting, opening }: { consenting: number; opening: number }) {
  const browsers = pids.flatMap((pid, pidIndex) =>
    Array.from({ length: consenting + opening }, (_, index) => {
      // Each browser starts on its own instance, so consecutive requests of one browser land on different instances.
      const rotated = [...urls.slice((pidIndex + index) % urls.length), ...urls.slice(0, (pidIndex + index) % urls.length)];
      return { pid, consents: index < consenting, browser: new SimulatedBrowser(rotated), csrf: '' };
    }),
  );
  for (const entrant of browsers.filter((browser) => browser.consents)) {
    const page = await entrant.browser.request('GET', `${base}?pid=${entrant.pid}&lang=en`);
    expect(page.status).toBe(200);
    entrant.csrf = csrfOf(page.body);
  }
  const answers = await Promise.all(
    browsers.map(({ pid, consents, browser, csrf }) =>
      consents ? browser.request('POST', `${base}/consent`, { _csrf: csrf, choice: 'accept', pid, lang: 'en' }) : browser.request('GET', `${base}?pid=${pid}&lang=en`),
    ),
  );
  return browsers.map((browser, index) => ({ ...browser, answer: answers[index]! }));
}

/** The winner goes on: the link again (a reload), the screen, a decision, the questionnaire and the completion code. */
async function winnerCompletes(browser: SimulatedBrowser, pid: string, csrf: string, store: Store) {
  const reopened = await browser.request('GET', `${base}?pid=${pid}&lang=en`);
  expect(reopened.status).toBe(303);
  expect((await browser.request('GET', `${base}/screen`)).status).toBe(200);
  const decision = await browser.request('POST', `${base}/screen`, { _csrf: csrf, amount: '7000', term: '60', processData: '' });
  expect([decision.status, decision.location]).toEqual([303, `${base}/questionnaire`]);
  const arm = (await store.findParticipant(key, pid))!.arm!;
  const questionnaire = experiments.get(key)!.definition.questionnaire.filter((question) => question.timing !== 'before-screen');
  const answered = await browser.request('POST', `${base}/questionnaire`, { _csrf: csrf, ...validAnswers(questionnaire, arm) });
  expect([answered.status, answered.location]).toEqual([303, `${base}/debrief`]);
  const debrief = await browser.request('GET', `${base}/debrief`);
  expect(debrief.body).toMatch(/data-testid="completion-code">[0-9A-F]{12}</);
}

describe.each(storeEngines({ poolSize: 4 }))('browsers using the same panel link at the same instant, on $name (instances over one database)', (engine) => {
  const it = engine.available ? vitestIt : vitestIt.skip;

  it.each([
    { reads: 'as fast as they come', slow: false },
    { reads: 'slowed (a loaded database)', slow: true },
  ])('with reads $reads: binds the id to exactly one browser; every other gets the "link already used" page (409), never a 500; one participation is stored', async ({ slow }) => {
    const stores = await engine.openInstances();
    if (slow) stores.forEach(slowParticipantReads);
    const instances = await Promise.all(stores.map(listening));
    try {
      const urls = instances.map((instance) => instance.baseUrl);
      const pids = Array.from({ length: 12 }, (_, index) => `race-${index}`);
      const browsers = await sameLinkAtOnce(urls, pids, { consenting: 8, opening: 4 });

      for (const { answer } of browsers) {
        expect(answer.status).toBeLessThan(500);
        expect(answer.body).not.toMatch(stackTrace);
      }
      for (const pid of pids) {
        const ofPid = browsers.filter((browser) => browser.pid === pid);
        // Only a browser whose consent enrolled the id may go on: its answer is the one 303, and it alone opens the screen.
        const onScreen = await Promise.all(ofPid.map(async ({ browser }) => (await browser.request('GET', `${base}/screen`)).status));
        expect({ pid, mayGoOn: onScreen.filter((status) => status === 200).length }).toEqual({ pid, mayGoOn: 1 });
        const winner = ofPid[onScreen.indexOf(200)]!;
        expect(winner.consents).toBe(true);
        expect(winner.answer.status).toBe(303);
        for (const other of ofPid.filter((browser) => browser !== winner)) {
          // A browser that opened the link before the consent landed sees the consent page; every other is turned away politely.
          if (other.answer.status === 200) expect(other.consents).toBe(false);
          else {
            expect(other.answer.status).toBe(409);
            expect(other.answer.body).toContain(boundTitle);
            expect(other.answer.body).not.toContain('<form');
          }
        }
        expect(onScreen.filter((status) => status !== 200).every((status) => status === 403)).toBe(true);
      }
      expect((await storedParticipantIds(stores[0]!)).sort()).toEqual([...pids].sort());

      // The binding is sticky for the winner, whichever instance answers.
      const first = browsers.find((browser) => browser.pid === 'race-0' && browser.answer.status === 303)!;
      await winnerCompletes(first.browser, 'race-0', first.csrf, stores[0]!);
    } finally {
      for (const instance of instances) await instance.close();
    }
  }, 60_000);
});

describe.each(storeEngines({ poolSize: 4 }))('browsers opening a released panel link at the same instant, on $name (instances over one database)', (engine) => {
  const it = engine.available ? vitestIt : vitestIt.skip;

  it('lets exactly one of them take the participation over; the others get the "link already used" page', async () => {
    const stores = await engine.openInstances();
    const instances = await Promise.all(stores.map(listening));
    try {
      const urls = instances.map((instance) => instance.baseUrl);
      const [first] = await sameLinkAtOnce(urls, ['moved-1'], { consenting: 1, opening: 0 });
      expect(first!.answer.status).toBe(303);
      expect(await stores[0]!.releaseParticipant(key, 'moved-1', new Date())).toBe(true);
      const others = Array.from({ length: 8 }, (_, index) => new SimulatedBrowser([...urls.slice(index % urls.length), ...urls.slice(0, index % urls.length)]));
      const answers = await Promise.all(others.map((browser) => browser.request('GET', `${base}?pid=moved-1&lang=en`)));
      expect(answers.map((answer) => answer.status).sort()).toEqual([303, 409, 409, 409, 409, 409, 409, 409]);
      for (const answer of answers.filter((answer) => answer.status === 409)) expect(answer.body).toContain(boundTitle);
      const onScreen = await Promise.all(others.map(async (browser) => (await browser.request('GET', `${base}/screen`)).status));
      expect(onScreen.sort()).toEqual([200, 403, 403, 403, 403, 403, 403, 403]);
    } finally {
      for (const instance of instances) await instance.close();
    }
  });
});

describe.each(storeEngines({ poolSize: 4, noun: ' store' }))('enrolNewParticipant racing for one id, on the $name (instances over one database)', (engine) => {
  const it = engine.available ? vitestIt : vitestIt.skip;

  it('gives the record to exactly one of the concurrent requests and undefined to the others; the id keeps the winner’s enrolment', async () => {
    const stores = await engine.openInstances();
    try {
      const newcomer = (locale: 'nl' | 'en'): NewParticipant => ({
        experimentKey: key,
        participantId: 'race-store',
        panelId: 'race-store',
        locale,
        userAgentClass: 'desktop',
        arm: 'control',
        definitionHash: 'hash-1',
        at: new Date('2026-11-29T01:00:00.000Z'),
      });
      const outcomes = await Promise.all(Array.from({ length: 12 }, (_, index) => stores[index % stores.length]!.enrolNewParticipant(newcomer(index % 2 === 0 ? 'nl' : 'en'))));
      const winners = outcomes.filter((outcome) => outcome !== undefined);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ participantId: 'race-store', arm: 'control', exposedAt: null, decision: null });
      expect(await storedParticipantIds(stores[0]!)).toEqual(['race-store']);
      // Later enrolments of the id: the new-only one is refused, the sticky one returns the winner's record.
      expect(await stores[0]!.enrolNewParticipant(newcomer('nl'))).toBeUndefined();
      expect((await stores[stores.length - 1]!.enrolParticipant(newcomer('nl'))).locale).toBe(winners[0]!.locale);
    } finally {
      for (const store of stores) await store.close();
    }
  });
});
