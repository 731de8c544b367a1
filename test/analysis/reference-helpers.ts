import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';

export const fixtures = new URL('../fixtures/analysis/', import.meta.url);

export interface ReferenceRow {
  dataset: string;
  metric: string;
  arm: string;
  figure: string;
  value: number;
  source: 'R' | 'statsmodels/scipy';
}

/** Reference values produced by reference-r.R and reference-python.py (see their headers). */
export function readReferences(): ReferenceRow[] {
  const read = (file: string, source: ReferenceRow['source']) =>
    (parse(readFileSync(new URL(file, fixtures), 'utf8'), { columns: true }) as Record<string, string>[]).map((row) => ({
      dataset: row.dataset!,
      metric: row.metric!,
      arm: row.arm!,
      figure: row.figure!,
      value: Number(row.value),
      source,
    }));
  return [...read('reference-r.csv', 'R'), ...read('reference-python.csv', 'statsmodels/scipy')];
}

export const datasetNames = (): string[] =>
  readdirSync(new URL('datasets/', fixtures))
    .filter((file) => file.endsWith('.csv'))
    .map((file) => file.replace(/\.csv$/, ''));

export const readDataset = (name: string): string => readFileSync(new URL(`datasets/${name}.csv`, fixtures), 'utf8');

/**
 * Asserts relative agreement within `tolerance`; values within 1e-12 of zero
 * are compared absolutely, and p-values below 1e-10 only have to be below 1e-9.
 */
export function expectClose(actual: number | null | undefined, expected: number, tolerance: number, label: string, isPValue = false): void {
  expect(actual, label).toBeTypeOf('number');
  if (isPValue && expected < 1e-10) {
    expect(actual!, label).toBeLessThan(1e-9);
    return;
  }
  const error = Math.abs(expected) < 1e-12 ? Math.abs(actual! - expected) : Math.abs(actual! - expected) / Math.abs(expected);
  expect(error, `${label}: got ${actual}, reference ${expected}`).toBeLessThanOrEqual(tolerance);
}
