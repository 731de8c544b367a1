import { parseArgs } from 'node:util';
import { experimentRegistry } from '../../experiments/registry';
import { validateExperiments } from '../../experiments/validate-experiments';
import { CommandInputError } from './command-input-error';
import { progressBar } from './progress-bar';
import { simulateParticipants } from './simulate-participants';

export const simulateUsage =
  'usage: nudgelab simulate --experiment KEY --participants N --url URL [--effect X] [--concurrency N] [--id-prefix TEXT] [--seed N]';

/**
 * `nudgelab simulate`: synthetic participants through a running server's real
 * flow, to check a new experiment before launch or to fill a database with
 * realistic data. Exit code 1 when any participant failed.
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
  const bar = progressBar('simulating', participants);
  const summary = await simulateParticipants({
    baseUrl: baseUrl.href,
    definition: experiment.definition,
    participants,
    effect,
    concurrency,
    idPrefix: values['id-prefix'] ?? `sim-${Date.now().toString(36)}`,
    seed: Number(values.seed),
    onProgress: bar.update,
  });
  bar.finish();
  const lines = [
    `${summary.completed} of ${summary.participants} simulated participants completed ${experiment.definition.key} in ${summary.seconds.toFixed(1)} s`,
    ...Object.entries(summary.byArm).map(([arm, { completed }]) => `  ${arm}: ${completed}`),
    ...summary.failures.map((failure) => `  failed: ${failure}`),
  ];
  if (summary.failed > 0) {
    process.exitCode = 1;
    lines.push(`${summary.failed} failed`);
  }
  return lines.join('\n');
}
