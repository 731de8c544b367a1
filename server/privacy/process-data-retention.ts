import type { Logger } from 'pino';
import type { Store } from '../store/store';

const dayMs = 24 * 60 * 60 * 1000;
/** How often a running server applies the retention setting. */
export const retentionIntervalMs = 60 * 60 * 1000;

/**
 * Deletes the raw process events of decisions made more than `days` days
 * before `now`, keeping each participant's outcome row and process summary,
 * and writes what it did to the audit log (only when it deleted something).
 *
 * @example
 * await applyProcessDataRetention(store, 90, new Date(), 'system');
 * // => { cutoff: <90 days ago>, participants: 12, events: 340 }
 */
export async function applyProcessDataRetention(store: Store, days: number, now: Date, actor: string) {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`retention must be a whole number of days, at least 1 (got ${days})`);
  const cutoff = new Date(now.getTime() - days * dayMs);
  const deleted = await store.deleteProcessDataBefore(cutoff, now);
  if (deleted.participants > 0) {
    await store.appendAudit({ at: now, actor, action: 'process-data.retention', subject: `older than ${days} days`, details: { cutoff: cutoff.toISOString(), ...deleted } });
  }
  return { cutoff, ...deleted };
}

/**
 * Applies retention now and then every hour while the server runs; failures
 * are logged, never thrown. Returns a function that stops the schedule.
 */
export function scheduleProcessDataRetention(store: Store, days: number, logger: Logger, now: () => Date = () => new Date()): () => void {
  const run = async () => {
    try {
      const result = await applyProcessDataRetention(store, days, now(), 'system');
      if (result.participants > 0) logger.info(result, `process-data retention: deleted ${result.events} events of ${result.participants} participants older than ${days} days`);
    } catch (error) {
      logger.error({ err: error }, 'process-data retention failed');
    }
  };
  void run();
  const timer = setInterval(run, retentionIntervalMs).unref();
  return () => clearInterval(timer);
}
