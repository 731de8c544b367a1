import { parse } from 'csv-parse/sync';
import type { CorrectionMethod } from '../../analysis/adjust-p-values';
import type { ExperimentInput, MetricInput } from '../../analysis/analyze-experiment';

import { CommandInputError } from './command-input-error';

/** A CSV that cannot be analysed as asked; the message is one line naming the problem. */
export class AnalysisInputError extends CommandInputError {
  override name = 'AnalysisInputError';
}

export interface AnalysisCsvOptions {
  armColumn: string;
  outcomes: readonly string[];
  control?: string;
  weights?: readonly number[];
  /** Force every outcome's type; by default 0/1 outcomes are binary and others continuous. */
  type?: 'continuous' | 'binary';
  correction?: CorrectionMethod;
}

const missingMarkers = new Set(['', 'NA', 'NaN', 'null']);

/**
 * Reads a participant-level CSV (one row per participant, a column with the
 * arm and one per outcome) into the analysis input. Arms keep the order in
 * which they first appear; the first is the control unless one is named.
 * Empty cells and NA are missing values and are left out of that outcome only.
 *
 * @example
 * analysisInputFromCsv('arm,amount\na,1\nb,2\n', { armColumn: 'arm', outcomes: ['amount'] }).arms; // => ['a', 'b']
 * @throws AnalysisInputError for malformed CSV, a missing column, a single arm or a non-numeric outcome.
 */
export function analysisInputFromCsv(text: string, options: AnalysisCsvOptions): ExperimentInput {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw new AnalysisInputError(`malformed CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) throw new AnalysisInputError('the CSV has no data rows');
  const columnIndex = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new AnalysisInputError(`column "${name}" is not in the CSV (its columns: ${header.join(', ')})`);
    return index;
  };
  const armIndex = columnIndex(options.armColumn);
  if (options.outcomes.length === 0) throw new AnalysisInputError('name at least one --outcome column');
  const outcomeIndexes = options.outcomes.map(columnIndex);

  const arms: string[] = [];
  const participantsByArm = new Map<string, number>();
  const armOfRow: string[] = new Array(rows.length);
  rows.forEach((row, rowIndex) => {
    const arm = row[armIndex] ?? '';
    if (arm === '') throw new AnalysisInputError(`row ${rowIndex + 2} has no value in the arm column "${options.armColumn}"`);
    if (!participantsByArm.has(arm)) arms.push(arm);
    participantsByArm.set(arm, (participantsByArm.get(arm) ?? 0) + 1);
    armOfRow[rowIndex] = arm;
  });
  if (arms.length < 2) throw new AnalysisInputError(`the arm column "${options.armColumn}" has a single arm ("${arms[0]}"): nothing to compare`);
  if (options.control !== undefined && !arms.includes(options.control)) {
    throw new AnalysisInputError(`control arm "${options.control}" is not in the data (arms: ${arms.join(', ')})`);
  }
  if (options.weights && options.weights.length !== arms.length) {
    throw new AnalysisInputError(`${options.weights.length} weights given for ${arms.length} arms (${arms.join(', ')})`);
  }

  const metrics = options.outcomes.map<MetricInput>((metric, outcomeNumber) => {
    const column = outcomeIndexes[outcomeNumber]!;
    const valuesByArm = new Map<string, number[]>(arms.map((arm) => [arm, []]));
    let allZeroOrOne = true;
    rows.forEach((row, rowIndex) => {
      const cell = row[column] ?? '';
      if (missingMarkers.has(cell)) return;
      const value = Number(cell);
      if (!Number.isFinite(value)) {
        throw new AnalysisInputError(`outcome "${metric}" has a non-numeric value "${cell.slice(0, 40)}" on line ${rowIndex + 2}`);
      }
      if (value !== 0 && value !== 1) allZeroOrOne = false;
      valuesByArm.get(armOfRow[rowIndex]!)!.push(value);
    });
    const type = options.type ?? (allZeroOrOne ? 'binary' : 'continuous');
    if (type === 'binary' && !allZeroOrOne) throw new AnalysisInputError(`outcome "${metric}" is declared binary but has values other than 0 and 1`);
    return { metric, type, valuesByArm: new Map([...valuesByArm].map(([arm, values]) => [arm, Float64Array.from(values)])) };
  });

  return {
    arms,
    control: options.control ?? arms[0],
    participantsByArm,
    weights: options.weights,
    metrics,
    correction: options.correction ?? 'holm',
  };
}
