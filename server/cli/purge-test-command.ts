import { experimentRegistry } from '../../experiments/registry';
import { validateExperiments } from '../../experiments/validate-experiments';
import { readConfig } from '../config';
import { openStore } from '../store/open-store';
import { CommandInputError } from './command-input-error';
import { subcommandArguments } from './subcommand-arguments';

/**
 * `nudgelab purge-test`: deletes an experiment's test participants
 * (simulated, or entered through a test link) with all their data, and
 * records it in the audit log. Real participants are untouched.
 *
 * @example
 * await purgeTestCommand(['--experiment', 'loan-anchor']); // => 'deleted 200 test participants of loan-anchor'
 */
export async function purgeTestCommand(argumentsAfterCommand: string[]): Promise<string> {
  const { values } = subcommandArguments('purge-test', argumentsAfterCommand);
  const experiments = validateExperiments(experimentRegistry);
  if (!values.experiment || !experiments.has(values.experiment)) {
    throw new CommandInputError(`--experiment must be one of ${[...experiments.keys()].join(', ')} (see nudgelab purge-test --help)`);
  }
  const store = await openStore(readConfig());
  try {
    const deleted = await store.deleteTestParticipants(values.experiment);
    await store.appendAudit({ at: new Date(), actor: 'cli', action: 'test-traffic.purge', subject: values.experiment, details: { participants: deleted } });
    return `deleted ${deleted} test participant${deleted === 1 ? '' : 's'} of ${values.experiment}`;
  } finally {
    await store.close();
  }
}
