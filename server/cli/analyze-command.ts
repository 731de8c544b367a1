import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyzeExperiment } from '../../analysis/analyze-experiment';
import { analysisInputFromCsv, AnalysisInputError } from './analysis-input-from-csv';
import { formatAnalysisTable } from './format-analysis-table';

export const analyzeUsage =
  'usage: nudgelab analyze FILE.csv --arm-column COL --outcome COL [--outcome COL ...] [--control ARM] ' +
  '[--weights w1,w2,...] [--type continuous|binary] [--correction holm|bh|none] [--format json|table]';

/**
 * `nudgelab analyze`: the same analysis the results page runs, on any CSV.
 * Returns the text to print; a problem with the input throws an
 * AnalysisInputError whose message is the one line to show.
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
        type: { type: 'string' },
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
  const type = values.type;
  if (type !== undefined && type !== 'continuous' && type !== 'binary') throw new AnalysisInputError(`--type must be continuous or binary, not "${type}"`);
  const correction = values.correction;
  if (correction !== 'holm' && correction !== 'bh' && correction !== 'none') throw new AnalysisInputError(`--correction must be holm, bh or none, not "${correction}"`);
  if (values.format !== 'json' && values.format !== 'table') throw new AnalysisInputError(`--format must be json or table, not "${values.format}"`);
  const weights = values.weights?.split(',').map((weight) => Number(weight.trim()));
  if (weights?.some((weight) => !(weight > 0))) throw new AnalysisInputError(`--weights must be positive numbers separated by commas, not "${values.weights}"`);

  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AnalysisInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const input = analysisInputFromCsv(text, { armColumn: values['arm-column'], outcomes: values.outcome, control: values.control, weights, type, correction });
  const report = analyzeExperiment(input);
  return values.format === 'json' ? JSON.stringify(report, null, 2) : formatAnalysisTable(report);
}
