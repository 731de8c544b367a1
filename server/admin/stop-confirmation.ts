import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { allowedTransitions, experimentStateName } from '../lifecycle/experiment-lifecycle';
import { renderAdminPage } from './render-admin-page';

/**
 * GET /admin/experiments/:experimentKey/stop — asks an admin to confirm a
 * stop, saying what it means (final; no new participants; the data and the
 * frozen plan stay), with the participants so far. Its form POSTs the state
 * change with `confirm=yes` and the CSRF token. 409 when the experiment
 * cannot be stopped from its state.
 *
 * @example
 * router.get('/admin/experiments/:experimentKey/stop', requireRole('admin'), stopConfirmation(context));
 */
export function stopConfirmation(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = context.experiments.get(String(request.params.experimentKey));
    if (!experiment) throw new HttpError(404, `no experiment "${String(request.params.experimentKey)}"`);
    const state = await experimentStateName(context.store, experiment);
    if (!allowedTransitions[state].includes('stopped')) throw new HttpError(409, `${experiment.definition.key} is ${state} and cannot be stopped`);
    const counts = await context.store.countByArm(experiment.definition.key);
    renderAdminPage(response, 'admin/stop-confirmation', {
      title: `Stop ${experiment.definition.key}?`,
      experiment: { key: experiment.definition.key, title: experiment.definition.title, state },
      entered: counts.reduce((sum, arm) => sum + arm.entered, 0),
      unfinished: counts.reduce((sum, arm) => sum + arm.entered - arm.completed, 0),
    });
  };
}
