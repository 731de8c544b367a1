import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { allExperiments, eraseForm } from './erase-form';
import { renderEraseForm } from './erase-page';
import { renderAdminPage } from './render-admin-page';

/**
 * GET /admin/participants/erase/confirm?participantId=…&experiment=… — says
 * in which experiments the participant has data and what erasing removes,
 * and asks to confirm; its form POSTs to /admin/participants/erase with
 * `confirm=yes` and the CSRF token. A bad form comes back with a 400, an
 * unknown participant with a 404, both on the form page.
 *
 * @example
 * router.get('/admin/participants/erase/confirm', requireRole('admin'), eraseConfirmation(context));
 */
export function eraseConfirmation(context: AppContext): RequestHandler {
  return async (request, response) => {
    const form = eraseForm(request.query, [...context.experiments.keys()]);
    if (!form.ok) return renderEraseForm(context, response, { status: 400, ...form });
    const candidates = form.experimentKey === undefined ? [...context.experiments.keys()] : [form.experimentKey];
    const foundIn: string[] = [];
    for (const key of candidates) if (await context.store.findParticipant(key, form.participantId)) foundIn.push(key);
    const experiment = form.experimentKey ?? allExperiments;
    if (foundIn.length === 0) {
      const where = form.experimentKey === undefined ? 'any experiment' : form.experimentKey;
      return renderEraseForm(context, response, { status: 404, problem: `There is no participant "${form.participantId}" in ${where}. Check the id (it is case-sensitive).`, participantId: form.participantId, experiment });
    }
    renderAdminPage(response, 'admin/erase-confirmation', { title: 'Erase this participant?', participantId: form.participantId, experiment, foundIn });
  };
}
