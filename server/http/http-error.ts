import type { MessageKey } from '../i18n/messages-nl';

/**
 * An error with the HTTP status to answer with. `messageKey` is the text a
 * participant sees; `message` is for logs and API clients. Thrown from
 * handlers and turned into a page or JSON by the error handler.
 *
 * @example
 * throw new HttpError(404, 'no experiment "x"', 'notFound.body');
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly messageKey: MessageKey = status === 404 ? 'notFound.body' : status >= 500 ? 'error.server' : 'error.badRequest',
    /** Field-level problems for API clients, e.g. `events[3].value: …`. */
    readonly problems?: readonly string[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
