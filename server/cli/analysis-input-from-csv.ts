import { closeSync, openSync, readSync } from 'node:fs';
import type { CorrectionMethod } from '../../analysis/adjust-p-values';
import type { ExperimentInput, MetricInput } from '../../analysis/analyze-experiment';
import { CommandInputError } from './command-input-error';
import { CsvRowScanner, type CsvRow } from './csv-row-scanner';
import { GrowableFloat64Array } from './growable-float64-array';
import { plainDecimalNumber } from './plain-decimal-number';

/** A CSV that cannot be analysed as asked; the message is one line naming the problem. */
export class AnalysisInputError extends CommandInputError {
  override name = 'AnalysisInputError';
}

export type OutcomeType = 'continuous' | 'binary';

export interface AnalysisCsvOptions {
  armColumn: string;
  outcomes: readonly string[];
  /** The control arm; by default the first arm in the file. */
  control?: string;
  /** Planned weights in the order the report prints the arms: the control first, then the others in order of appearance. */
  weights?: readonly number[];
  /** Every outcome's type; by default 0/1 outcomes are binary and others continuous. */
  type?: OutcomeType;
  /** One outcome's type, overriding `type`. */
  types?: Readonly<Record<string, OutcomeType>>;
  correction?: CorrectionMethod;
  /** `,`, `;` or a tab; by default `;` when the header line has semicolons and no commas, else `,`. */
  delimiter?: string;
  /** The decimal mark, `.` or `,`; by default `,` in semicolon-separated files (a Dutch Excel export), else `.`. */
  decimal?: string;
}

const missingMarkers = new Set(['', 'NA', 'NaN', 'null']);
const missingMarkerBytes = [...missingMarkers].map((marker) => Buffer.from(marker));
const chunkBytes = 1 << 20;

/**
 * Reads a participant-level CSV (one row per participant, a column with the
 * arm and one per outcome) into the analysis input, from its text or bytes.
 * The control arm comes first, then the others in the order in which they
 * first appear; the control is the first arm in the file unless one is named.
 * Empty cells, NA, NaN and null are missing values and are left out of that
 * outcome only; any other cell must be a plain decimal number.
 *
 * @example
 * analysisInputFromCsv('arm,amount\na,1\nb,2\n', { armColumn: 'arm', outcomes: ['amount'] }).arms; // => ['a', 'b']
 * analysisInputFromCsv('arm;amount\na;1,5\nb;2\n', { armColumn: 'arm', outcomes: ['amount'] }).metrics[0].valuesByArm.get('a'); // => Float64Array [1.5]
 * @throws AnalysisInputError (one line) for malformed CSV, a missing column, a single arm, a value that is not a plain decimal number, or options that do not fit the data.
 */
export function analysisInputFromCsv(content: string | Uint8Array, options: AnalysisCsvOptions): ExperimentInput {
  const reader = new AnalysisCsvReader(options);
  reader.push(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  return reader.finish();
}

/**
 * Like `analysisInputFromCsv`, streaming the file in 1 MB chunks: memory
 * holds the outcome columns as typed arrays, never the file or its rows.
 *
 * @example
 * analysisInputFromCsvFile('data.csv', { armColumn: 'arm', outcomes: ['amount'] });
 * @throws AnalysisInputError as analysisInputFromCsv, and when the file cannot be read.
 */
export function analysisInputFromCsvFile(file: string, options: AnalysisCsvOptions): ExperimentInput {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch (error) {
    throw new AnalysisInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const reader = new AnalysisCsvReader(options);
    const chunk = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      let bytesRead: number;
      try {
        bytesRead = readSync(descriptor, chunk, 0, chunk.length, null);
      } catch (error) {
        throw new AnalysisInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      if (bytesRead === 0) break;
      reader.push(chunk.subarray(0, bytesRead));
    }
    return reader.finish();
  } finally {
    closeSync(descriptor);
  }
}

/** The separator as a byte, from the option or, failing that, from the header line. */
function delimiterFor(option: string | undefined, firstBytes: Uint8Array): number {
  if (option !== undefined) {
    const named = option === 'tab' || option === '\\t' ? '\t' : option;
    if (named !== ',' && named !== ';' && named !== '\t') throw new AnalysisInputError(`--delimiter must be ",", ";" or tab, not "${option}"`);
    return named.charCodeAt(0);
  }
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const byte of firstBytes) {
    if (byte === 0x22) quoted = !quoted;
    else if (!quoted && (byte === 0x0a || byte === 0x0d)) break;
    else if (!quoted && byte === 0x2c) commas += 1;
    else if (!quoted && byte === 0x3b) semicolons += 1;
  }
  return semicolons > 0 && commas === 0 ? 0x3b : 0x2c;
}

/** Reads CSV chunks into per-arm typed columns; `finish()` checks the whole and returns the analysis input. */
class AnalysisCsvReader {
  private scanner: CsvRowScanner | null = null;
  private delimiter = 0x2c;
  private decimalMark = 0x2e;
  private header: string[] | null = null;
  private armColumn = -1;
  private outcomeColumns: number[] = [];
  private readonly arms: string[] = [];
  private readonly armBytes: Uint8Array[] = [];
  private readonly armIndexOfBytes: number[] = [];
  private readonly participants: number[] = [];
  /** columns[outcome][arm] */
  private readonly columns: GrowableFloat64Array[][] = [];
  private allZeroOrOne: boolean[] = [];
  private lastArm = -1;
  private dataRows = 0;
  private sawByteOrderMark = false;

  constructor(private readonly options: AnalysisCsvOptions) {
    if (options.outcomes.length === 0) throw new AnalysisInputError('name at least one --outcome column');
    for (const outcome of Object.keys(options.types ?? {})) {
      if (!options.outcomes.includes(outcome)) throw new AnalysisInputError(`--type names "${outcome}", which is not an --outcome (outcomes: ${options.outcomes.join(', ')})`);
    }
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (!this.scanner) {
      if (!this.sawByteOrderMark && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      this.sawByteOrderMark = true;
      this.delimiter = delimiterFor(this.options.delimiter, chunk);
      const decimal = this.options.decimal ?? (this.delimiter === 0x3b ? ',' : '.');
      if (decimal !== '.' && decimal !== ',') throw new AnalysisInputError(`--decimal must be "." or ",", not "${decimal}"`);
      if (decimal === ',' && this.delimiter === 0x2c) throw new AnalysisInputError('a decimal comma needs another delimiter: add --delimiter ";"');
      this.decimalMark = decimal.charCodeAt(0);
      this.scanner = new CsvRowScanner(this.delimiter, (row) => (this.header ? this.addRow(row) : this.readHeader(row)));
    }
    this.scanner.push(chunk);
  }

  finish(): ExperimentInput {
    this.scanner?.end();
    const { options, arms } = this;
    if (!this.header || this.dataRows === 0) throw new AnalysisInputError('the CSV has no data rows');
    if (arms.length < 2) throw new AnalysisInputError(`the arm column "${options.armColumn}" has a single arm ("${arms[0]}"): nothing to compare`);
    if (options.control !== undefined && !arms.includes(options.control)) {
      throw new AnalysisInputError(`control arm "${options.control}" is not in the data (arms: ${arms.join(', ')})`);
    }
    const control = options.control ?? arms[0]!;
    // The report prints the control first, and the weights follow the printed order.
    const order = [arms.indexOf(control), ...arms.map((_, index) => index).filter((index) => arms[index] !== control)];
    const orderedArms = order.map((index) => arms[index]!);
    if (options.weights && options.weights.length !== arms.length) {
      throw new AnalysisInputError(`${options.weights.length} weights given for ${arms.length} arms (in the order they are weighted: ${orderedArms.join(', ')})`);
    }
    const metrics = options.outcomes.map<MetricInput>((metric, outcome) => {
      const type = options.types?.[metric] ?? options.type ?? (this.allZeroOrOne[outcome] ? 'binary' : 'continuous');
      if (type === 'binary' && !this.allZeroOrOne[outcome]) throw new AnalysisInputError(`outcome "${metric}" is declared binary but has values other than 0 and 1`);
      return { metric, type, valuesByArm: new Map(order.map((index) => [arms[index]!, this.columns[outcome]![index]!.values()])) };
    });
    return {
      arms: orderedArms,
      control,
      participantsByArm: new Map(order.map((index) => [arms[index]!, this.participants[index]!])),
      weights: options.weights,
      metrics,
      correction: options.correction ?? 'holm',
    };
  }

  private readHeader(row: CsvRow): void {
    const header = Array.from({ length: row.fieldCount }, (_, field) => row.text(field));
    const columnIndex = (name: string) => {
      const index = header.indexOf(name);
      if (index < 0) throw new AnalysisInputError(`column "${name}" is not in the CSV (its columns: ${header.join(', ')})`);
      return index;
    };
    this.armColumn = columnIndex(this.options.armColumn);
    this.outcomeColumns = this.options.outcomes.map(columnIndex);
    this.allZeroOrOne = this.options.outcomes.map(() => true);
    this.outcomeColumns.forEach(() => this.columns.push([]));
    this.header = header;
  }

  private addRow(row: CsvRow): void {
    const header = this.header!;
    if (row.fieldCount !== header.length) {
      throw new AnalysisInputError(`malformed CSV: line ${row.line} has ${row.fieldCount} fields, the header has ${header.length}`);
    }
    this.dataRows += 1;
    const arm = this.armOf(row);
    this.participants[arm]! += 1;
    const { bytes, starts, ends } = row;
    for (let outcome = 0; outcome < this.outcomeColumns.length; outcome++) {
      const field = this.outcomeColumns[outcome]!;
      const start = starts[field]!;
      const end = ends[field]!;
      const value = plainDecimalNumber(bytes, start, end, this.decimalMark);
      if (Number.isNaN(value) || !Number.isFinite(value)) {
        if (Number.isNaN(value) && isMissingMarker(bytes, start, end)) continue;
        this.refuseValue(row, outcome);
      }
      if (value !== 0 && value !== 1) this.allZeroOrOne[outcome] = false;
      this.columns[outcome]![arm]!.push(value);
    }
  }

  /** The arm's index: byte comparison with the arms seen so far (the last one first), a string only for a new arm. */
  private armOf(row: CsvRow): number {
    const { bytes } = row;
    const start = row.starts[this.armColumn]!;
    const end = row.ends[this.armColumn]!;
    if (this.lastArm >= 0 && !row.escapedQuotes[this.armColumn] && sameBytes(this.armBytes[this.lastArm]!, bytes, start, end)) {
      return this.armIndexOfBytes[this.lastArm]!;
    }
    if (!row.escapedQuotes[this.armColumn]) {
      for (let candidate = 0; candidate < this.armBytes.length; candidate++) {
        if (sameBytes(this.armBytes[candidate]!, bytes, start, end)) {
          this.lastArm = candidate;
          return this.armIndexOfBytes[candidate]!;
        }
      }
    }
    const name = row.text(this.armColumn);
    if (name === '') throw new AnalysisInputError(`line ${row.line} has no value in the arm column "${this.options.armColumn}"`);
    let arm = this.arms.indexOf(name);
    if (arm < 0) {
      arm = this.arms.length;
      this.arms.push(name);
      this.participants.push(0);
      for (const column of this.columns) column.push(new GrowableFloat64Array());
    }
    if (!row.escapedQuotes[this.armColumn]) {
      this.armBytes.push(Uint8Array.prototype.slice.call(bytes, start, end)); // a copy, even of a Buffer
      this.armIndexOfBytes.push(arm);
      this.lastArm = this.armBytes.length - 1;
    }
    return arm;
  }

  private refuseValue(row: CsvRow, outcome: number): never {
    const metric = this.options.outcomes[outcome]!;
    const cell = row.text(this.outcomeColumns[outcome]!).slice(0, 40);
    const example = this.decimalMark === 0x2c ? '1250 or -0,5' : '1250 or -0.5';
    throw new AnalysisInputError(
      `outcome "${metric}" has a non-numeric value "${cell}" on line ${row.line} (data row ${this.dataRows}): only plain decimal numbers such as ${example} are read`,
    );
  }
}

function sameBytes(expected: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start !== expected.length) return false;
  for (let index = 0; index < expected.length; index++) if (bytes[start + index] !== expected[index]) return false;
  return true;
}

function isMissingMarker(bytes: Uint8Array, start: number, end: number): boolean {
  return missingMarkerBytes.some((marker) => sameBytes(marker, bytes, start, end));
}
