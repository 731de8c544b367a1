import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Experiment } from '../../experiments/validate-experiments';
import type { Store } from '../store/store';
import { experimentResults } from './experiment-results';
import { codebook } from './export-columns';
import { participantCsvLines, processEventColumns, processEventCsvLines } from './participant-csv';
import { replicationRScript, type ReplicationScriptInput } from './replication-r-script';

/** The files of a replication package, in the order they are written. */
export const replicationPackageFiles = ['participants.csv', 'process-events.csv', 'codebook.json', 'definition.json', 'results.json', 'analysis.R', 'README.md'] as const;

/** Streams lines to a file, waiting whenever the disk is slower than the store. */
async function writeLines(file: string, lines: AsyncIterable<string>): Promise<number> {
  const stream = createWriteStream(file);
  let count = 0;
  try {
    for await (const line of lines) {
      count += 1;
      if (!stream.write(line)) await once(stream, 'drain');
    }
  } finally {
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
  return count - 1;
}

/**
 * The plan's models as analysis.R reads them from the participant CSV: each
 * covariate's and moderator's column (a before-screen question `age_band` is
 * `q_age_band`, a lender attribute its own key) and the factors with their
 * levels, reference first.
 *
 * @example
 * planModels(experiments.get('credit-choice')!.definition).covariates; // => ['q_age_band', 'q_literacy_interest']
 */
export function planModels(definition: Experiment['definition']): Pick<ReplicationScriptInput, 'covariates' | 'moderators' | 'columns' | 'factors'> {
  const questionKeys = new Set(definition.questionnaire.map((question) => question.key));
  const columnOf = (key: string) => (questionKeys.has(key) ? `q_${key}` : key);
  const plan = definition.analysisPlan;
  return {
    covariates: plan.covariates.map(columnOf),
    moderators: plan.moderators.map((moderator) => moderator.key),
    columns: Object.fromEntries(plan.moderators.map((moderator) => [moderator.key, columnOf(moderator.key)])),
    factors: definition.factors.map((factor) => ({ name: factor.key, levels: factor.levels.map((level) => level.key) })),
  };
}

/**
 * Writes a replication package of an experiment into `directory` (created if
 * needed): the participant CSV and the process-event CSV (as the exports give
 * them), the codebook, the definition and analysis plan as frozen at the start
 * with its SHA-256, nudgelab's results, and an `analysis.R` that reads the CSV
 * and recomputes every figure of the primary outcomes (each comparison's
 * difference, confidence interval, p and family-adjusted p) beside the value
 * nudgelab computed, and the plan's models where it declares them (adjusted
 * effects, moderators, factorial effects). `models` overrides the plan's.
 *
 * @example
 * await writeReplicationPackage(store, experiments.get('loan-anchor')!, 'loan-anchor-package');
 * // => { directory: 'loan-anchor-package', participants: 300, processEvents: 2114, files: ['participants.csv', …] }
 */
export async function writeReplicationPackage(
  store: Store,
  experiment: Experiment,
  directory: string,
  models: Pick<ReplicationScriptInput, 'covariates' | 'moderators'> = {},
): Promise<{ directory: string; participants: number; processEvents: number; files: string[] }> {
  const { definition } = experiment;
  await mkdir(directory, { recursive: true });
  const participants = await writeLines(join(directory, 'participants.csv'), participantCsvLines(store, definition));
  const processEvents = await writeLines(join(directory, 'process-events.csv'), processEventCsvLines(store, definition));
  const state = await store.findExperimentState(definition.key);
  const frozen = (state?.frozenDefinition ?? null) as { analysisPlan?: unknown } | null;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(join(directory, 'codebook.json'), json({ experiment: definition.key, title: definition.title, columns: codebook(definition), processEventColumns }));
  await writeFile(
    join(directory, 'definition.json'),
    json({
      experiment: definition.key,
      // The SHA-256 of the definition frozen when the experiment started; the file's own while it is a draft.
      definitionSha256: state?.definitionSha256 ?? experiment.definitionHash,
      frozenAt: state?.startedAt?.toISOString() ?? null,
      analysisPlan: frozen?.analysisPlan ?? definition.analysisPlan,
      definition: frozen ?? definition,
    }),
  );
  const results = await experimentResults(store, experiment);
  const computedAt = new Date().toISOString();
  await writeFile(join(directory, 'results.json'), json({ computedAt, ...results }));
  const primary = results.metrics.filter((metric) => metric.family === 'primary');
  await writeFile(
    join(directory, 'analysis.R'),
    replicationRScript({
      title: `Replication of nudgelab's results for "${definition.key}" (${definition.title}), computed ${computedAt} from ${participants} participants`,
      csvFile: 'participants.csv',
      armColumn: 'arm',
      report: { confidenceLevel: results.confidenceLevel, metrics: primary },
      ...planModels(definition),
      ...models,
    }),
  );
  await writeFile(
    join(directory, 'README.md'),
    [
      `# Replication package: ${definition.key}`,
      '',
      `${definition.title}. Written by \`nudgelab export --package\` on ${computedAt}.`,
      '',
      '| file | what it holds |',
      '|---|---|',
      `| participants.csv | one row per participant (${participants} rows); columns in codebook.json |`,
      `| process-events.csv | one row per recorded interaction (${processEvents} rows) |`,
      '| codebook.json | every column of both CSV files: meaning, type, unit, allowed values |',
      '| definition.json | the experiment definition and analysis plan as frozen at the start, with its SHA-256 |',
      '| results.json | the results as nudgelab computed them |',
      `| analysis.R | recomputes every figure of the primary outcome${primary.length === 1 ? '' : 's'} (${primary.map((metric) => metric.metric).join(', ')}) and prints each beside nudgelab's value |`,
      '',
      'Run `Rscript analysis.R` in this folder (R with estimatr, sandwich and lmtest installed). It exits with status 1 when a figure differs by more than 1e-6 (relative).',
      '',
    ].join('\n'),
  );
  return { directory, participants, processEvents, files: [...replicationPackageFiles] };
}
