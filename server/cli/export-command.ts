import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { experimentRegistry } from '../../experiments/registry';
import { validateExperiments } from '../../experiments/validate-experiments';
import { readConfig } from '../config';
import { participantCsvLines, participantObjects, processEventCsvLines } from '../results/participant-csv';
import { openStore } from '../store/open-store';
import { CommandInputError } from './command-input-error';
import { subcommandArguments } from './subcommand-arguments';
import { progressBar, type ProgressStream } from './progress-bar';
import { exportReplicationPackage } from './replication-package-export';

/**
 * `nudgelab export`: the per-participant data of an experiment from the
 * database at NUDGELAB_DB, streamed to a file as CSV or a JSON array, with a
 * progress bar on `progress` when it is a terminal. Test traffic is left out
 * unless `--include-test` asks for it (with an `is_test` column).
 *
 * @example
 * await exportCommand(['--experiment', 'loan-anchor', '--out', 'loan-anchor.csv']); // => 'wrote 1200 participants of loan-anchor to loan-anchor.csv'
 */
export async function exportCommand(argumentsAfterCommand: string[], progress: ProgressStream = process.stderr): Promise<string> {
  const { values } = subcommandArguments('export', argumentsAfterCommand);
  const experiments = validateExperiments(experimentRegistry);
  const experiment = values.experiment ? experiments.get(values.experiment) : undefined;
  if (!experiment) throw new CommandInputError(`--experiment must be one of ${[...experiments.keys()].join(', ')} (see nudgelab export --help)`);
  if (values.package !== undefined) return exportReplicationPackage(experiment, values.package);
  if (values.format !== 'csv' && values.format !== 'json') throw new CommandInputError(`--format must be csv or json (see nudgelab export --help)`);
  if (!values.out) throw new CommandInputError(`--out FILE is required (see nudgelab export --help)`);
  if (values.table !== 'participants' && values.table !== 'process-events') throw new CommandInputError(`--table must be participants or process-events (see nudgelab export --help)`);
  if (values['include-test'] && values.table !== 'participants') throw new CommandInputError(`--include-test applies to the participants table only (see nudgelab export --help)`);
  const options = { includeTest: values['include-test'] };
  const store = await openStore(readConfig());
  const file = createWriteStream(values.out);
  const write = async (chunk: string) => {
    if (!file.write(chunk)) await once(file, 'drain');
  };
  try {
    const total =
      (await store.countByArm(experiment.definition.key)).reduce((sum, row) => sum + row.entered, 0) +
      (options.includeTest ? await store.countTestParticipants(experiment.definition.key) : 0);
    const bar = progressBar('exporting', total, { stream: progress, unit: 'participants' });
    let rows = 0;
    if (values.table === 'process-events') {
      if (values.format === 'csv') {
        for await (const line of processEventCsvLines(store, experiment.definition)) {
          await write(line);
          rows += 1;
        }
        rows -= 1;
      } else {
        await write('[\n');
        for await (const event of store.streamProcessEvents(experiment.definition.key)) {
          const row = { participant_id: event.participantId, arm: event.arm, sequence: event.sequence, kind: event.kind, field: event.field, value: event.value, at_ms: event.atMs };
          await write(`${rows++ === 0 ? '' : ',\n'}${JSON.stringify(row)}`);
        }
        await write('\n]\n');
      }
      return `wrote ${rows} process events of ${experiment.definition.key} to ${values.out}`;
    }
    if (values.format === 'csv') {
      let header = true;
      for await (const line of participantCsvLines(store, experiment.definition, options)) {
        await write(line);
        if (header) header = false;
        else bar.update(++rows);
      }
    } else {
      await write('[\n');
      for await (const row of participantObjects(store, experiment.definition, options)) {
        await write(`${rows === 0 ? '' : ',\n'}${JSON.stringify(row)}`);
        bar.update(++rows);
      }
      await write('\n]\n');
    }
    bar.finish();
    return `wrote ${rows} participants of ${experiment.definition.key} to ${values.out}`;
  } finally {
    await new Promise<void>((resolve) => file.end(resolve));
    await store.close();
  }
}
