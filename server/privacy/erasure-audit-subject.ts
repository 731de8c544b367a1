import { createHmac, randomBytes } from 'node:crypto';
import type { Store } from '../store/store';

/**
 * The audit-log subject for the erasure of a participant id: a salted
 * HMAC-SHA256 of the id (`erased:` and 16 hex digits), never the id itself, so
 * that the log of an erasure does not keep what was erased. The salt is a
 * server secret created once and kept in the database, so the same id always
 * gives the same subject (a researcher asked to confirm an erasure can
 * recompute it with the id in hand) while the log alone reveals nothing.
 *
 * @example
 * await erasureAuditSubject(store, 'panel-0042'); // => 'erased:9f2c4e1a0b7d3c55' (say), every time on this database
 */
export async function erasureAuditSubject(store: Store, participantId: string): Promise<string> {
  const salt = await store.loadOrCreateSecret('erasure-audit-salt', () => randomBytes(32).toString('hex'));
  return `erased:${createHmac('sha256', salt).update(participantId).digest('hex').slice(0, 16)}`;
}
