import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { openSqliteStore } from '../../../server/store/sqlite-store';
import { AcknowledgedTraffic, mixedTraffic } from '../../helpers/acknowledged-traffic';
import { startServerProcess } from '../../helpers/server-process';

const experiments = validateExperiments(experimentRegistry);

/** GET on a connection of its own; rejects when the server refuses the connection. */
const newConnectionStatus = (url: string) =>
  new Promise<number>((resolve, reject) => {
    http.get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });

/** A fresh database with an API key for every experiment. */
async function freshDatabase(name: string) {
  const databasePath = join(mkdtempSync(join(tmpdir(), `nudgelab-${name}-`)), 'nudgelab.db');
  const store = openSqliteStore(databasePath);
  const { secret } = await createApiKey(store, { name: 'Load', experiments: null });
  await store.close();
  return { databasePath, secret };
}

/** Every acknowledged decision and event is in the database exactly once, and the file is sound. */
function expectEverythingAcknowledgedStoredOnce(databasePath: string, traffic: AcknowledgedTraffic) {
  const db = new Database(databasePath, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const decisions = new Map(
      (db.prepare("SELECT experiment_key || '/' || participant_id AS id, count(*) AS n FROM decisions GROUP BY 1").all() as { id: string; n: number }[]).map((row) => [row.id, row.n]),
    );
    const missingDecisions = [...traffic.decisions].filter((id) => decisions.get(id) !== 1);
    expect(missingDecisions).toEqual([]);
    const events = new Map(
      (db.prepare('SELECT idempotency_key AS id, count(*) AS n FROM api_events GROUP BY 1').all() as { id: string; n: number }[]).map((row) => [row.id, row.n]),
    );
    const missingEvents = [...traffic.events].filter((id) => events.get(id) !== 1);
    expect(missingEvents).toEqual([]);
    return { storedDecisions: decisions.size, storedEvents: [...events.values()].reduce((sum, n) => sum + n, 0) };
  } finally {
    db.close();
  }
}

/**
 * A server process on a fresh database with 12 clients of mixed traffic
 * running against it until it stops answering; `untilAcknowledged` waits
 * until at least that many decisions and events were acknowledged.
 */
async function serverUnderLoad(name: string, load: { panelExperiment: string; apiExperiment: string; batchSize?: number }) {
  const { databasePath, secret } = await freshDatabase(name);
  const server = startServerProcess({ NUDGELAB_DB: databasePath, NUDGELAB_ADMIN_PASSWORD: 'durability-admin-pw' });
  const baseUrl = await server.started();
  const traffic = new AcknowledgedTraffic();
  const running = mixedTraffic({
    baseUrl,
    apiSecret: secret,
    panelExperiment: experiments.get(load.panelExperiment)!.definition,
    apiExperimentKey: load.apiExperiment,
    clients: 12,
    batchSize: load.batchSize,
    prefix: name,
    stop: () => false,
    traffic,
  });
  const untilAcknowledged = async (decisions: number, events: number) => {
    while (traffic.decisions.size < decisions || traffic.events.size < events) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  return { databasePath, server, baseUrl, traffic, running, untilAcknowledged };
}

describe('durability of a real server process', () => {
  it('keeps every acknowledged decision and event exactly once when killed with SIGKILL under load', async () => {
    const { databasePath, server, traffic, running, untilAcknowledged } = await serverUnderLoad('sigkill', { panelExperiment: 'loan-anchor', apiExperiment: 'credit-choice' });
    // Kill once a good number of writes were acknowledged, in the middle of the stream.
    await untilAcknowledged(60, 600);
    server.child.kill('SIGKILL');
    expect((await server.exited).signal).toBe('SIGKILL');
    await running;
    expect(traffic.serverErrors).toBe(0);
    expect(traffic.unanswered).toBeGreaterThan(0);

    // The database opens again and the server starts on it.
    const restarted = startServerProcess({ NUDGELAB_DB: databasePath, NUDGELAB_ADMIN_PASSWORD: 'durability-admin-pw' });
    expect((await fetch(`${await restarted.started()}/healthz`)).status).toBe(200);
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);

    const stored = expectEverythingAcknowledgedStoredOnce(databasePath, traffic);
    // Some requests in flight at the kill may have been stored without their answer reaching the client; never fewer.
    expect(stored.storedDecisions).toBeGreaterThanOrEqual(traffic.decisions.size);
    expect(stored.storedEvents).toBeGreaterThanOrEqual(traffic.events.size);
  }, 120_000);

  it('finishes in-flight requests on SIGTERM, refuses new ones, and loses nothing', async () => {
    // Large batches, so that some are in flight when the signal arrives.
    const { databasePath, server, baseUrl, traffic, running, untilAcknowledged } = await serverUnderLoad('sigterm', {
      panelExperiment: 'credit-choice',
      apiExperiment: 'loan-anchor',
      batchSize: 1000,
    });
    await untilAcknowledged(30, 3000);
    const acknowledgedBeforeSignal = traffic.decisions.size + traffic.events.size;
    server.child.kill('SIGTERM');
    await server.waitFor(/SIGTERM: finishing in-flight requests/);
    // A new connection is refused (fetch would reuse one of the load's kept-alive connections, which may still finish a request).
    await expect(newConnectionStatus(`${baseUrl}/healthz`)).rejects.toThrow('ECONNREFUSED');
    expect((await server.exited).code).toBe(0);
    await running;
    expect(server.output()).toContain('database closed');
    expect(traffic.serverErrors).toBe(0);
    expect(traffic.decisions.size + traffic.events.size).toBeGreaterThanOrEqual(acknowledgedBeforeSignal);
    expectEverythingAcknowledgedStoredOnce(databasePath, traffic);
  }, 120_000);
});
