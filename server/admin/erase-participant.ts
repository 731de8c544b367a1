import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { erasureAuditSubject } from '../privacy/erasure-audit-subject';
import type { User } from '../store/store';

const eraseFormSchema = z.object({ participantId: z.string().trim().min(1).max(128), experiment: z.string().max(64).optional() });

/** POST /admin/participants/erase — removes one participant's data everywhere (admins only; audited under a salted hash of the id). */
export function eraseParticipant(context: AppContext): RequestHandler {
  return async (request, response) => {
    const form = eraseFormSchema.safeParse(request.body);
    if (!form.success) throw new HttpError(400, 'name the participant to erase');
    const { participantId } = form.data;
    const experiment = form.data.experiment || undefined;
    const erased = await context.store.eraseParticipant(participantId, experiment);
    if (erased.length === 0) throw new HttpError(404, `no participant "${participantId}"`);
    const subject = await erasureAuditSubject(context.store, participantId);
    await context.store.appendAudit({ at: context.now(), actor: (response.locals.user as User).username, action: 'participant.erase', subject, details: { experiments: erased } });
    response.redirect(303, '/admin/audit');
  };
}
