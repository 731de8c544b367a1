import { experimentRegistry } from '../../experiments/registry';
import { validateExperiments } from '../../experiments/validate-experiments';
import { createApiKey } from '../api/api-key-secrets';
import { readConfig } from '../config';
import { openStore } from '../store/open-store';
import { apiKeyScopes, type ApiKeyScope } from '../store/store';
import { CommandInputError } from './command-input-error';
import { subcommandArguments } from './subcommand-arguments';

/**
 * `nudgelab api-key`: create a lender key (printing its secret once, as JSON;
 * `--scopes results` lets it read the aggregate results of its experiments),
 * list keys, or revoke one, auditing creation and revocation as the
 * workspace does. Works on the database at NUDGELAB_DB.
 */
export async function apiKeyCommand(argumentsAfterCommand: string[]): Promise<string> {
  const { values, positionals } = subcommandArguments('api-key', argumentsAfterCommand);
  const [action, target] = positionals;
  const store = await openStore(readConfig());
  try {
    if (action === 'create') {
      const name = values.name?.trim();
      if (!name) throw new CommandInputError(`--name is required (see nudgelab api-key --help)`);
      const known = validateExperiments(experimentRegistry);
      const experiments = values.experiments?.split(',').map((key) => key.trim()).filter(Boolean) ?? null;
      const unknown = experiments?.filter((key) => !known.has(key)) ?? [];
      if (unknown.length > 0) throw new CommandInputError(`unknown experiment ${unknown.join(', ')} (known: ${[...known.keys()].join(', ')})`);
      const scopes = values.scopes?.split(',').map((scope) => scope.trim()).filter(Boolean) ?? [];
      const unknownScopes = scopes.filter((scope) => !(apiKeyScopes as readonly string[]).includes(scope));
      if (unknownScopes.length > 0) throw new CommandInputError(`unknown scope ${unknownScopes.join(', ')} (known: ${apiKeyScopes.join(', ')})`);
      const { key, secret, clientKey } = await createApiKey(store, { name, experiments, scopes: scopes as ApiKeyScope[] });
      await store.appendAudit({ at: new Date(), actor: 'cli', action: 'api-key.create', subject: key.id, details: { name: key.name, experiments: key.experiments, scopes: key.scopes } });
      return JSON.stringify({ secret, clientKey });
    }
    if (action === 'list') {
      const keys = await store.listApiKeys();
      if (keys.length === 0) return 'no API keys';
      return keys
        .map((key) => `${key.id}  ${key.clientKey}  ${key.revokedAt ? 'revoked' : 'active '}  ${key.experiments?.join(',') ?? 'all experiments'}  ${key.scopes.length > 0 ? `scopes:${key.scopes.join(',')}` : 'own units only'}  ${key.name}`)
        .join('\n');
    }
    if (action === 'revoke') {
      if (!target) throw new CommandInputError(`name the key to revoke (see nudgelab api-key --help)`);
      const key = await store.revokeApiKey(target, new Date());
      if (!key) throw new CommandInputError(`no API key with id or client key "${target}"`);
      await store.appendAudit({ at: new Date(), actor: 'cli', action: 'api-key.revoke', subject: key.id, details: { name: key.name } });
      return `revoked ${key.id} (${key.name})`;
    }
    throw new CommandInputError('the action must be create, list or revoke (see nudgelab api-key --help)');
  } finally {
    await store.close();
  }
}
