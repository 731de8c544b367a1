import { join } from 'node:path';
import { createApiKey } from '../../server/api/api-key-secrets';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { startServerProcess } from '../helpers/server-process';

/**
 * A nudgelab server for a benchmark, started as `npm start` starts it (or
 * from another build's `script`), on a fresh SQLite file `NAME.db` in
 * `folder` that holds one API key, with rate limits out of the way; stopped by
 * `stop()`.
 *
 * @example
 * const server = await nudgelabBenchServer('/tmp/bench', 'http');
 * await fetch(`${server.baseUrl}/api/v1/assignments`, { method: 'POST', headers: { authorization: `Bearer ${server.secret}` }, … });
 * await server.stop();
 */
export async function nudgelabBenchServer(folder: string, name: string, script = 'dist/server/main.js') {
  const databasePath = join(folder, `${name}.db`);
  const store = openSqliteStore(databasePath);
  const { secret } = await createApiKey(store, { name: 'Benchmark', experiments: null });
  await store.close();
  const server = startServerProcess(
    { NUDGELAB_DB: databasePath, NUDGELAB_API_REQUESTS_PER_MINUTE: '1000000', NUDGELAB_ADMIN_PASSWORD: 'benchmark-admin-pw', LOG_LEVEL: 'info' },
    script,
  );
  const baseUrl = await server.started();
  return {
    baseUrl,
    databasePath,
    secret,
    pid: server.child.pid!,
    stop: async () => {
      server.child.kill('SIGTERM');
      await server.exited;
    },
  };
}
