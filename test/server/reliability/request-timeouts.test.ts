import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requestTimeouts } from '../../../server/http/request-timeouts';
import { startServerProcess } from '../../helpers/server-process';

/** Sends `text` on a raw connection and resolves with everything the server sends until it closes, and how long that took. */
function rawExchange(port: number, text: string, giveUpMs: number) {
  return new Promise<{ answer: string; closedAfterMs: number }>((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve({ answer, closedAfterMs: Date.now() - started }));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept a slow request open for ${giveUpMs} ms`));
    }, giveUpMs).unref();
  });
}

describe('request timeouts', () => {
  const server = startServerProcess({
    NUDGELAB_DB: join(mkdtempSync(join(tmpdir(), 'nudgelab-timeouts-')), 'nudgelab.db'),
    NUDGELAB_REQUEST_TIMEOUT_MS: '1000',
    NUDGELAB_ADMIN_PASSWORD: 'timeouts-admin-password',
  });
  afterAll(() => {
    server.child.kill('SIGKILL');
  });

  it('bounds headers and body by the configured time, checked often enough to matter', () => {
    expect(requestTimeouts(30_000)).toEqual({ requestTimeout: 30_000, headersTimeout: 10_000, connectionsCheckingInterval: 1_000 });
    expect(requestTimeouts(1_000)).toEqual({ requestTimeout: 1_000, headersTimeout: 1_000, connectionsCheckingInterval: 500 });
  });

  it('answers 408 and closes a connection whose body never finishes arriving', async () => {
    const port = Number(new URL(await server.started()).port);
    const slowBody = 'POST /admin/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\nusername=a';
    const { answer, closedAfterMs } = await rawExchange(port, slowBody, 8_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(closedAfterMs).toBeLessThan(5_000);
  }, 30_000);

  it('closes a connection whose headers never finish arriving', async () => {
    const port = Number(new URL(await server.started()).port);
    const { closedAfterMs } = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', 8_000);
    expect(closedAfterMs).toBeLessThan(5_000);
  }, 30_000);
});
