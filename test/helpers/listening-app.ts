import type { AddressInfo } from 'node:net';
import { createTestApp } from './test-app';

/** The real app listening on an ephemeral port of 127.0.0.1, for clients that speak real HTTP; `close` stops it and closes its store (the given one too). */
export async function listeningTestApp(options: Parameters<typeof createTestApp>[0] = {}) {
  const testApp = createTestApp(options);
  const server = testApp.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    ...testApp,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await testApp.store.close();
    },
  };
}
