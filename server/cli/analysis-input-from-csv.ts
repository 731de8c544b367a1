import { closeSync, openSync, readSync } from 'node:fs';
import type { CorrectionMethod } from '../../analysis/adjust-p-values';
import type { ExperimentInput, MetricInput } from '../../analysis/analyze-experiment';
import type { Covariate } from '../../analysis/centred-covariate-columns';
import type { ModelsInput } from '../../analysis/models-report';
import { CategoricalColumn } from './categorical-column';
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
  /** The column naming each row's arm; leave it out when `factors` give the arms. */
  armColumn?: string;
  outcomes: readonly string[];
  /** `--covariate`: pre-treatment covariates, numeric or (when any cell is not a number) categorical. */
  covariates?: readonly string[];
  /** `--moderator`: categorical moderators. */
  moderators?: readonly string[];
  /** `--factor`: the factors of a factorial design, instead of an arm column; each row's arm is its cell, `A=a,B=b`. */
  factors?: readonly string[];
  /** `--reference FACTOR=LEVEL`: a factor's reference level; by default its first level in the file. */
  references?: Readonly<Record<string, string>>;
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
  return analysisAndModelsInputFromCsv(content, options).experiment;
}

/** The engine's input and, when covariates, moderators or factors are named, the models' row-aligned columns. */
export interface AnalysisAndModelsInput {
  experiment: ExperimentInput;
  /** Null without covariates, moderators or factors; `compare` is left to the caller. */
  models: ModelsInput | null;
}

/**
 * As `analysisInputFromCsv`, with the row-aligned columns the models need
 * (outcomes as Float64Arrays, arms and text columns as arrays of shared level
 * strings, numeric covariates as Float64Arrays) when covariates, moderators or
 * factors are named.
 *
 * @example
 * analysisAndModelsInputFromCsv('arm,y,age\na,1,30\nb,2,40\n', { armColumn: 'arm', outcomes: ['y'], covariates: ['age'] }).models.covariates[0].kind; // => 'numeric'
 * @throws AnalysisInputError as analysisInputFromCsv.
 */
export function analysisAndModelsInputFromCsv(content: string | Uint8Array, options: AnalysisCsvOptions): AnalysisAndModelsInput {
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
  return analysisAndModelsInputFromCsvFile(file, options).experiment;
}

/**
 * As `analysisAndModelsInputFromCsv`, streaming the file in 1 MB chunks.
 *
 * @example
 * analysisAndModelsInputFromCsvFile('data.csv', { factors: ['default', 'disclosure'], outcomes: ['chose_revolving'] }).experiment.control; // => 'default=revolving,disclosure=hidden' (say)
 * @throws AnalysisInputError as analysisInputFromCsv, and when the file cannot be read.
 */
export function analysisAndModelsInputFromCsvFile(file: string, options: AnalysisCsvOptions): AnalysisAndModelsInput {
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

/** A covariate read row by row: numbers, and the text of cells that are not numbers (which make it categorical). */
interface CovariateColumn {
  name: string;
  field: number;
  numbers: GrowableFloat64Array;
  /** The text of every cell, kept once a cell that is not a number is seen (null until then). */
  text: CategoricalColumn | null;
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
  /** Row-aligned columns for the models, kept only when covariates, moderators or factors are named. */
  private readonly keepRows: boolean;
  private readonly rowArms = new GrowableFloat64Array();
  private readonly rowOutcomes: GrowableFloat64Array[] = [];
  private readonly covariates: CovariateColumn[] = [];
  private readonly moderators: { name: string; field: number; column: CategoricalColumn }[] = [];
  private readonly factors: { name: string; field: number; column: CategoricalColumn }[] = [];
  private readonly armOfCell = new Map<string, number>();

  constructor(private readonly options: AnalysisCsvOptions) {
    if (options.outcomes.length === 0) throw new AnalysisInputError('name at least one --outcome column');
    for (const outcome of Object.keys(options.types ?? {})) {
      if (!options.outcomes.includes(outcome)) throw new AnalysisInputError(`--type names "${outcome}", which is not an --outcome (outcomes: ${options.outcomes.join(', ')})`);
    }
    const factors = options.factors ?? [];
    if (factors.length > 0 && options.armColumn !== undefined) throw new AnalysisInputError('give either --arm-column or --factor: with factors, each row\'s arm is its cell');
    if (factors.length === 0 && options.armColumn === undefined) throw new AnalysisInputError('--arm-column (or --factor) is required');
    for (const factor of Object.keys(options.references ?? {})) {
      if (!factors.includes(factor)) throw new AnalysisInputError(`--reference names "${factor}", which is not a --factor (factors: ${factors.join(', ') || 'none'})`);
    }
    const named = [...(options.covariates ?? []), ...(options.moderators ?? []), ...factors];
    this.keepRows = named.length > 0;
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

  finish(): AnalysisAndModelsInput {
    this.scanner?.end();
    const { options, arms } = this;
    if (!this.header || this.dataRows === 0) throw new AnalysisInputError('the CSV has no data rows');
    for (const factor of this.factors) {
      if (factor.column.levels.length < 2) throw new AnalysisInputError(`factor "${factor.name}" has a single level ("${factor.column.levels[0]}"): nothing to compare`);
    }
    const referenceCell = this.factors.length > 0 ? this.factors.map((factor) => `${factor.name}=${this.referenceOf(factor)}`).join(',') : undefined;
    if (arms.length < 2) throw new AnalysisInputError(`the arm column "${options.armColumn}" has a single arm ("${arms[0]}"): nothing to compare`);
    if (options.control !== undefined && !arms.includes(options.control)) {
      throw new AnalysisInputError(`control arm "${options.control}" is not in the data (arms: ${arms.join(', ')})`);
    }
    if (referenceCell !== undefined && !arms.includes(referenceCell)) {
      throw new AnalysisInputError(`the reference cell "${referenceCell}" has no participants: choose other references with --reference FACTOR=LEVEL`);
    }
    const control = options.control ?? referenceCell ?? arms[0]!;
    // The report prints the control first, and the weights follow the printed order.
    const order = [arms.indexOf(control), ...arms.map((_, index) => index).filter((index) => arms[index] !== control)];
    const orderedArms = order.map((index) => arms[index]!);
    if (options.weights && options.weights.length !== arms.length) {
      throw new AnalysisInputError(`${options.weights.length} weights given for ${arms.length} arms (in the order they are weighted: ${orderedArms.join(', ')})`);
    }
    const types = options.outcomes.map((metric, outcome) => {
      const type = options.types?.[metric] ?? options.type ?? (this.allZeroOrOne[outcome] ? 'binary' : 'continuous');
      if (type === 'binary' && !this.allZeroOrOne[outcome]) throw new AnalysisInputError(`outcome "${metric}" is declared binary but has values other than 0 and 1`);
      return type;
    });
    const metrics = options.outcomes.map<MetricInput>((metric, outcome) => ({
      metric,
      type: types[outcome]!,
      valuesByArm: new Map(order.map((index) => [arms[index]!, this.columns[outcome]![index]!.values()])),
    }));
    const experiment: ExperimentInput = {
      arms: orderedArms,
      control,
      participantsByArm: new Map(order.map((index) => [arms[index]!, this.participants[index]!])),
      weights: options.weights,
      metrics,
      correction: options.correction ?? 'holm',
    };
    if (!this.keepRows) return { experiment, models: null };
    const armCodes = this.rowArms.values();
    const rowArms = Array.from(armCodes, (code) => arms[code]!);
    const models: ModelsInput = {
      outcomes: options.outcomes.map((metric, outcome) => ({ metric, type: types[outcome]!, values: this.rowOutcomes[outcome]!.values() })),
      arms: rowArms,
      control,
      covariates: this.covariates.map(
        (covariate): Covariate =>
          covariate.text === null
            ? { name: covariate.name, kind: 'numeric', values: covariate.numbers.values() }
            : { name: covariate.name, kind: 'categorical', values: covariate.text.values() },
      ),
      moderators: this.moderators.map((moderator) => ({ name: moderator.name, values: moderator.column.values() })),
      factors: this.factors.map((factor) => ({ name: factor.name, values: factor.column.values(), levels: factor.column.levels, reference: this.referenceOf(factor) })),
    };
    return { experiment, models };
  }

  private referenceOf(factor: { name: string; column: CategoricalColumn }): string {
    const reference = this.options.references?.[factor.name];
    if (reference === undefined) return factor.column.levels[0]!;
    if (!factor.column.levels.includes(reference)) {
      throw new AnalysisInputError(`--reference ${factor.name}=${reference}: "${reference}" is not a level of "${factor.name}" (levels: ${factor.column.levels.join(', ')})`);
    }
    return reference;
  }

  private readHeader(row: CsvRow): void {
    const header = Array.from({ length: row.fieldCount }, (_, field) => row.text(field));
    const columnIndex = (name: string) => {
      const index = header.indexOf(name);
      if (index < 0) throw new AnalysisInputError(`column "${name}" is not in the CSV (its columns: ${header.join(', ')})`);
      return index;
    };
    if (this.options.armColumn !== undefined) this.armColumn = columnIndex(this.options.armColumn);
    this.outcomeColumns = this.options.outcomes.map(columnIndex);
    this.allZeroOrOne = this.options.outcomes.map(() => true);
    this.outcomeColumns.forEach(() => this.columns.push([]));
    if (this.keepRows) this.outcomeColumns.forEach(() => this.rowOutcomes.push(new GrowableFloat64Array()));
    for (const name of this.options.covariates ?? []) this.covariates.push({ name, field: columnIndex(name), numbers: new GrowableFloat64Array(), text: null });
    for (const name of this.options.moderators ?? []) this.moderators.push({ name, field: columnIndex(name), column: new CategoricalColumn() });
    for (const name of this.options.factors ?? []) this.factors.push({ name, field: columnIndex(name), column: new CategoricalColumn() });
    this.header = header;
  }

  private addRow(row: CsvRow): void {
    const header = this.header!;
    if (row.fieldCount !== header.length) {
      throw new AnalysisInputError(`malformed CSV: line ${row.line} has ${row.fieldCount} fields, the header has ${header.length}`);
    }
    this.dataRows += 1;
    const arm = this.factors.length > 0 ? this.cellOf(row) : this.armOf(row);
    this.participants[arm]! += 1;
    const { bytes, starts, ends } = row;
    for (let outcome = 0; outcome < this.outcomeColumns.length; outcome++) {
      const field = this.outcomeColumns[outcome]!;
      const start = starts[field]!;
      const end = ends[field]!;
      const value = plainDecimalNumber(bytes, start, end, this.decimalMark);
      if (Number.isNaN(value) || !Number.isFinite(value)) {
        if (Number.isNaN(value) && isMissingMarker(bytes, start, end)) {
          if (this.keepRows) this.rowOutcomes[outcome]!.push(Number.NaN);
          continue;
        }
        this.refuseValue(row, outcome);
      }
      if (value !== 0 && value !== 1) this.allZeroOrOne[outcome] = false;
      this.columns[outcome]![arm]!.push(value);
      if (this.keepRows) this.rowOutcomes[outcome]!.push(value);
    }
    if (!this.keepRows) return;
    this.rowArms.push(arm);
    for (const covariate of this.covariates) this.addCovariateCell(covariate, row);
    for (const moderator of this.moderators) moderator.column.push(textOrMissing(row, moderator.field));
  }

  /** A numeric cell, a missing one, or text: the first text turns the covariate categorical, keeping every cell's text from then on. */
  private addCovariateCell(covariate: CovariateColumn, row: CsvRow): void {
    const start = row.starts[covariate.field]!;
    const end = row.ends[covariate.field]!;
    const value = plainDecimalNumber(row.bytes, start, end, this.decimalMark);
    const missing = Number.isNaN(value) && isMissingMarker(row.bytes, start, end);
    if (covariate.text === null && (missing || Number.isFinite(value))) {
      covariate.numbers.push(missing ? Number.NaN : value);
      return;
    }
    if (covariate.text === null) {
      // The numbers seen so far become levels in their shortest decimal form: it keeps which rows
      // share a level, which is all the indicators need (only a level's name can differ from the file's).
      covariate.text = new CategoricalColumn();
      for (const earlier of covariate.numbers.values()) covariate.text.push(Number.isNaN(earlier) ? null : String(earlier));
    }
    covariate.text.push(missing ? null : row.text(covariate.field));
  }

  /** The arm of a factorial row: its cell, `A=a,B=b`; every factor must have a level. */
  private cellOf(row: CsvRow): number {
    const levels = this.factors.map((factor) => {
      const level = textOrMissing(row, factor.field);
      if (level === null) throw new AnalysisInputError(`line ${row.line} has no value in the factor column "${factor.name}"`);
      if (this.keepRows) factor.column.push(level);
      return level;
    });
    const name = levels.map((level, index) => `${this.factors[index]!.name}=${level}`).join(',');
    let arm = this.armOfCell.get(name);
    if (arm === undefined) {
      arm = this.addArm(name);
      this.armOfCell.set(name, arm);
    }
    return arm;
  }

  private addArm(name: string): number {
    const arm = this.arms.length;
    this.arms.push(name);
    this.participants.push(0);
    for (const column of this.columns) column.push(new GrowableFloat64Array());
    return arm;
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
    if (arm < 0) arm = this.addArm(name);
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

/** A cell's text, or null for the missing markers (empty, NA, NaN, null). */
function textOrMissing(row: CsvRow, field: number): string | null {
  if (isMissingMarker(row.bytes, row.starts[field]!, row.ends[field]!)) return null;
  return row.text(field);
}

function sameBytes(expected: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start !== expected.length) return false;
  for (let index = 0; index < expected.length; index++) if (bytes[start + index] !== expected[index]) return false;
  return true;
}

function isMissingMarker(bytes: Uint8Array, start: number, end: number): boolean {
  return missingMarkerBytes.some((marker) => sameBytes(marker, bytes, start, end));
}
