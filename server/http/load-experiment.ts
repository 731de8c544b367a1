import type { RequestHandler, Response } from 'express';
import type { Experiment } from '../../experiments/validate-experiments';
import type { AppContext } from '../app-context';
import { HttpError } from './http-error';

/**
 * Loads the experiment named by the `:experimentKey` path parameter into
 * `response.locals.experiment`, or answers 404 with the one message every
 * route uses (the friendly page for participants, JSON for the API). Use it
 * as `router.param('experimentKey', loadExperiment(context))`, or after a
 * route's guards where an unknown key must not be told apart from a
 * forbidden one.
 *
 * @example
 * Router().param('experimentKey', loadExperiment(context)).get('/e/:experimentKey', (request, response) => response.send(experimentOf(response).definition.title));
 */
export function loadExperiment(context: AppContext): RequestHandler {
  return (request, response, next) => {
    const key = request.params.experimentKey;
    const experiment = typeof key === 'string' ? context.experiments.get(key) : undefined;
    if (!experiment) return next(new HttpError(404, `no experiment "${String(key)}"`, 'notFound.body'));
    response.locals.experiment = experiment;
    next();
  };
}

/**
 * The experiment loadExperiment put on this response.
 *
 * @example
 * experimentOf(response).definition.key; // => 'loan-anchor'
 * @throws Error when the route does not load an experiment (a wiring mistake, not a request's).
 */
export function experimentOf(response: Response): Experiment {
  const experiment = response.locals.experiment as Experiment | undefined;
  if (!experiment) throw new Error('this route does not load its experiment: add loadExperiment');
  return experiment;
}
