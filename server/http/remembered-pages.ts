import { randomBytes } from 'node:crypto';
import type { Response } from 'express';

/** A view and its locals, as `response.render` takes them. */
export interface PageToRender {
  view: string;
  locals: Record<string, unknown>;
}

/** How many pages are remembered before the memory starts afresh. */
const rememberedPagesLimit = 1_000;

/**
 * Pages that are the same for everyone who is shown them but for their CSRF
 * token, rendered once and then sent from memory: a participant's first view
 * of a screen is the same for every participant of an arm (same definition,
 * presentation, language and pre-filled values), and rendering it (the view
 * model, the number formats, EJS) costs more than the rest of the request.
 *
 * A page is rendered with a random mark in place of `csrfToken` (the mark is
 * made once per process, from the same URL-safe alphabet as the tokens, so it
 * escapes to itself) and kept split at the mark; each answer joins the pieces
 * with the response's own token. `key` must name everything else the page
 * shows: a page is sent from memory whenever its key is. Up to 1,000 pages are
 * kept; then the memory starts afresh.
 *
 * @example
 * const pages = rememberedPages();
 * await pages.send(response, `${definitionHash}|${arm}|${locale}`, () => ({ view: 'templates/amount/screen', locals })); // renders
 * await pages.send(otherResponse, `${definitionHash}|${arm}|${locale}`, () => ({ view: 'templates/amount/screen', locals })); // from memory, with otherResponse's token
 */
export function rememberedPages({ limit = rememberedPagesLimit }: { limit?: number } = {}) {
  const mark = `csrf${randomBytes(18).toString('base64url')}`;
  const pages = new Map<string, string[]>();
  const rendered = (response: Response, { view, locals }: PageToRender) =>
    new Promise<string>((resolve, reject) => response.render(view, { ...locals, csrfToken: mark }, (error: Error | null, html: string) => (error ? reject(error) : resolve(html))));
  return {
    /**
     * Sends the page remembered under `key` with this response's CSRF token
     * (`response.locals.csrfToken`); one not remembered is rendered first
     * from what `page()` gives (called only then).
     */
    async send(response: Response, key: string, page: () => PageToRender): Promise<void> {
      let pieces = pages.get(key);
      if (!pieces) {
        pieces = (await rendered(response, page())).split(mark);
        if (pages.size >= limit) pages.clear();
        pages.set(key, pieces);
      }
      response.type('html').send(pieces.join(String(response.locals.csrfToken ?? '')));
    },
  };
}
