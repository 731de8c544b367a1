import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { erasureAuditSubject } from '../privacy/erasure-audit-subject';
import type { User } from '../store/store';
import { eraseForm } from './erase-form';

/**
 * POST /admin/participants/erase — removes one participant's data everywhere
 * (or in one experiment), admins only, audited under a salted hash of the id. Erasure cannot be undone, so
 * it needs `confirm=yes`, which the confirmation page sends; without it the
 * answer is a 400 that says where to confirm.
 *
 * @example
 * router.post('/admin/participants/erase', requireRole('admin'), eraseParticipant(context));
 */
export function eraseParticipant(context: AppContext): RequestHandler {
  return async (request, response) => {
    const form = eraseForm(request.body, [...context.experiments.keys()]);
    if (!form.ok) throw new HttpError(400, form.problem);
    if (!form.confirmed) {
      throw new HttpError(400, 'Erasing cannot be undone, so it needs a confirmation: use the form on /admin/participants/erase and confirm on the page that follows (it sends confirm=yes).');
    }
    const erased = await context.store.eraseParticipant(form.participantId, form.experimentKey);
    if (erased.length === 0) throw new HttpError(404, `no participant "${form.participantId}"`);
    const subject = await erasureAuditSubject(context.store, form.participantId);
    await context.store.appendAudit({ at: context.now(), actor: (response.locals.user as User).username, action: 'participant.erase', subject, details: { experiments: erased } });
    response.redirect(303, `/admin/participants/erase?erased=${erased.map(encodeURIComponent).join(',')}`);
  };
}
