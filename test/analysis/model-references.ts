import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/**
 * The datasets and R reference values of test/fixtures/analysis/models/,
 * produced by reference-models.R there (see its header for versions).
 */
const fixtures = new URL('../fixtures/analysis/models/', import.meta.url);

export interface ModelReference {
  case: string;
  outcome: string;
  term: string;
  figure: string;
  value: number;
}

const references = (parse(readFileSync(new URL('reference-models.csv', fixtures), 'utf8'), { columns: true }) as Record<string, string>[]).map(
  (row): ModelReference => ({ case: row.case!, outcome: row.outcome!, term: row.term!, figure: row.figure!, value: Number(row.value) }),
);

/** Every reference row of one case (and outcome, and term when given). */
export function modelReferences(caseName: string, outcome?: string, term?: string): ModelReference[] {
  return references.filter((row) => row.case === caseName && (outcome === undefined || row.outcome === outcome) && (term === undefined || row.term === term));
}

/** One reference figure; fails loudly when the fixture lacks it, so a test cannot pass by comparing nothing. */
export function referenceValue(caseName: string, outcome: string, term: string, figure: string): number {
  const row = references.find((candidate) => candidate.case === caseName && candidate.outcome === outcome && candidate.term === term && candidate.figure === figure);
  if (!row) throw new Error(`no reference for ${caseName} / ${outcome} / ${term} / ${figure}`);
  return row.value;
}

/** A dataset's columns: numbers (NaN where R wrote NA) for numeric columns, strings (null where NA) otherwise. */
export interface ModelDataset {
  rows: number;
  numeric(column: string): Float64Array;
  text(column: string): (string | null)[];
}

export function readModelDataset(name: string): ModelDataset {
  const records = parse(readFileSync(new URL(`datasets/${name}.csv`, fixtures), 'utf8'), { columns: true }) as Record<string, string>[];
  const cells = (column: string) => {
    if (records.length > 0 && !(column in records[0]!)) throw new Error(`dataset ${name} has no column ${column}`);
    return records.map((record) => record[column]!);
  };
  return {
    rows: records.length,
    numeric: (column) => Float64Array.from(cells(column), (cell) => (cell === 'NA' || cell === '' ? Number.NaN : Number(cell))),
    text: (column) => cells(column).map((cell) => (cell === 'NA' || cell === '' ? null : cell)),
  };
}

/** Relative difference (absolute below 1e-12), for tolerance checks with a readable message. */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(expected) < 1e-12 ? Math.abs(actual - expected) : Math.abs(actual - expected) / Math.abs(expected);
}
