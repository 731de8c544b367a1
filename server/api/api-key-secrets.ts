import { createHash, randomBytes } from 'node:crypto';
import type { ApiKey, ApiKeyScope, Store } from '../store/store';

/** SHA-256 of a secret, hex: what the store keeps instead of the secret (secrets are 256 random bits, so no slow hash is needed). */
export const secretSha256 = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * Creates an API key for a lender and returns its secret once; only the
 * secret's SHA-256 is stored. The client key (`sdk-…`) is public: a front end
 * uses it to fetch the GrowthBook payload.
 *
 * @example
 * await createApiKey(store, { name: 'Lender A', experiments: ['credit-choice'], scopes: ['results'] });
 * // => { secret: 'nlsk_…', clientKey: 'sdk-…', key: { id, name, scopes: ['results'], … } }
 */
export async function createApiKey(
  store: Store,
  { name, experiments, scopes = [], now = new Date() }: { name: string; experiments: string[] | null; scopes?: ApiKeyScope[]; now?: Date },
) {
  const secret = `nlsk_${randomBytes(32).toString('base64url')}`;
  const clientKey = `sdk-${randomBytes(12).toString('base64url')}`;
  const key: ApiKey = await store.createApiKey({
    id: randomBytes(6).toString('hex'),
    name,
    clientKey,
    experiments,
    scopes: [...new Set(scopes)],
    createdAt: now,
    secretSha256: secretSha256(secret),
  });
  return { secret, clientKey, key };
}

/** Whether a key may use an experiment. */
export const keyAllows = (key: Pick<ApiKey, 'experiments'>, experimentKey: string): boolean => key.experiments === null || key.experiments.includes(experimentKey);

/**
 * Whether a key was given a scope (`results`: the aggregate results of its
 * experiments, beyond the units it assigned itself). Keys made before scopes
 * existed have none.
 *
 * @example
 * keyHasScope({ scopes: ['results'] }, 'results'); // => true
 */
export const keyHasScope = (key: Pick<ApiKey, 'scopes'>, scope: ApiKeyScope): boolean => key.scopes.includes(scope);
