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
import { labAnchorFile } from '../../helpers/block-experiment';
import { freshPostgresDatabase, postgresSkipNote, postgresTestUrl } from '../../helpers/postgres';
import { csrfTokenOf } from '../../helpers/test-app';

const experiments = validateExperiments([...experimentRegistry, labAnchorFile]);
const definition = experiments.get('lab-anchor')!.definition;

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

/**
 * A browser entering by its link on one instance and consenting on another (no sticky sessions):
 * the consent page with its CSRF cookie, then the form as the page sends it. Returns the consent answer's status.
 */
async function enterAndConsent(entryUrl: string, consentUrl: string, pid: string, stratum: string, formPid = pid): Promise<number> {
  const page = await fetch(`${entryUrl}/e/lab-anchor?pid=${pid}&stratum=${stratum}`, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`entry of ${pid} answered ${page.status}`);
  const cookie = page.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const form = new URLSearchParams({ _csrf: csrfTokenOf(await page.text()), choice: 'accept', pid: formPid, lang: 'nl', stratum });
  const answer = await fetch(`${consentUrl}/e/lab-anchor/consent`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' });
  await answer.arrayBuffer();
  return answer.status;
}

/** 60 participants (40 in stratum low, 20 in high) and 12 lender-API visitors (high), all at once, alternating instances. */
async function concurrentEntries(urls: readonly string[], store: Store) {
  const { secret } = await createApiKey(store, { name: 'Lender', experiments: null });
  const participants = Array.from({ length: 60 }, (_, index) => ({ pid: `entrant-${index}`, stratum: index % 3 === 2 ? 'high' : 'low' }));
  const statuses = await Promise.all([
    ...participants.map(({ pid, stratum }, index) => enterAndConsent(urls[index % urls.length]!, urls[(index + 1) % urls.length]!, pid, stratum)),
    ...Array.from({ length: 12 }, async (_, index) => {
      const answer = await fetch(`${urls[index % urls.length]}/api/v1/assignments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ experiment: 'lab-anchor', unitId: `visitor-${index}`, stratum: 'high' }),
      });
      await answer.arrayBuffer();
      return answer.status;
    }),
  ]);
  return { participants, statuses };
}

/** Every stored assignment of the experiment with its block, checked position by position against the design. */
async function expectBalancedBlocks(store: Store, expectedPerStratum: Record<string, number>) {
  const rows = [];
  for await (const row of store.streamParticipantRows('lab-anchor')) rows.push(row);
  expect(rows.length).toBe(Object.values(expectedPerStratum).reduce((sum, count) => sum + count, 0));
  for (const [stratum, entered] of Object.entries(expectedPerStratum)) {
    const inStratum = rows.filter((row) => row.block?.stratum === stratum);
    // Positions 0 … entered-1 each taken exactly once: no gaps, no doubles.
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

/**
 * Everyone's link is opened again at once in another browser, half of them
 * with the other stratum: a participation belongs to the browser that started
 * it, so each is turned away (409), nobody moves, no position is taken.
 */
async function expectStickyReentries(urls: readonly string[], store: Store, participants: readonly { pid: string; stratum: string }[], before: Map<string, string>) {
  const statuses = await Promise.all(
    participants.map(({ pid, stratum }, index) =>
      // A consent page opened for someone new, sent with an enrolled pid: the form a participant with two tabs would send.
      enterAndConsent(urls[(index + 1) % urls.length]!, urls[index % urls.length]!, `tab-${index}`, index % 2 === 0 ? stratum : stratum === 'low' ? 'high' : 'low', pid),
    ),
  );
  expect(statuses.every((status) => status === 409)).toBe(true);
  for (const { pid } of participants) expect((await store.findParticipant('lab-anchor', pid))?.arm).toBe(before.get(pid));
  for (const { pid } of participants) {
    const again = await fetch(`${urls[0]}/e/lab-anchor?pid=${pid}`, { redirect: 'manual' });
    await again.arrayBuffer();
    expect(again.status).toBe(409);
  }
}

describe('permuted blocks under concurrent entries', () => {
  it('on SQLite: every complete block of each stratum holds each arm twice, and re-entries keep their arm', async () => {
    const store = openSqliteStore(':memory:');
    const instance = await listening(store);
    try {
      const { participants, statuses } = await concurrentEntries([instance.baseUrl], store);
      expect(statuses.filter((status) => status === 303)).toHaveLength(60);
      expect(statuses.filter((status) => status === 200)).toHaveLength(12);
      const rows = await expectBalancedBlocks(store, { low: 40, high: 32 });
      await expectStickyReentries([instance.baseUrl], store, participants, new Map(rows.map((row) => [row.participantId, row.arm])));
      await expectBalancedBlocks(store, { low: 40, high: 32 });
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
      const { participants, statuses } = await concurrentEntries(urls, stores[0]!);
      expect(statuses.filter((status) => status === 303)).toHaveLength(60);
      expect(statuses.filter((status) => status === 200)).toHaveLength(12);
      const rows = await expectBalancedBlocks(stores[1]!, { low: 40, high: 32 });
      await expectStickyReentries(urls, stores[0]!, participants, new Map(rows.map((row) => [row.participantId, row.arm])));
      await expectBalancedBlocks(stores[0]!, { low: 40, high: 32 });
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
      await Promise.all(stores.map((store) => store.close()));
    }
  }, 120_000);
});
