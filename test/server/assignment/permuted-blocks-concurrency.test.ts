import { describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { createApiKey } from '../../../server/api/api-key-secrets';
import type { Store } from '../../../server/store/store';
import { labAnchorFile } from '../../helpers/block-experiment';
import { expectBalancedBlocks } from '../../helpers/expect-balanced-blocks';
import { listeningTestApp } from '../../helpers/listening-app';
import { storeEngines } from '../../helpers/store-engines';
import { csrfTokenOf } from '../../helpers/test-app';

const experiments = validateExperiments([...experimentRegistry, labAnchorFile]);
const definition = experiments.get('lab-anchor')!.definition;

/** One app instance per store, listening on 127.0.0.1: several over one database, as behind a load balancer. */
const listeningInstances = (stores: readonly Store[]) => Promise.all(stores.map((store) => listeningTestApp({ files: [...experimentRegistry, labAnchorFile], store })));

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

const balanced = { enteredPerStratum: { low: 40, high: 32 }, armsPerBlock: { control: 2, 'low-anchor': 2, 'high-anchor': 2 } };

describe.each(storeEngines({ poolSize: 5 }))('permuted blocks under concurrent entries, on $name', (engine) => {
  // One app instance per store the engine opens: one over SQLite, two over one PostgreSQL database.
  it.skipIf(!engine.available)('every complete block of each stratum holds each arm twice, and re-entries keep their arm', async () => {
    const stores = await engine.openInstances();
    const instances = await listeningInstances(stores);
    const urls = instances.map((instance) => instance.baseUrl);
    try {
      const { participants, statuses } = await concurrentEntries(urls, stores[0]!);
      expect(statuses.filter((status) => status === 303)).toHaveLength(60);
      expect(statuses.filter((status) => status === 200)).toHaveLength(12);
      const rows = await expectBalancedBlocks(stores.at(-1)!, definition, balanced);
      await expectStickyReentries(urls, stores[0]!, participants, new Map(rows.map((row) => [row.participantId, row.arm])));
      await expectBalancedBlocks(stores[0]!, definition, balanced);
    } finally {
      // Closing an instance closes its store.
      await Promise.all(instances.map((instance) => instance.close()));
    }
  }, 120_000);
});
