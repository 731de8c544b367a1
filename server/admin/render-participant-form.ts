import type { Response } from 'express';
import type { AppContext } from '../app-context';
import type { User } from '../store/store';

/** What a participant form page shows besides the layout: its fields' values, a problem, and the outcome of the last action. */
export interface ParticipantFormState {
  status?: number;
  problem?: string | null;
  participantId?: string;
  experiment?: string;
  [viewLocal: string]: unknown;
}

/**
 * Renders an admin form about one participant (erase, release): the layout's
 * user and CSRF token, the experiments to choose from, the fields as the
 * admin typed them and a problem (with its status) or the action's outcome.
 *
 * @example
 * renderParticipantForm(context, response, 'admin/release', 'Release a participant link', { status: 404, problem: 'No participant "p-1" in loan-anchor.' });
 */
export function renderParticipantForm(context: AppContext, response: Response, view: string, title: string, state: ParticipantFormState = {}): void {
  const { status = 200, problem = null, participantId = '', experiment = '', ...outcome } = state;
  response.status(status).render(view, {
    title,
    user: response.locals.user as User,
    csrfToken: response.locals.csrfToken as string,
    experimentKeys: [...context.experiments.keys()],
    problem,
    participantId,
    experiment,
    ...outcome,
  });
}
