import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { UnknownUnitError, type NewApiEvent } from '../store/store';
import { keyAllows } from './api-key-secrets';
import { apiEventBatchSchema, apiEventSchema, validationProblems } from './api-schemas';
import { apiKeyOf } from './require-api-key';

/** How far in the future a timestamp may lie (clock skew), in milliseconds. */
const allowedClockSkewMs = 24 * 60 * 60 * 1000;

/**
 * POST /api/v1/events — one event or a batch of up to 1,000: what a lender
 * observes later (application submitted, amount, product, loan accepted,
 * first arrears). A batch is stored all or nothing; events whose idempotency
 * key was stored before are skipped, so a retried request stores nothing twice.
 */
export function recordEvents(context: AppContext): RequestHandler {
  return async (request, response) => {
    const batch = Array.isArray(request.body);
    const parsed = batch ? apiEventBatchSchema.safeParse(request.body) : apiEventSchema.safeParse(request.body);
    if (!parsed.success) throw new HttpError(400, 'invalid events', undefined, validationProblems(parsed.error, batch));
    const events = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
    const key = apiKeyOf(request);
    const now = context.now();
    const where = (index: number) => (batch ? `events[${index}]` : 'event');
    const problems: string[] = [];
    events.forEach((event, index) => {
      if (!context.experiments.has(event.experiment)) problems.push(`${where(index)}.experiment: no experiment "${event.experiment}"`);
      if (event.timestamp && Date.parse(event.timestamp) > now.getTime() + allowedClockSkewMs) problems.push(`${where(index)}.timestamp: lies in the future`);
    });
    if (problems.length > 0) throw new HttpError(400, 'invalid events', undefined, problems);
    const forbidden = events.findIndex((event) => !keyAllows(key, event.experiment));
    if (forbidden >= 0) throw new HttpError(403, `${where(forbidden)}.experiment: this API key has no access to experiment "${events[forbidden]!.experiment}"`);
    const records: NewApiEvent[] = events.map((event) => ({
      experimentKey: event.experiment,
      participantId: event.unitId,
      name: event.name,
      value: event.value,
      occurredAt: event.timestamp ? new Date(event.timestamp) : now,
      idempotencyKey: event.idempotencyKey ?? null,
    }));
    try {
      response.json(await context.store.recordApiEvents(records, key.id, now));
    } catch (error) {
      if (error instanceof UnknownUnitError) throw new HttpError(422, batch ? error.message : error.message.replace(/^events\[0\]/, 'event'));
      throw error;
    }
  };
}
