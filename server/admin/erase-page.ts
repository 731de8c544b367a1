import type { RequestHandler, Response } from 'express';
import type { AppContext } from '../app-context';
import type { User } from '../store/store';
import { allExperiments } from './erase-form';

/** Renders the erase form, with a problem (and the status that goes with it) or the experiments just erased from. */
export function renderEraseForm(
  context: AppContext,
  response: Response,
  { status = 200, problem = null, participantId = '', experiment = allExperiments, erasedFrom = [] }: { status?: number; problem?: string | null; participantId?: string; experiment?: string; erasedFrom?: readonly string[] } = {},
): void {
  response.status(status).render('admin/erase', {
    title: 'Erase a participant',
    user: response.locals.user as User,
    csrfToken: response.locals.csrfToken as string,
    experimentKeys: [...context.experiments.keys()],
    allExperiments,
    problem,
    participantId,
    experiment,
    erasedFrom,
  });
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
