import { randomBytes } from 'node:crypto';
import { experimentRegistry } from '../../experiments/registry';
import { validateExperiments } from '../../experiments/validate-experiments';
import { readConfig } from '../config';
import { openStore } from '../store/open-store';
import { testTrafficToken } from '../test-traffic/test-traffic-token';
import { CommandInputError } from './command-input-error';
import { subcommandArguments } from './subcommand-arguments';
import { progressBar, type ProgressStream } from './progress-bar';
import { simulateParticipants } from './simulate-participants';

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
 * token comes from). A progress bar goes to `progress` when it is a
 * terminal. Exit code 1 when any participant failed.
 *
 * @example
 * await simulateCommand(['--experiment', 'minimum-repayment', '--participants', '60']); // => '60 of 60 simulated participants completed minimum-repayment in 4.2 s …\n  control: 20\n …'
 */
export async function simulateCommand(argumentsAfterCommand: string[], progress: ProgressStream = process.stderr): Promise<string> {
  const { values } = subcommandArguments('simulate', argumentsAfterCommand);
  const experiments = validateExperiments(experimentRegistry);
  const experiment = values.experiment ? experiments.get(values.experiment) : undefined;
  if (!experiment) throw new CommandInputError(`--experiment must be one of ${[...experiments.keys()].join(', ')} (see nudgelab simulate --help)`);
  const participants = Number(values.participants);
  if (!Number.isInteger(participants) || participants < 1 || participants > 1_000_000) throw new CommandInputError('--participants must be a whole number from 1 to 1,000,000');
  const effect = Number(values.effect);
  if (!Number.isFinite(effect) || effect < 0 || effect > 4) throw new CommandInputError('--effect must be a number from 0 to 4');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new CommandInputError('--concurrency must be a whole number from 1 to 256');
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new CommandInputError(`--seed must be a whole number, not "${values.seed}"`);
  let baseUrl: URL;
  try {
    baseUrl = new URL(values.url!);
  } catch {
    throw new CommandInputError(`--url "${values.url}" is not a URL`);
  }
  const testToken = await testTokenFor(experiment.definition.key, values['test-token']);
  const bar = progressBar('simulating', participants, { stream: progress, unit: 'participants' });
  const summary = await simulateParticipants({
    baseUrl: baseUrl.href,
    definition: experiment.definition,
    participants,
    effect,
    concurrency,
    idPrefix: values['id-prefix'] ?? `sim-${Date.now().toString(36)}`,
    seed,
    testToken,
    onProgress: bar.update,
  });
  bar.finish();
  const lines = [
    `${summary.completed} of ${summary.participants} simulated participants completed ${experiment.definition.key} in ${summary.seconds.toFixed(1)} s (stored as test traffic: left out of counts, results and default exports)`,
    ...Object.entries(summary.byArm).map(([arm, { completed }]) => `  ${arm}: ${completed}`),
    ...(summary.armUnknown > 0 ? [`  arm not known: ${summary.armUnknown} (the server did not name it; is it older than this nudgelab?)`] : []),
    ...summary.failures.map((failure) => `  failed: ${failure}`),
  ];
  if (summary.failed > 0) {
    process.exitCode = 1;
    lines.push(`${summary.failed} failed`);
  }
  return lines.join('\n');
}
