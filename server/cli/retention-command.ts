import { readConfig } from '../config';
import { applyProcessDataRetention } from '../privacy/process-data-retention';
import { openStore } from '../store/open-store';
import { CommandInputError } from './command-input-error';
import { subcommandArguments } from './subcommand-arguments';

/**
 * `nudgelab retention`: deletes raw process events of decisions older than N
 * days now (the server does the same hourly with NUDGELAB_PROCESS_DATA_RETENTION_DAYS).
 * Outcome rows and per-participant process summaries stay.
 */
export async function retentionCommand(argumentsAfterCommand: string[]): Promise<string> {
  const { values } = subcommandArguments('retention', argumentsAfterCommand);
  const days = Number(values.days);
  if (!values.days || !Number.isInteger(days) || days < 1) throw new CommandInputError(`--days must be a whole number of days, at least 1 (see nudgelab retention --help)`);
  const store = await openStore(readConfig());
  try {
    const result = await applyProcessDataRetention(store, days, new Date(), 'cli');
    return `deleted ${result.events} process events of ${result.participants} participants who decided before ${result.cutoff.toISOString()}`;
  } finally {
    await store.close();
  }
}
