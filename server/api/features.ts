import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { growthBookPayload } from '../assignment/assign-arm';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import { HttpError } from '../http/http-error';
import { experimentStateName } from '../lifecycle/experiment-lifecycle';
import { keyAllows } from './api-key-secrets';

/**
 * GET /api/features/:clientKey — the running experiments of a client key as a
 * GrowthBook SDK payload, so a lender's front end assigns visitors itself,
 * with no round trip, to the same arms as /api/v1/assignments. Cacheable:
 * Express answers a matching If-None-Match with 304.
 *
 * Only hashed experiments are in it. A permuted-block arm depends on how many
 * entered the stratum before, a counter kept in the database, so an SDK
 * evaluating a hash would put visitors in other arms than nudgelab does (and
 * break the blocks); those experiments are assigned through the API only.
 */
export function features(context: AppContext): RequestHandler {
  return async (request, response) => {
    const clientKey = String(request.params.clientKey ?? '');
    const key = /^sdk-[A-Za-z0-9_-]{1,64}$/.test(clientKey) ? await context.store.findApiKeyByClientKey(clientKey) : undefined;
    if (!key || key.revokedAt) throw new HttpError(404, 'unknown or revoked client key');
    const running: ExperimentDefinition[] = [];
    for (const experiment of context.experiments.values()) {
      if (experiment.definition.randomisation.method !== 'hash') continue;
      if (keyAllows(key, experiment.definition.key) && (await experimentStateName(context.store, experiment)) === 'running') running.push(experiment.definition);
    }
    response.set('Cache-Control', 'public, max-age=60');
    response.json(growthBookPayload(running));
  };
}
