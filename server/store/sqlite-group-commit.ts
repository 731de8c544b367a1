import type { Database } from 'better-sqlite3';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface PendingWrite {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for SQLite: writes that arrive in the same turn of the event
 * loop run in one transaction, each inside a savepoint of its own, so one
 * failing write rolls back alone and the others still commit. Every promise
 * settles only after the transaction holding its write has committed, so an
 * acknowledged write is as durable as one committed alone — at a fraction of
 * the cost, because the WAL frames and the commit are shared.
 *
 * @example
 * const commit = groupCommit(db);
 * const changes = await commit(() => insert.run(row).changes);
 */
export function groupCommit(db: Database): <T>(write: () => T) => Promise<T> {
  let pending: PendingWrite[] = [];
  let scheduled = false;
  // Built once: better-sqlite3 builds four wrapper functions for every db.transaction call.
  // Inside the batch's transaction, `inSavepoint` is a savepoint (a transaction within a transaction).
  const inSavepoint = db.transaction((write: () => unknown) => write());
  const inOneTransaction = db.transaction((batch: PendingWrite[]) => {
    // A write alone needs no savepoint of its own: if it fails, the transaction rolls back, which is all it wrote.
    if (batch.length === 1) return [{ ok: true as const, value: batch[0]!.write() }];
    return batch.map(({ write }): Outcome => {
      try {
        return { ok: true, value: inSavepoint(write) };
      } catch (error) {
        return { ok: false, error };
      }
    });
  });

  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    let outcomes: Outcome[];
    try {
      outcomes = inOneTransaction(batch);
    } catch (error) {
      // The commit itself failed (disk full, say), or the batch's only write did: nothing of the batch is stored.
      for (const { reject } of batch) reject(error);
      return;
    }
    batch.forEach(({ resolve, reject }, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
  };

  return <T>(write: () => T) =>
    new Promise<T>((resolve, reject) => {
      pending.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
