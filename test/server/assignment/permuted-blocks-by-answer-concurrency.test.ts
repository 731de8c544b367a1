import { describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { createApiKey } from '../../../server/api/api-key-secrets';
import type { Store } from '../../../server/store/store';
import { labAnchorByAnswerFile } from '../../helpers/block-experiment';
import { expectBalancedBlocks } from '../../helpers/expect-balanced-blocks';
import { listeningTestApp } from '../../helpers/listening-app';
import { storeEngines } from '../../helpers/store-engines';
import { csrfTokenOf } from '../../helpers/test-app';

const experiments = validateExperiments([...experimentRegistry, labAnchorByAnswerFile]);
const key = 'lab-anchor-by-answer';
const definition = experiments.get(key)!.definition;

/** One app instance per store, listening on 127.0.0.1: several over one database, as behind a load balancer. */
const listeningInstances = (stores: readonly Store[]) => Promise.all(stores.map((store) => listeningTestApp({ files: [...experimentRegistry, labAnchorByAnswerFile], store })));

/** A browser's cookies and CSRF token after it entered and consented, with each request sent to the next instance (no sticky sessions). */
interface ConsentedBrowser {
  pid: string;
  cookie: string;
  csrf: string;
}

const cookiesOf = (response: Response, previous = '') => {
  const jar = new Map(previous.split('; ').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair] as const));
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0]!;
    jar.set(pair.slice(0, pair.indexOf('=')), pair);
  }
  return [...jar.values()].join('; ');
};

/** Opens the link on one instance and consents on another; the participant is then enrolled without an arm. */
async function enterAndConsent(entryUrl: string, consentUrl: string, pid: string): Promise<ConsentedBrowser> {
  const page = await fetch(`${entryUrl}/e/${key}?pid=${pid}`, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`entry of ${pid} answered ${page.status}`);
  const csrf = csrfTokenOf(await page.text());
  let cookie = cookiesOf(page);
  const answer = await fetch(`${consentUrl}/e/${key}/consent`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, choice: 'accept', pid, lang: 'nl' }),
    redirect: 'manual',
  });
  await answer.arrayBuffer();
  if (answer.status !== 303 || answer.headers.get('location') !== `/e/${key}/before-screen`) throw new Error(`consent of ${pid} answered ${answer.status} → ${answer.headers.get('location')}`);
  cookie = cookiesOf(answer, cookie);
  return { pid, cookie, csrf };
}

/** Sends the before-screen answer; returns the status and where it leads. */
async function sendAnswer(url: string, browser: ConsentedBrowser, stratum: string): Promise<string> {
  const answer = await fetch(`${url}/e/${key}/before-screen`, {
    method: 'POST',
    headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: browser.csrf, q_current_loan: stratum }),
    redirect: 'manual',
  });
  await answer.arrayBuffer();
  return `${answer.status} ${answer.headers.get('location')}`;
}

/**
 * 66 participants consent at once, alternating instances; then, all at once:
 * 60 of them answer (40 "no", 20 "yes"), 20 of those also from a second tab
 * with the other answer at the same moment, 6 never answer, and 12 lender-API
 * visitors are assigned in stratum "yes".
 */
async function concurrentAnswers(urls: readonly string[], store: Store) {
  const { secret } = await createApiKey(store, { name: 'Lender', experiments: null });
  const browsers = await Promise.all(Array.from({ length: 66 }, (_, index) => enterAndConsent(urls[index % urls.length]!, urls[(index + 1) % urls.length]!, `entrant-${index}`)));
  const answering = browsers.slice(0, 60).map((browser, index) => ({ browser, stratum: index % 3 === 2 ? 'yes' : 'no' }));
  const outcomes = await Promise.all([
    ...answering.map(({ browser, stratum }, index) => sendAnswer(urls[index % urls.length]!, browser, stratum)),
    ...answering.slice(0, 20).map(({ browser, stratum }, index) => sendAnswer(urls[(index + 1) % urls.length]!, browser, stratum === 'yes' ? 'no' : 'yes')),
    ...Array.from({ length: 12 }, async (_, index) => {
      const answer = await fetch(`${urls[index % urls.length]}/api/v1/assignments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ experiment: key, unitId: `visitor-${index}`, stratum: 'yes' }),
      });
      await answer.arrayBuffer();
      return String(answer.status);
    }),
  ]);
  return { answering, silent: browsers.slice(60), outcomes };
}

/** Each participant's stratum is their first answer's or their second tab's, whichever committed first, and the stored answer is that same stratum. */
async function expectAnswersMatchStrata(store: Store, answering: readonly { browser: ConsentedBrowser; stratum: string }[], silent: readonly ConsentedBrowser[]) {
  const rows = new Map<string, { stratum: string | undefined; answer: string | undefined }>();
  for await (const row of store.streamParticipantRows(key)) rows.set(row.participantId, { stratum: row.block?.stratum, answer: row.answers.current_loan?.answer });
  for (const { browser, stratum } of answering.slice(20)) expect(rows.get(browser.pid)).toEqual({ stratum, answer: stratum });
  for (const { browser } of answering.slice(0, 20)) expect(rows.get(browser.pid)!.stratum).toBe(rows.get(browser.pid)!.answer);
  for (const browser of silent) expect(await store.findParticipant(key, browser.pid)).toMatchObject({ arm: null, block: null });
}

describe.each(storeEngines({ poolSize: 5 }))('permuted blocks within a before-screen answer, under concurrent answers, on $name', (engine) => {
  // One app instance per store the engine opens: one over SQLite, two over one PostgreSQL database.
  it.skipIf(!engine.available)('every complete block of each answer’s stratum holds each arm twice; second tabs and silent participants take no position', async () => {
    const stores = await engine.openInstances();
    const instances = await listeningInstances(stores);
    const urls = instances.map((instance) => instance.baseUrl);
    try {
      const { answering, silent, outcomes } = await concurrentAnswers(urls, stores[0]!);
      expect(outcomes.filter((outcome) => outcome === `303 /e/${key}/scenario`)).toHaveLength(80);
      expect(outcomes.filter((outcome) => outcome === '200')).toHaveLength(12);
      // Which of a participant's two tabs won decides their stratum, so the split is 40/20 ± the 20 races; count it from the store.
      const strata = { no: 0, yes: 12 };
      for await (const row of stores.at(-1)!.streamParticipantRows(key)) if (row.source === 'panel') strata[row.block!.stratum as 'no' | 'yes'] += 1;
      expect(strata.no + strata.yes).toBe(72);
      await expectBalancedBlocks(stores.at(-1)!, definition, { enteredPerStratum: strata, armsPerBlock: { control: 2, 'low-anchor': 2, 'high-anchor': 2 } });
      await expectAnswersMatchStrata(stores[0]!, answering, silent);
    } finally {
      // Closing an instance closes its store.
      await Promise.all(instances.map((instance) => instance.close()));
    }
  }, 120_000);
});
