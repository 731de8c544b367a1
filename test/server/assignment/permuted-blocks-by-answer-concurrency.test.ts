import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { blockBalanceCheck } from '../../../analysis/block-balance-check';
import { experimentRegistry } from '../../../experiments/registry';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { createApp } from '../../../server/app';
import { permutedBlock } from '../../../server/assignment/permuted-block';
import { openPostgresStore } from '../../../server/store/postgres-store';
import { openSqliteStore } from '../../../server/store/sqlite-store';
import type { Store } from '../../../server/store/store';
import { labAnchorByAnswerFile } from '../../helpers/block-experiment';
import { freshPostgresDatabase, postgresSkipNote, postgresTestUrl } from '../../helpers/postgres';
import { csrfTokenOf } from '../../helpers/test-app';

const experiments = validateExperiments([...experimentRegistry, labAnchorByAnswerFile]);
const key = 'lab-anchor-by-answer';
const definition = experiments.get(key)!.definition;

/** The real app listening on 127.0.0.1 over the given store; instances over one database share the secret, as behind a load balancer. */
async function listening(store: Store) {
  const app = createApp({
    store,
    experiments,
    logger: pino({ level: 'silent' }),
    secret: 'test-secret-that-is-long-enough-0123456789',
    secureCookies: false,
    apiRequestsPerMinute: 100_000,
    now: () => new Date(),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

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

/** Every stored assignment with its block, checked position by position against the design; each complete block holds each arm twice. */
async function expectBalancedBlocks(store: Store, expectedPerStratum: Record<string, number>) {
  const rows = [];
  for await (const row of store.streamParticipantRows(key)) rows.push(row);
  expect(rows.length).toBe(Object.values(expectedPerStratum).reduce((sum, count) => sum + count, 0));
  for (const [stratum, entered] of Object.entries(expectedPerStratum)) {
    const inStratum = rows.filter((row) => row.block?.stratum === stratum);
    // Positions 0 … entered-1 each taken exactly once: no gaps (from a second tab or a silent participant), no doubles.
    const taken = inStratum.map((row) => row.block!.blockIndex * 6 + row.block!.position).sort((a, b) => a - b);
    expect(taken).toEqual(Array.from({ length: entered }, (_, index) => index));
    for (const row of inStratum) expect(row.arm).toBe(permutedBlock(definition, { blockSize: 6, stratum, blockIndex: row.block!.blockIndex })[row.block!.position]);
    for (let blockIndex = 0; blockIndex < Math.floor(entered / 6); blockIndex += 1) {
      const arms = inStratum.filter((row) => row.block!.blockIndex === blockIndex).map((row) => row.arm);
      expect({ stratum, blockIndex, control: arms.filter((arm) => arm === 'control').length, low: arms.filter((arm) => arm === 'low-anchor').length, high: arms.filter((arm) => arm === 'high-anchor').length }).toEqual({
        stratum,
        blockIndex,
        control: 2,
        low: 2,
        high: 2,
      });
    }
  }
  const check = blockBalanceCheck({ arms: definition.arms.map((arm) => arm.key), weights: [1, 1, 1], blockSize: 6 }, rows.map((row) => ({ arm: row.arm, stratum: row.block?.stratum ?? null, blockIndex: row.block?.blockIndex ?? null })));
  expect(check.violations).toEqual([]);
  return rows;
}

/** Each participant's stratum is their first answer's or their second tab's, whichever committed first, and the stored answer is that same stratum. */
async function expectAnswersMatchStrata(store: Store, answering: readonly { browser: ConsentedBrowser; stratum: string }[], silent: readonly ConsentedBrowser[]) {
  const rows = new Map<string, { stratum: string | undefined; answer: string | undefined }>();
  for await (const row of store.streamParticipantRows(key)) rows.set(row.participantId, { stratum: row.block?.stratum, answer: row.answers.current_loan?.answer });
  for (const { browser, stratum } of answering.slice(20)) expect(rows.get(browser.pid)).toEqual({ stratum, answer: stratum });
  for (const { browser } of answering.slice(0, 20)) expect(rows.get(browser.pid)!.stratum).toBe(rows.get(browser.pid)!.answer);
  for (const browser of silent) expect(await store.findParticipant(key, browser.pid)).toMatchObject({ arm: null, block: null });
}

describe('permuted blocks within a before-screen answer, under concurrent answers', () => {
  it('on SQLite: every complete block of each answer’s stratum holds each arm twice; second tabs and silent participants take no position', async () => {
    const store = openSqliteStore(':memory:');
    const instance = await listening(store);
    try {
      const { answering, silent, outcomes } = await concurrentAnswers([instance.baseUrl], store);
      expect(outcomes.filter((outcome) => outcome === `303 /e/${key}/scenario`)).toHaveLength(80);
      expect(outcomes.filter((outcome) => outcome === '200')).toHaveLength(12);
      // Which of a participant's two tabs won decides their stratum, so the split is 40/20 ± the 20 races; count it from the store.
      const strata = { no: 0, yes: 12 };
      for await (const row of store.streamParticipantRows(key)) if (row.source === 'panel') strata[row.block!.stratum as 'no' | 'yes'] += 1;
      expect(strata.no + strata.yes).toBe(72);
      await expectBalancedBlocks(store, strata);
      await expectAnswersMatchStrata(store, answering, silent);
    } finally {
      await instance.close();
      await store.close();
    }
  }, 60_000);

  it.skipIf(!postgresTestUrl)(`on two instances over one PostgreSQL database: the same${postgresSkipNote}`, async () => {
    const databaseUrl = await freshPostgresDatabase();
    const stores = [await openPostgresStore(databaseUrl, { poolSize: 5 }), await openPostgresStore(databaseUrl, { poolSize: 5 })];
    const instances = await Promise.all(stores.map((store) => listening(store)));
    const urls = instances.map((instance) => instance.baseUrl);
    try {
      const { answering, silent, outcomes } = await concurrentAnswers(urls, stores[0]!);
      expect(outcomes.filter((outcome) => outcome === `303 /e/${key}/scenario`)).toHaveLength(80);
      expect(outcomes.filter((outcome) => outcome === '200')).toHaveLength(12);
      const strata = { no: 0, yes: 12 };
      for await (const row of stores[1]!.streamParticipantRows(key)) if (row.source === 'panel') strata[row.block!.stratum as 'no' | 'yes'] += 1;
      expect(strata.no + strata.yes).toBe(72);
      await expectBalancedBlocks(stores[1]!, strata);
      await expectAnswersMatchStrata(stores[0]!, answering, silent);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
      await Promise.all(stores.map((store) => store.close()));
    }
  }, 120_000);
});
