import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { createApiKey } from '../api/api-key-secrets';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import type { User } from '../store/store';
import { renderAdminPage } from './render-admin-page';

/** The checkbox that gives a key every experiment, including ones added later. */
export const allExperimentsChoice = '*';

const createFormSchema = z.object({
  name: z.string().trim().min(1).max(100),
  experiments: z.union([z.string().max(64), z.array(z.string().max(64)).max(200)]).optional(),
  /** Ticked: the key may read the aggregate results of its experiments, not only its own units. */
  results: z.literal('yes').optional(),
});

interface KeysPageState {
  created?: { secret: string; clientKey: string } | null;
  problem?: string | null;
  name?: string;
  chosen?: readonly string[];
}

async function renderKeys(context: AppContext, response: Response, { created = null, problem = null, name = '', chosen = [] }: KeysPageState, status = 200) {
  renderAdminPage(response, 'admin/api-keys', {
    status,
    title: 'API keys',
    keys: await context.store.listApiKeys(),
    experimentKeys: [...context.experiments.keys()],
    allExperimentsChoice,
    created,
    problem,
    name,
    chosen,
  });
}

/**
 * GET /admin/api-keys — the lenders' keys (never their secrets) and the form for a new one.
 *
 * @example
 * router.get('/admin/api-keys', requireRole('admin'), listApiKeys(context));
 */
export function listApiKeys(context: AppContext): RequestHandler {
  return async (_request, response) => renderKeys(context, response, {});
}

/**
 * POST /admin/api-keys — creates a key and shows its secret once (audited).
 * A key reads only the units it assigned; ticking `results` also lets it read
 * the aggregate results of its experiments.
 * The experiments must be chosen explicitly: ticked one by one, or "all
 * experiments" ticked on its own. Nothing ticked, both at once, or an unknown
 * experiment comes back as the form with a 400 and what to do.
 *
 * @example
 * // name=Lender+A&experiments=credit-choice → 200, the secret shown once
 * // name=Lender+A                            → 400, "Tick the experiments …"
 */
export function createApiKeyFromPage(context: AppContext): RequestHandler {
  return async (request, response) => {
    const form = createFormSchema.safeParse(request.body);
    if (!form.success) throw new HttpError(400, 'a key needs a name (at most 100 characters) and experiments from the list');
    const chosen = form.data.experiments === undefined ? [] : [form.data.experiments].flat();
    const refuse = (problem: string) => renderKeys(context, response, { problem, name: form.data.name, chosen }, 400);
    if (chosen.length === 0) return refuse('Tick the experiments this key may use, or tick “All experiments”. A key with nothing ticked is not created.');
    const all = chosen.includes(allExperimentsChoice);
    if (all && chosen.length > 1) return refuse('Tick either “All experiments” or single experiments, not both.');
    const unknown = chosen.filter((key) => key !== allExperimentsChoice && !context.experiments.has(key));
    if (unknown.length > 0) return refuse(`There is no experiment ${unknown.join(', ')}: tick experiments from the list.`);
    const scopes = form.data.results === 'yes' ? (['results'] as const) : [];
    const { secret, clientKey, key } = await createApiKey(context.store, { name: form.data.name, experiments: all ? null : [...new Set(chosen)], scopes: [...scopes], now: context.now() });
    await context.store.appendAudit({
      at: context.now(),
      actor: (response.locals.user as User).username,
      action: 'api-key.create',
      subject: key.id,
      details: { name: key.name, experiments: key.experiments, scopes: key.scopes },
    });
    await renderKeys(context, response, { created: { secret, clientKey } });
  };
}

/**
 * POST /admin/api-keys/:keyId/revoke (audited).
 *
 * @example
 * router.post('/admin/api-keys/:keyId/revoke', requireRole('admin'), revokeApiKeyFromPage(context));
 */
export function revokeApiKeyFromPage(context: AppContext): RequestHandler {
  return async (request, response) => {
    const key = await context.store.revokeApiKey(String(request.params.keyId), context.now());
    if (!key) throw new HttpError(404, 'no such API key');
    await context.store.appendAudit({ at: context.now(), actor: (response.locals.user as User).username, action: 'api-key.revoke', subject: key.id, details: { name: key.name } });
    response.redirect(303, '/admin/api-keys');
  };
}
