import { createHash, randomBytes } from 'node:crypto';
import type { ApiKey, Store } from '../store/store';

/** SHA-256 of a secret, hex: what the store keeps instead of the secret (secrets are 256 random bits, so no slow hash is needed). */
export const secretSha256 = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * Creates an API key for a lender and returns its secret once; only the
 * secret's SHA-256 is stored. The client key (`sdk-…`) is public: a front end
 * uses it to fetch the GrowthBook payload.
 *
 * @example
 * await createApiKey(store, { name: 'Lender A', experiments: ['credit-choice'] });
 * // => { secret: 'nlsk_…', clientKey: 'sdk-…', key: { id, name, … } }
 */
export async function createApiKey(store: Store, { name, experiments, now = new Date() }: { name: string; experiments: string[] | null; now?: Date }) {
  const secret = `nlsk_${randomBytes(32).toString('base64url')}`;
  const clientKey = `sdk-${randomBytes(12).toString('base64url')}`;
  const key: ApiKey = await store.createApiKey({
    id: randomBytes(6).toString('hex'),
    name,
    clientKey,
    experiments,
    createdAt: now,
    secretSha256: secretSha256(secret),
  });
  return { secret, clientKey, key };
}

/** Whether a key may use an experiment. */
export const keyAllows = (key: Pick<ApiKey, 'experiments'>, experimentKey: string): boolean => key.experiments === null || key.experiments.includes(experimentKey);
