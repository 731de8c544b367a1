import { once } from 'node:events';
import cookieParser from 'cookie-parser';
import { Router, type RequestHandler, type Response } from 'express';
import { loadSessionUser } from '../admin/admin-session';
import { keyAllows } from '../api/api-key-secrets';
import { apiKeyOf, requireApiKey } from '../api/require-api-key';
import type { AppContext } from '../app-context';
import type { Experiment } from '../../experiments/validate-experiments';
import { HttpError } from '../http/http-error';
import { experimentOf, loadExperiment } from '../http/load-experiment';
import { codebook } from './export-columns';
import { experimentResults } from './experiment-results';
import { participantCsvLines, processEventColumns, processEventCsvLines } from './participant-csv';

/** A signed-in researcher or admin, or an API key with access to the experiment. */
function researcherOrApiKey(context: AppContext): RequestHandler {
  const apiKey = requireApiKey(context);
  const session = loadSessionUser(context);
  return (request, response, next) => {
    if (request.get('authorization')) {
      return apiKey(request, response, (error?: unknown) => {
        if (error) return next(error);
        if (!keyAllows(apiKeyOf(request), String(request.params.experimentKey))) return next(new HttpError(403, 'this API key has no access to this experiment'));
        next();
      });
    }
    return session(request, response, (error?: unknown) => {
      if (error) return next(error);
      if (!response.locals.user) return next(new HttpError(401, 'sign in at /admin/login or send an API key'));
      next();
    });
  };
}

/**
 * The codebook: every column of both exports, and the analysis plan as frozen
 * when the experiment started (the file's plan while it is a draft).
 */
export async function codebookDocument(context: AppContext, experiment: Experiment) {
  const { definition } = experiment;
  const state = await context.store.findExperimentState(definition.key);
  const frozen = (state?.frozenDefinition as { analysisPlan?: unknown } | null)?.analysisPlan;
  return {
    experiment: definition.key,
    title: definition.title,
    analysisPlan: frozen ?? definition.analysisPlan,
    analysisPlanFrozenAt: state?.startedAt ?? null,
    definitionSha256: state?.definitionSha256 ?? experiment.definitionHash,
    columns: codebook(definition),
    processEventColumns,
  };
}

/** Streams CSV lines as a download, waiting whenever the client reads slower than the store yields. */
async function sendCsv(response: Response, filename: string, lines: AsyncIterable<string>): Promise<void> {
  response.set('Content-Type', 'text/csv; charset=utf-8');
  response.set('Content-Disposition', `attachment; filename="${filename}"`);
  for await (const line of lines) {
    if (!response.write(line)) await once(response, 'drain');
  }
  response.end();
}

/** Results, the per-participant export and its codebook, for researchers (session) and lenders (API key). */
export function resultsRoutes(context: AppContext): Router {
  const guard = [cookieParser(context.secret), researcherOrApiKey(context), loadExperiment(context)];
  return Router()
    .get('/api/v1/experiments/:experimentKey/results', ...guard, async (_request, response) => {
      response.json(await experimentResults(context.store, experimentOf(response)));
    })
    .get('/api/v1/experiments/:experimentKey/codebook.json', ...guard, async (_request, response) => {
      response.json(await codebookDocument(context, experimentOf(response)));
    })
    .get('/api/v1/experiments/:experimentKey/process-events.csv', ...guard, async (_request, response) => {
      const { definition } = experimentOf(response);
      await sendCsv(response, `${definition.key}-process-events.csv`, processEventCsvLines(context.store, definition));
    })
    .get('/api/v1/experiments/:experimentKey/export.csv', ...guard, async (_request, response) => {
      const { definition } = experimentOf(response);
      await sendCsv(response, `${definition.key}-participants.csv`, participantCsvLines(context.store, definition));
    });
}
