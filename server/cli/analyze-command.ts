import { parseArgs } from 'node:util';
import { analyzeExperiment } from '../../analysis/analyze-experiment';
import { analysisInputFromCsvFile, AnalysisInputError, type OutcomeType } from './analysis-input-from-csv';
import { formatAnalysisTable } from './format-analysis-table';

export const analyzeUsage =
  'usage: nudgelab analyze FILE.csv --arm-column COL --outcome COL [--outcome COL ...] [--control ARM] ' +
  '[--weights w1,w2,... (control first)] [--type continuous|binary] [--type OUTCOME=continuous|binary ...] ' +
  '[--delimiter ,|;|tab] [--decimal .|,] [--correction holm|bh|none] [--format json|table]';

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
  let parsed;
  try {
    parsed = parseArgs({
      args: argumentsAfterCommand,
      allowPositionals: true,
      options: {
        'arm-column': { type: 'string' },
        outcome: { type: 'string', multiple: true },
        control: { type: 'string' },
        weights: { type: 'string' },
        type: { type: 'string', multiple: true },
        delimiter: { type: 'string' },
        decimal: { type: 'string' },
        correction: { type: 'string', default: 'holm' },
        format: { type: 'string', default: 'table' },
      },
    });
  } catch (error) {
    throw new AnalysisInputError(`${(error as Error).message}; ${analyzeUsage}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new AnalysisInputError(`name one CSV file; ${analyzeUsage}`);
  if (!values['arm-column']) throw new AnalysisInputError(`--arm-column is required; ${analyzeUsage}`);
  if (!values.outcome?.length) throw new AnalysisInputError(`at least one --outcome is required; ${analyzeUsage}`);
  const { type, types } = outcomeTypes(values.type ?? []);
  const correction = values.correction;
  if (correction !== 'holm' && correction !== 'bh' && correction !== 'none') throw new AnalysisInputError(`--correction must be holm, bh or none, not "${correction}"`);
  if (values.format !== 'json' && values.format !== 'table') throw new AnalysisInputError(`--format must be json or table, not "${values.format}"`);
  const weights = values.weights?.split(',').map((weight) => (/^\s*\d+(\.\d+)?\s*$/.test(weight) ? Number(weight) : Number.NaN));
  if (weights?.some((weight) => !(weight > 0))) throw new AnalysisInputError(`--weights must be positive numbers separated by commas, not "${values.weights}"`);

  const input = analysisInputFromCsvFile(positionals[0]!, {
    armColumn: values['arm-column'],
    outcomes: values.outcome,
    control: values.control,
    weights,
    type,
    types,
    correction,
    delimiter: values.delimiter,
    decimal: values.decimal,
  });
  const report = analyzeExperiment(input);
  return values.format === 'json' ? JSON.stringify(report, null, 2) : formatAnalysisTable(report);
}
