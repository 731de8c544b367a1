import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { experimentRegistry } from '../../experiments/registry';
import { validateExperiments } from '../../experiments/validate-experiments';
import { readConfig } from '../config';
import { openStore } from '../store/open-store';
import { testTrafficToken } from '../test-traffic/test-traffic-token';
import { CommandInputError } from './command-input-error';
import { progressBar } from './progress-bar';
import { simulateParticipants } from './simulate-participants';

export const simulateUsage =
  'usage: nudgelab simulate --experiment KEY --participants N --url URL [--effect X] [--concurrency N] [--id-prefix TEXT] [--seed N] [--test-token TOKEN]';

/**
 * The experiment's test-traffic token: the one given (an admin copies it from
 * the dashboard's test link), else made from the server's secret —
 * NUDGELAB_SECRET, or the secret kept in the database the server uses
 * (NUDGELAB_DB / NUDGELAB_DATABASE_URL), as the server itself finds it.
 */
async function testTokenFor(experimentKey: string, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    if (!/^[0-9a-f]{32}$/.test(given)) throw new CommandInputError('--test-token must be the 32 hex digits after test= in the dashboard’s test link');
    return given;
  }
  const config = readConfig();
  if (config.NUDGELAB_SECRET) return testTrafficToken(config.NUDGELAB_SECRET, experimentKey);
  const store = await openStore(config);
  try {
    return testTrafficToken(await store.loadOrCreateSecret('cookie-secret', () => randomBytes(32).toString('hex')), experimentKey);
  } finally {
    await store.close();
  }
}

/**
 * `nudgelab simulate`: synthetic participants through a running server's real
 * flow, to check a new experiment before launch or to fill a database with
 * realistic data. They enter through the experiment's test link, so they are
 * stored as test traffic and never count (see `testTokenFor` for where the
 * token comes from). Exit code 1 when any participant failed.
 */
export async function simulateCommand(argumentsAfterCommand: string[]): Promise<string> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argumentsAfterCommand,
      options: {
        experiment: { type: 'string' },
        participants: { type: 'string' },
        url: { type: 'string', default: 'http://127.0.0.1:3000' },
        effect: { type: 'string', default: '1' },
        concurrency: { type: 'string', default: '8' },
        'id-prefix': { type: 'string' },
        seed: { type: 'string', default: '1' },
        'test-token': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new CommandInputError(`${(error as Error).message}; ${simulateUsage}`);
  }
  const experiments = validateExperiments(experimentRegistry);
  const experiment = values.experiment ? experiments.get(values.experiment) : undefined;
  if (!experiment) throw new CommandInputError(`--experiment must be one of ${[...experiments.keys()].join(', ')}; ${simulateUsage}`);
  const participants = Number(values.participants);
  if (!Number.isInteger(participants) || participants < 1 || participants > 1_000_000) throw new CommandInputError('--participants must be a whole number from 1 to 1,000,000');
  const effect = Number(values.effect);
  if (!Number.isFinite(effect) || effect < 0 || effect > 4) throw new CommandInputError('--effect must be a number from 0 to 4');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new CommandInputError('--concurrency must be a whole number from 1 to 256');
  let baseUrl: URL;
  try {
    baseUrl = new URL(values.url!);
  } catch {
    throw new CommandInputError(`--url "${values.url}" is not a URL`);
  }
  const testToken = await testTokenFor(experiment.definition.key, values['test-token']);
  const bar = progressBar('simulating', participants);
  const summary = await simulateParticipants({
    baseUrl: baseUrl.href,
    definition: experiment.definition,
    participants,
    effect,
    concurrency,
    idPrefix: values['id-prefix'] ?? `sim-${Date.now().toString(36)}`,
    seed: Number(values.seed),
    testToken,
    onProgress: bar.update,
  });
  bar.finish();
  const lines = [
    `${summary.completed} of ${summary.participants} simulated participants completed ${experiment.definition.key} in ${summary.seconds.toFixed(1)} s (stored as test traffic: left out of counts, results and default exports)`,
    ...Object.entries(summary.byArm).map(([arm, { completed }]) => `  ${arm}: ${completed}`),
    ...summary.failures.map((failure) => `  failed: ${failure}`),
  ];
  if (summary.failed > 0) {
    process.exitCode = 1;
    lines.push(`${summary.failed} failed`);
  }
  return lines.join('\n');
}
