import type { Request, RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { HttpError } from '../http/http-error';
import type { ApiKey } from '../store/store';
import { secretSha256 } from './api-key-secrets';

/** The API key that authenticated this request (set by requireApiKey). */
export function apiKeyOf(request: Request): ApiKey {
  const key = (request as Request & { apiKey?: ApiKey }).apiKey;
  if (!key) throw new HttpError(401, 'missing API key');
  return key;
}

/**
 * Authenticates `Authorization: Bearer SECRET`: 401 when the header is
 * missing, the secret is unknown or the key is revoked.
 */
export function requireApiKey(context: AppContext): RequestHandler {
  return async (request, _response, next) => {
    const header = request.get('authorization') ?? '';
    const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
    if (!match) throw new HttpError(401, 'send the API secret as "Authorization: Bearer SECRET"');
    const key = await context.store.findApiKeyBySecretSha256(secretSha256(match[1]!));
    if (!key) throw new HttpError(401, 'unknown API key');
    if (key.revokedAt) throw new HttpError(401, 'this API key has been revoked');
    (request as Request & { apiKey?: ApiKey }).apiKey = key;
    next();
  };
}
