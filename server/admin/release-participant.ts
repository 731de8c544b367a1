import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { panelIdSchema } from '../participant/entry';
import type { AppContext } from '../app-context';
import { renderParticipantForm, type ParticipantFormState } from './render-participant-form';
import type { User } from '../store/store';

const releaseFormSchema = z.object({ participantId: panelIdSchema, experiment: z.string().max(64) });

/** Renders the release form, with a problem (and its status) or the id just released. */
function renderReleaseForm(context: AppContext, response: Response, { released = null, ...state }: ParticipantFormState & { released?: string | null } = {}): void {
  renderParticipantForm(context, response, 'admin/release', 'Release a participant link', { ...state, released });
}

/**
 * GET /admin/participants/release — the form for a participant whose link
 * was already used in another browser (a new phone, cleared cookies): the
 * release lets the next browser that opens the link go on.
 *
 * @example
 * router.get('/admin/participants/release', requireRole('admin'), releasePage(context));
 */
export function releasePage(context: AppContext): RequestHandler {
  return (_request, response) => renderReleaseForm(context, response);
}

/**
 * POST /admin/participants/release — releases a participant id in one
 * experiment for exactly one more browser, audited (`participant.release`).
 *
 * @example
 * router.post('/admin/participants/release', requireRole('admin'), releaseParticipant(context));
 */
export function releaseParticipant(context: AppContext): RequestHandler {
  return async (request, response) => {
    const form = releaseFormSchema.safeParse(request.body);
    const participantId = typeof request.body?.participantId === 'string' ? request.body.participantId : '';
    const experiment = typeof request.body?.experiment === 'string' ? request.body.experiment : '';
    if (!form.success || !context.experiments.has(form.data.experiment)) {
      return renderReleaseForm(context, response, { status: 400, problem: 'Enter the participant id as the link carries it, and choose the experiment.', participantId, experiment });
    }
    const released = await context.store.releaseParticipant(form.data.experiment, form.data.participantId, context.now());
    if (!released) {
      return renderReleaseForm(context, response, { status: 404, problem: `No participant "${form.data.participantId}" in ${form.data.experiment}.`, participantId, experiment });
    }
    await context.store.appendAudit({
      at: context.now(),
      actor: (response.locals.user as User).username,
      action: 'participant.release',
      subject: form.data.participantId,
      details: { experiment: form.data.experiment },
    });
    renderReleaseForm(context, response, { released: `${form.data.participantId} in ${form.data.experiment}` });
  };
}
