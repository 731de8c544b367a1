import type { Response } from 'express';
import type { AppContext } from '../app-context';
import { renderAdminPage } from './render-admin-page';

/** What a participant form page shows besides the layout: its fields' values, a problem, and the outcome of the last action. */
export interface ParticipantFormState {
  status?: number;
  problem?: string | null;
  participantId?: string;
  experiment?: string;
  [viewLocal: string]: unknown;
}

/**
 * Renders an admin form about one participant (erase, release): the
 * experiments to choose from, the fields as the admin typed them and a problem
 * (with its status) or the action's outcome, in the admin layout.
 *
 * @example
 * renderParticipantForm(context, response, 'admin/release', 'Release a participant link', { status: 404, problem: 'No participant "p-1" in loan-anchor.' });
 */
export function renderParticipantForm(context: AppContext, response: Response, view: string, title: string, state: ParticipantFormState = {}): void {
  const { status = 200, problem = null, participantId = '', experiment = '', ...outcome } = state;
  renderAdminPage(response, view, { status, title, experimentKeys: [...context.experiments.keys()], problem, participantId, experiment, ...outcome });
}
