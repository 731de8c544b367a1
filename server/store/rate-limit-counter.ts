import { query, type SqlDatabase } from './sql-database';

/** Fixed-window request counts for rate limits (login attempts, lender API keys). */
export interface RateLimitCounter {
  /**
   * Counts `hits` (1, or -1 to take one back) for `key` in a fixed window of
   * `windowMs` that starts at the key's first hit. Returns the hits so far and
   * when the window resets.
   */
  hitRateLimit(key: string, windowMs: number, now: Date, hits?: number): Promise<{ hits: number; resetAt: Date }>;
  resetRateLimit(key: string): Promise<void>;
}

const hitRateLimit = query(
  `INSERT INTO rate_limits (key, window_started_at, hits) VALUES (:key, :now, CASE WHEN :hits > 0 THEN :hits ELSE 0 END)
   ON CONFLICT (key) DO UPDATE SET
     hits = CASE WHEN rate_limits.window_started_at <= :windowCutoff THEN excluded.hits
                 WHEN rate_limits.hits + :hits > 0 THEN rate_limits.hits + :hits ELSE 0 END,
     window_started_at = CASE WHEN rate_limits.window_started_at <= :windowCutoff THEN excluded.window_started_at ELSE rate_limits.window_started_at END
   RETURNING hits, window_started_at`,
);
const resetRateLimit = query('DELETE FROM rate_limits WHERE key = :key');

/**
 * Counts in the database, so that every instance behind a load balancer sees
 * the same count: a client cannot get N requests per instance.
 *
 * @example
 * await databaseRateLimitCounter(database).hitRateLimit('api-key:k1', 60_000, new Date()); // => { hits: 1, resetAt: … }
 */
export function databaseRateLimitCounter(database: SqlDatabase): RateLimitCounter {
  return {
    async hitRateLimit(key, windowMs, now, hits = 1) {
      const parameters = { key, now: now.toISOString(), windowCutoff: new Date(now.getTime() - windowMs).toISOString(), hits };
      const row = (await database.get<{ hits: number; window_started_at: string }>(hitRateLimit, parameters))!;
      return { hits: row.hits, resetAt: new Date(Date.parse(row.window_started_at) + windowMs) };
    },
    async resetRateLimit(key) {
      await database.run(resetRateLimit, { key });
    },
  };
}

/** How often expired windows are swept out of memory. */
const sweepEveryMs = 60_000;

/**
 * Counts in this process's memory, for a store that one process owns (the
 * SQLite file): the same windows as the database counter, without a write
 * per request. Counts start afresh after a restart; login lock-outs do not,
 * because they live on the user row (recordLoginFailure).
 *
 * @example
 * const counter = inProcessRateLimitCounter();
 * await counter.hitRateLimit('login:1.2.3.4', 60_000, new Date()); // => { hits: 1, resetAt: … }
 */
export function inProcessRateLimitCounter(): RateLimitCounter {
  const windows = new Map<string, { startedAt: number; endsAt: number; hits: number }>();
  let sweptAt = 0;
  const sweep = (now: number) => {
    if (now - sweptAt < sweepEveryMs) return;
    sweptAt = now;
    for (const [key, window] of windows) if (window.endsAt <= now) windows.delete(key);
  };
  return {
    async hitRateLimit(key, windowMs, now, hits = 1) {
      const time = now.getTime();
      sweep(time);
      let window = windows.get(key);
      if (!window || window.startedAt <= time - windowMs) {
        window = { startedAt: time, endsAt: time + windowMs, hits: Math.max(hits, 0) };
        windows.set(key, window);
      } else {
        window.hits = Math.max(window.hits + hits, 0);
      }
      return { hits: window.hits, resetAt: new Date(window.startedAt + windowMs) };
    },
    async resetRateLimit(key) {
      windows.delete(key);
    },
  };
}

/**
 * The rate-limit module of the store: in memory when one process owns the
 * database, in the database when several instances share it.
 *
 * @example
 * rateLimitCounter(openSqliteDatabase(':memory:')); // counts in memory
 */
export function rateLimitCounter(database: SqlDatabase): RateLimitCounter {
  return database.sharedByInstances ? databaseRateLimitCounter(database) : inProcessRateLimitCounter();
}
