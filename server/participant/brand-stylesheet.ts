import type { RequestHandler } from 'express';
import { HttpError } from '../http/http-error';
import { experimentOf } from '../http/load-experiment';

/**
 * GET /e/:experimentKey/brand.css — the experiment's brand colour as a CSS
 * variable. A stylesheet rather than a style attribute, because the
 * Content-Security-Policy allows styles from the app only; the colour is
 * validated as a six-digit hex colour by the schema, so nothing else can be
 * written into it. 404 for an experiment without a brand colour.
 *
 * @example
 * // GET /e/branded/brand.css → ':root { --brand-colour: #00685e; }'
 */
export const brandStylesheet: RequestHandler = (_request, response) => {
  const colour = experimentOf(response).definition.lenderBrand?.colour;
  if (!colour) throw new HttpError(404, 'this experiment declares no brand colour');
  response.type('text/css').set('Cache-Control', 'public, max-age=300').send(`:root { --brand-colour: ${colour}; }\n`);
};
