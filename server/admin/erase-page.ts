import type { RequestHandler, Response } from 'express';
import type { AppContext } from '../app-context';
import { allExperiments } from './erase-form';
import { renderParticipantForm, type ParticipantFormState } from './render-participant-form';

/** Renders the erase form, with a problem (and the status that goes with it) or the experiments just erased from. */
export function renderEraseForm(
  context: AppContext,
  response: Response,
  { experiment = allExperiments, erasedFrom = [], ...state }: ParticipantFormState & { erasedFrom?: readonly string[] } = {},
): void {
  renderParticipantForm(context, response, 'admin/erase', 'Erase a participant', { ...state, experiment, allExperiments, erasedFrom });
}

/**
 * GET /admin/participants/erase — the form for a privacy request: a
 * participant id and an experiment chosen from the list (or all). It leads
 * to the confirmation page; after an erasure it says where data was erased.
 *
 * @example
 * router.get('/admin/participants/erase', requireRole('admin'), erasePage(context));
 */
export function erasePage(context: AppContext): RequestHandler {
  return (request, response) => {
    const erased = typeof request.query.erased === 'string' ? request.query.erased.split(',') : [];
    renderEraseForm(context, response, { erasedFrom: erased.filter((key) => context.experiments.has(key)) });
  };
}
