import type { RequestHandler } from 'express';
import { z } from 'zod';
import { createApiKey } from '../api/api-key-secrets';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import type { User } from '../store/store';

const createFormSchema = z.object({ name: z.string().trim().min(1).max(100), experiments: z.union([z.string(), z.array(z.string())]).optional() });

async function renderKeys(context: AppContext, response: Parameters<RequestHandler>[1], created: { secret: string; clientKey: string } | null) {
  response.render('admin/api-keys', {
    title: 'API keys',
    user: response.locals.user as User,
    keys: await context.store.listApiKeys(),
    experimentKeys: [...context.experiments.keys()],
    created,
    csrfToken: response.locals.csrfToken as string,
  });
}

/** GET /admin/api-keys — the lenders' keys (never their secrets). */
export function listApiKeys(context: AppContext): RequestHandler {
  return async (_request, response) => renderKeys(context, response, null);
}

/** POST /admin/api-keys — creates a key and shows its secret once (audited). */
export function createApiKeyFromPage(context: AppContext): RequestHandler {
  return async (request, response) => {
    const form = createFormSchema.safeParse(request.body);
    if (!form.success) throw new HttpError(400, 'a key needs a name');
    const chosen = form.data.experiments === undefined ? [] : [form.data.experiments].flat();
    const unknown = chosen.filter((key) => !context.experiments.has(key));
    if (unknown.length > 0) throw new HttpError(400, `unknown experiment ${unknown.join(', ')}`);
    const { secret, clientKey, key } = await createApiKey(context.store, { name: form.data.name, experiments: chosen.length > 0 ? chosen : null, now: context.now() });
    await context.store.appendAudit({ at: context.now(), actor: (response.locals.user as User).username, action: 'api-key.create', subject: key.id, details: { name: key.name, experiments: key.experiments } });
    await renderKeys(context, response, { secret, clientKey });
  };
}

/** POST /admin/api-keys/:keyId/revoke (audited). */
export function revokeApiKeyFromPage(context: AppContext): RequestHandler {
  return async (request, response) => {
    const key = await context.store.revokeApiKey(String(request.params.keyId), context.now());
    if (!key) throw new HttpError(404, 'no such API key');
    await context.store.appendAudit({ at: context.now(), actor: (response.locals.user as User).username, action: 'api-key.revoke', subject: key.id, details: { name: key.name } });
    response.redirect(303, '/admin/api-keys');
  };
}
