import { parseArgs } from 'node:util';
import { experimentRegistry } from '../../experiments/registry';
import { validateExperiments } from '../../experiments/validate-experiments';
import { readConfig } from '../config';
import { experimentResults } from '../results/experiment-results';
import { openStore } from '../store/open-store';
import { CommandInputError } from './command-input-error';
import { formatAnalysisTable } from './format-analysis-table';

export const reportUsage = 'usage: nudgelab report --experiment KEY [--format table|json]';

/** `nudgelab report`: the results page's figures for the data in NUDGELAB_DB, as a table or JSON. */
export async function reportCommand(argumentsAfterCommand: string[]): Promise<string> {
  let values;
  try {
    ({ values } = parseArgs({ args: argumentsAfterCommand, options: { experiment: { type: 'string' }, format: { type: 'string', default: 'table' } } }));
  } catch (error) {
    throw new CommandInputError(`${(error as Error).message}; ${reportUsage}`);
  }
  const experiments = validateExperiments(experimentRegistry);
  const experiment = values.experiment ? experiments.get(values.experiment) : undefined;
  if (!experiment) throw new CommandInputError(`--experiment must be one of ${[...experiments.keys()].join(', ')}; ${reportUsage}`);
  if (values.format !== 'table' && values.format !== 'json') throw new CommandInputError('--format must be table or json');
  const store = await openStore(readConfig());
  try {
    const results = await experimentResults(store, experiment);
    return values.format === 'json' ? JSON.stringify(results, null, 2) : `${experiment.definition.title} (${experiment.definition.key})\n\n${formatAnalysisTable(results)}`;
  } finally {
    await store.close();
  }
}
