import type { ClientRateLimitInfo, Options, Store as RateLimitStore } from 'express-rate-limit';
import type { Store } from '../store/store';

/**
 * An express-rate-limit store that keeps the counts in nudgelab's store, so
 * that a limit holds across every instance behind a load balancer: a client
 * cannot get N requests per instance by being spread over them. On
 * PostgreSQL the store counts in the database; on SQLite, which one process
 * owns, it counts in memory and writes nothing per request.
 *
 * @example
 * rateLimit({ windowMs: 60_000, limit: 20, store: new SharedRateLimitStore(context.store, 'login:', context.now) });
 */
export class SharedRateLimitStore implements RateLimitStore {
  /** Counts are shared between instances (the store decides where they live), not kept by this object. */
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly store: Store,
    readonly prefix: string,
    private readonly now: () => Date,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { hits, resetAt } = await this.store.hitRateLimit(`${this.prefix}${key}`, this.windowMs, this.now());
    return { totalHits: hits, resetTime: resetAt };
  }

  async decrement(key: string): Promise<void> {
    await this.store.hitRateLimit(`${this.prefix}${key}`, this.windowMs, this.now(), -1);
  }

  async resetKey(key: string): Promise<void> {
    await this.store.resetRateLimit(`${this.prefix}${key}`);
  }
}
