import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from './http-error';
import { translator } from '../i18n/translator';
import type { Locale } from '../i18n/locale';
import type { Experiment } from '../../experiments/validate-experiments';
import { participantLanguage } from '../participant/participant-language';

/** Errors from body parsing (broken JSON, bad encoding, too large) carry a 4xx `status`. */
function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** Answers every unmatched request with 404. */
export const notFoundHandler: RequestHandler = (request) => {
  throw new HttpError(404, `no route for ${request.method} ${request.path}`);
};

/**
 * The one error handler: JSON for `/api` paths, a friendly page in the
 * participant's language elsewhere. Never a stack trace; 5xx are logged.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, request, response, next) => {
    if (response.headersSent) return next(error);
    const status = statusOf(error);
    if (status >= 500) logger.error({ err: error, method: request.method, path: request.path }, 'request failed');
    const publicMessage =
      status >= 500 ? 'internal error' : error instanceof HttpError ? error.message : ((error as Error).message ?? 'bad request');
    if (request.path.startsWith('/api/')) {
      const problems = error instanceof HttpError ? error.problems : undefined;
      response.status(status).json(problems ? { error: publicMessage, problems } : { error: publicMessage });
      return;
    }
    if (request.path.startsWith('/admin')) {
      response.status(status).render('participant/message', {
        locale: 'en',
        t: translator('en'),
        title: status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something went wrong',
        body: status >= 500 ? 'Something went wrong on our side; the error is in the log.' : publicMessage,
        showWarning: false,
      });
      return;
    }
    // The link's lang among the experiment's languages (Dutch outside an experiment); never the browser's Accept-Language.
    const languages = (response.locals.experiment as Experiment | undefined)?.definition.languages ?? { available: ['nl', 'en'] as Locale[], default: 'nl' as const, switcher: false };
    const locale: Locale = response.locals.locale ?? participantLanguage(languages, request.query?.lang);
    const t = translator(locale);
    const messageKey =
      error instanceof HttpError ? error.messageKey : status === 404 ? 'notFound.body' : status >= 500 ? 'error.server' : 'error.badRequest';
    response.status(status).render('participant/message', {
      locale,
      t,
      title: t(status === 404 ? 'notFound.title' : 'error.title'),
      body: t(messageKey),
      showWarning: false,
    });
  };
}
