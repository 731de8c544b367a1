import { analyzeExperiment } from '../../analysis/analyze-experiment';
import { modelsReport } from '../../analysis/models-report';
import { analysisAndModelsInputFromCsvFile, AnalysisInputError, type OutcomeType } from './analysis-input-from-csv';
import { analysisWithModels } from './analysis-with-models';
import { armPair } from './arm-pair';
import { formatAnalysisTable } from './format-analysis-table';
import { subcommandArguments } from './subcommand-arguments';

const isOutcomeType = (value: string): value is OutcomeType => value === 'continuous' || value === 'binary';

/** `--type binary` for every outcome and/or `--type amount=continuous` for one, the latter winning. */
function outcomeTypes(given: readonly string[]): { type?: OutcomeType; types: Record<string, OutcomeType> } {
  let type: OutcomeType | undefined;
  const types: Record<string, OutcomeType> = {};
  for (const entry of given) {
    const separator = entry.lastIndexOf('=');
    const [outcome, value] = separator < 0 ? [undefined, entry] : [entry.slice(0, separator), entry.slice(separator + 1)];
    if (!isOutcomeType(value)) throw new AnalysisInputError(`--type must be continuous, binary or OUTCOME=continuous|binary, not "${entry}"`);
    if (outcome === undefined) type = value;
    else types[outcome] = value;
  }
  return { type, types };
}

/**
 * `nudgelab analyze`: the same analysis the results page runs, on any CSV.
 * Returns the text to print; a problem with the input throws an
 * AnalysisInputError whose message is the one line to show.
 *
 * @example
 * analyzeCommand(['data.csv', '--arm-column', 'arm', '--outcome', 'amount', '--type', 'amount=continuous', '--format', 'json']);
 */
export function analyzeCommand(argumentsAfterCommand: string[]): string {
  const { values, positionals } = subcommandArguments('analyze', argumentsAfterCommand);
  if (positionals.length !== 1) throw new AnalysisInputError('name one CSV file (see nudgelab analyze --help)');
  const factors = values.factor ?? [];
  if (!values['arm-column'] && factors.length === 0) throw new AnalysisInputError('--arm-column (or --factor) is required (see nudgelab analyze --help)');
  if (factors.length > 0 && values.control !== undefined) throw new AnalysisInputError('--control does not go with --factor: the control is the cell of the reference levels (set them with --reference FACTOR=LEVEL)');
  const references: Record<string, string> = {};
  for (const entry of values.reference ?? []) {
    const separator = entry.indexOf('=');
    if (separator <= 0 || separator === entry.length - 1) throw new AnalysisInputError(`--reference must be FACTOR=LEVEL, not "${entry}"`);
    references[entry.slice(0, separator)] = entry.slice(separator + 1);
  }
  for (const [name, list] of [['--covariate', values.covariate], ['--moderator', values.moderator], ['--factor', values.factor]] as const) {
    const repeated = (list ?? []).find((column, index) => list!.indexOf(column) !== index);
    if (repeated !== undefined) throw new AnalysisInputError(`${name} ${repeated} is given twice`);
  }
  if (!values.outcome?.length) throw new AnalysisInputError('at least one --outcome is required (see nudgelab analyze --help)');
  const { type, types } = outcomeTypes(values.type ?? []);
  const correction = values.correction;
  if (correction !== 'holm' && correction !== 'bh' && correction !== 'none') throw new AnalysisInputError(`--correction must be holm, bh or none, not "${correction}"`);
  if (values.format !== 'json' && values.format !== 'table') throw new AnalysisInputError(`--format must be json or table, not "${values.format}"`);
  const weights = values.weights?.split(',').map((weight) => (/^\s*\d+(\.\d+)?\s*$/.test(weight) ? Number(weight) : Number.NaN));
  if (weights?.some((weight) => !(weight > 0))) throw new AnalysisInputError(`--weights must be positive numbers separated by commas, not "${values.weights}"`);

  const { experiment, models } = analysisAndModelsInputFromCsvFile(positionals[0]!, {
    armColumn: values['arm-column'],
    covariates: values.covariate,
    moderators: values.moderator,
    factors,
    references,
    outcomes: values.outcome,
    control: values.control,
    weights,
    type,
    types,
    correction,
    delimiter: values.delimiter,
    decimal: values.decimal,
  });
  const compare = (values.compare ?? []).map((text) => armPair(text, experiment.arms));
  const control = experiment.control ?? experiment.arms[0]!;
  // The --compare pairs join each treatment against control, and the family is adjusted over all of them.
  const comparisons = [...experiment.arms.filter((arm) => arm !== control).map((arm) => ({ arm, against: control })), ...compare.map(({ arm, control: against }) => ({ arm, against }))];
  const input = compare.length > 0 ? { ...experiment, metrics: experiment.metrics.map((metric) => ({ ...metric, comparisons })) } : experiment;
  let report;
  try {
    const analysis = analyzeExperiment(input);
    report = models ? analysisWithModels(analysis, modelsReport({ ...models, compare })) : analysis;
  } catch (error) {
    if (error instanceof RangeError) throw new AnalysisInputError(error.message);
    throw error;
  }
  return values.format === 'json' ? JSON.stringify(report, null, 2) : formatAnalysisTable(report);
}
