import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { experimentRegistry } from '../experiments/registry';
import { validateExperiments } from '../experiments/validate-experiments';
import { ensureFirstAdmin } from './admin/first-admin';
import { createApp } from './app';
import { requestTimeouts } from './http/request-timeouts';
import { initializeExperimentStates } from './lifecycle/experiment-lifecycle';
import { readConfig } from './config';
import { createLogger } from './logger';
import { scheduleProcessDataRetention } from './privacy/process-data-retention';
import { processDecisionReadWorkers } from './results/decision-read-workers';
import { openStore, storeLocation } from './store/open-store';

/** How long SIGTERM waits for in-flight requests before closing connections. */
const drainTimeoutMs = 10_000;

/**
 * Starts nudgelab: validates the experiment files, opens the store, listens,
 * has a decision-read worker ready for the results of large SQLite
 * experiments, and on SIGTERM or SIGINT stops accepting, finishes in-flight
 * requests, ends the worker and closes the database. A broken experiment file or a database newer than the
 * code stops start-up with one clear log line and exit code 1.
 */
async function main(): Promise<void> {
  const logger = createLogger();
  try {
    const config = readConfig();
    logger.level = config.LOG_LEVEL;
    const experiments = validateExperiments(experimentRegistry);
    const store = await openStore(config);
    await initializeExperimentStates(store, experiments, new Date());
    await ensureFirstAdmin(store, logger);
    const secret = config.NUDGELAB_SECRET ?? (await store.loadOrCreateSecret('cookie-secret', () => randomBytes(32).toString('hex')));
    const app = createApp({
      store,
      experiments,
      logger,
      secret,
      secureCookies: config.NUDGELAB_SECURE_COOKIES === 'true',
      apiRequestsPerMinute: config.NUDGELAB_API_REQUESTS_PER_MINUTE,
      exportRequestsPerMinute: config.NUDGELAB_EXPORT_REQUESTS_PER_MINUTE,
      corsOrigins: config.NUDGELAB_CORS_ORIGINS,
      trustProxy: config.NUDGELAB_TRUST_PROXY,
      now: () => new Date(),
    });
    const stopRetention =
      config.NUDGELAB_PROCESS_DATA_RETENTION_DAYS === undefined ? () => {} : scheduleProcessDataRetention(store, config.NUDGELAB_PROCESS_DATA_RETENTION_DAYS, logger);
    const server = createServer(requestTimeouts(config.NUDGELAB_REQUEST_TIMEOUT_MS), app);
    server.once('error', (error) => {
      logger.fatal(`cannot listen on ${config.HOST}:${config.PORT}: ${error.message}`);
      process.exit(1);
    });
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      logger.info(
        { port, database: storeLocation(config), experiments: [...experiments.keys()] },
        `nudgelab listening on http://localhost:${port} with experiments ${[...experiments.keys()].join(', ')}`,
      );
      // Loaded now, on the other core, rather than on the first cold results request's path (PostgreSQL and in-memory stores have no file to read).
      const file = store.sqliteFile();
      if (file) {
        void processDecisionReadWorkers.prewarm(file).then((ready) => {
          if (ready) logger.debug({ file }, 'decision-read worker ready');
          else logger.warn({ file }, 'the decision-read worker could not open the database; results requests start their own');
        });
      }
    });
    server.listen(config.PORT, config.HOST);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      stopRetention();
      // Kept-alive connections get their current answer and are then closed, so no new request starts on them.
      server.on('request', (_request, response) => response.setHeader('connection', 'close'));
      const force = setTimeout(() => server.closeAllConnections(), drainTimeoutMs).unref();
      server.close(async () => {
        clearTimeout(force);
        // Before the store: its connection is then the file's last, which checkpoints and removes the WAL.
        await processDecisionReadWorkers.closeAll();
        await store.close();
        logger.info('stopped; database closed');
        process.exit(0);
      });
      server.closeIdleConnections();
      // Only now: whoever reads this line finds the port closed (logged before the close, a connection made in between sat in the accept queue and was reset).
      logger.info(`${signal}: finishing in-flight requests`);
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  } catch (error) {
    logger.fatal(`nudgelab cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}

await main();
