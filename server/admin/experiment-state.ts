import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import { experimentOf } from '../http/load-experiment';
import { changeExperimentState, TransitionError } from '../lifecycle/experiment-lifecycle';
import type { User } from '../store/store';

const stateFormSchema = z.object({ state: z.enum(['running', 'paused', 'stopped']), confirm: z.string().max(20).optional() });

/**
 * POST /admin/experiments/:experimentKey/state — start, pause, resume or stop
 * (admins only; audited). A stop is final, so it needs `confirm=yes`, which
 * only the confirmation page (GET …/stop) sends; without it the answer is a
 * 400 that says where to confirm.
 *
 * @example
 * router.post('/admin/experiments/:experimentKey/state', requireRole('admin'), changeState(context));
 */
export function changeState(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = experimentOf(response);
    const form = stateFormSchema.safeParse(request.body);
    if (!form.success) throw new HttpError(400, 'state must be running, paused or stopped');
    if (form.data.state === 'stopped' && form.data.confirm !== 'yes') {
      throw new HttpError(400, `Stopping is final, so it needs a confirmation: use Stop on the dashboard, or open /admin/experiments/${experiment.definition.key}/stop and confirm there (the form sends confirm=yes).`);
    }
    try {
      await changeExperimentState(context.store, experiment, form.data.state, { actor: (response.locals.user as User).username, now: context.now() });
    } catch (error) {
      if (error instanceof TransitionError) throw new HttpError(409, error.message);
      throw error;
    }
    response.redirect(303, '/admin');
  };
}
