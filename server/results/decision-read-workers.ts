import { Worker } from 'node:worker_threads';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { DecisionReadWorkerData, DecisionReadWorkerReply, DecisionReadWorkerRequest } from './decision-read-worker-messages';
import type { ClaimedStretches } from './read-claimed-stretches';
import type { SharedStretches } from './stretch-board';

/** How long `closeAll` lets a worker close its connection before it is terminated. */
const closeTimeoutMs = 2_000;

/**
 * A decision-read worker lent to one results request: `read` hands it that
 * request's job (its promise settles with what the worker read, and rejects
 * if the worker fails or ends first), once.
 */
export type LentDecisionReadWorker = {
  readonly threadId: number;
  read(definition: ExperimentDefinition, stretches: SharedStretches): Promise<ClaimedStretches>;
};

/** One worker thread and what the pool knows of it. */
type RunningWorker = {
  file: string;
  worker: Worker;
  alive: boolean;
  /** Asked to end (by closeAll, or given back when not wanted): never lent or kept again. */
  leaving: boolean;
  ready: Promise<boolean>;
  /** The job waiting for its reply, if any. */
  pending: { resolve(columns: ClaimedStretches): void; reject(error: Error): void } | null;
  exited: Promise<void>;
};

/**
 * The decision-read worker threads of this process (see
 * startParallelDecisionRead), kept between results requests so that a
 * request finds one loaded, its read-only connection open: starting one
 * (loading the modules, opening the database) costs about 0.3 s of CPU.
 *
 * `prewarm(file)` starts a worker for that SQLite file ahead of the first
 * request and asks the pool to keep one idle worker for it from then on
 * (idempotent; its promise says whether the worker opened the file). `lend`
 * gives a request the idle worker of its file, or starts a new one when there
 * is none or it is busy (so a concurrent request still reads on two threads
 * and never waits on another). A worker that answered goes back to being the
 * file's idle worker if the file is kept and has none; otherwise it ends (so
 * a file that was never prewarmed has a worker per request, as before). A
 * worker that fails, or ends, is dropped; the next request starts another.
 * An idle worker does not keep the process alive (it is unref'd). `closeAll`
 * ends every worker (each closes its connection first) and keeps none
 * afterwards: call it on shutdown, before the store closes, so the store's
 * connection is the file's last.
 *
 * @example
 * const workers = decisionReadWorkers();
 * await workers.prewarm('/var/lib/nudgelab/nudgelab.db'); // => true, a worker ready
 * const lent = workers.lend('/var/lib/nudgelab/nudgelab.db'); // the same worker, no start
 * const columns = await lent.read(loanAnchor, board.shared);
 * await workers.closeAll();
 */
export function decisionReadWorkers() {
  const running = new Set<RunningWorker>();
  const idle = new Map<string, RunningWorker>();
  const kept = new Set<string>();
  let closed = false;
  let started = 0;

  const start = (file: string): RunningWorker => {
    const workerData: DecisionReadWorkerData = { file };
    // Compiled (dist/) the worker is JavaScript; run from the sources (tests, tsx) it is TypeScript, loaded through tsx's loader.
    const worker = import.meta.url.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./decision-columns-worker.ts', import.meta.url).href)}); })`,
          { eval: true, workerData },
        )
      : new Worker(new URL('./decision-columns-worker.js', import.meta.url), { workerData });
    started += 1;
    let markReady: (opened: boolean) => void = () => {};
    const each: RunningWorker = {
      file,
      worker,
      alive: true,
      leaving: false,
      ready: new Promise((resolve) => (markReady = resolve)),
      pending: null,
      exited: new Promise((resolve) => worker.once('exit', () => resolve())),
    };
    const end = (error: Error) => {
      if (!each.alive) return;
      each.alive = false;
      markReady(false);
      if (idle.get(file) === each) idle.delete(file);
      each.pending?.reject(error);
      each.pending = null;
    };
    worker.on('message', (reply: DecisionReadWorkerReply) => {
      if (reply.kind === 'ready') return markReady(true);
      const job = each.pending;
      each.pending = null;
      if (reply.kind === 'columns') return job?.resolve(reply.columns);
      job?.reject(new Error(`the decision-read worker could not read: ${reply.message}`));
      // A worker whose read failed is not trusted with another.
      end(new Error(reply.message));
      void worker.terminate();
    });
    worker.on('error', end);
    worker.on('exit', (code) => end(new Error(`the decision-read worker stopped (exit code ${code}) before it answered`)));
    running.add(each);
    void each.exited.then(() => running.delete(each));
    return each;
  };

  /** Idle: kept as its file's idle worker, not keeping the process alive. */
  const rest = (each: RunningWorker) => {
    each.worker.unref();
    idle.set(each.file, each);
  };

  /** A worker that answered (or whose job could not be sent): kept if its file wants one and has none idle, else ended. */
  const giveBack = (each: RunningWorker) => {
    if (!each.alive || each.leaving) return;
    if (!closed && kept.has(each.file) && !idle.has(each.file)) rest(each);
    else void stop(each);
  };

  /** Asks the worker to close its connection and end; terminates it if it has not within closeTimeoutMs. */
  const stop = async (each: RunningWorker) => {
    each.leaving = true;
    // Held until it has ended: whoever awaits this (a shutdown) must not see the process end first.
    each.worker.ref();
    if (each.alive && !each.pending) each.worker.postMessage({ kind: 'close' } satisfies DecisionReadWorkerRequest);
    else void each.worker.terminate();
    const timer = setTimeout(() => void each.worker.terminate(), closeTimeoutMs).unref();
    await each.exited;
    clearTimeout(timer);
  };

  return {
    /**
     * Starts a worker for `file` now, unless one is already kept, and keeps
     * one idle for it from now on. Resolves true once that worker has opened
     * the file, false if it could not (it is then dropped; requests start
     * their own, as without prewarming).
     */
    prewarm(file: string): Promise<boolean> {
      if (closed) return Promise.resolve(false);
      kept.add(file);
      const found = idle.get(file) ?? [...running].find((each) => each.file === file && each.alive && !each.leaving);
      if (found) return found.ready;
      const each = start(file);
      rest(each);
      return each.ready;
    },

    /** The idle worker of `file` if there is one, else a new one; for one results request. */
    lend(file: string): LentDecisionReadWorker {
      const found = idle.get(file);
      if (found) idle.delete(file);
      const each = found?.alive ? found : start(file);
      each.worker.ref();
      let used = false;
      return {
        threadId: each.worker.threadId,
        read(definition, stretches) {
          if (used) throw new Error('a lent decision-read worker is given one job');
          used = true;
          if (!each.alive) return Promise.reject(new Error('the decision-read worker had stopped before it was given its job'));
          const columns = new Promise<ClaimedStretches>((resolve, reject) => (each.pending = { resolve, reject }));
          try {
            each.worker.postMessage({ kind: 'read', definition, stretches } satisfies DecisionReadWorkerRequest, [stretches.keys]);
          } catch (error) {
            // A job that cannot be sent (a value that does not clone) never reached the worker, which is free again.
            each.pending = null;
            giveBack(each);
            return Promise.reject(error as Error);
          }
          // Returned to the pool once it answered; a failure has already dropped it.
          columns.then(
            () => giveBack(each),
            () => {},
          );
          return columns;
        },
      };
    },

    /** Ends every worker (idle ones close their connection first) and keeps none from now on; resolves once all have ended. */
    async closeAll(): Promise<void> {
      closed = true;
      kept.clear();
      idle.clear();
      await Promise.all([...running].map(stop));
    },

    /** How many workers this pool has started, for tests that check a worker was reused. */
    get started() {
      return started;
    },

    /** The worker kept idle for `file`, if any (tests end it to see a request recover). */
    idleWorker(file: string): Worker | undefined {
      return idle.get(file)?.worker;
    },

    /** How many worker threads have not yet ended, idle, busy or being stopped. */
    get running() {
      return running.size;
    },
  };
}

/** What decisionReadWorkers returns. */
export type DecisionReadWorkers = ReturnType<typeof decisionReadWorkers>;

/** The process's own pool: the server prewarms it, and results requests borrow from it. */
export const processDecisionReadWorkers: DecisionReadWorkers = decisionReadWorkers();
