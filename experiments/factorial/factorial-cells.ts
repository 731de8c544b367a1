/** A factor as the expansion needs it: its key and its levels' keys and params (reference level first). */
export interface FactorLevelsInput {
  key: string;
  levels: readonly { key: string; params?: Readonly<Record<string, unknown>> }[];
}

/** One cell of a factorial design: an arm with the level of every factor. */
export interface FactorialCell {
  /** Slug of the cell: its levels' keys in factor order, joined by hyphens, e.g. `fixed-shown`. */
  key: string;
  /** Readable name, e.g. `default=fixed, disclosure=shown`. */
  label: string;
  /** The level of each factor, by factor key. */
  factorLevels: Record<string, string>;
  /** The common params with each of the cell's levels' params merged over them, in factor order. */
  params: Record<string, unknown>;
}

/**
 * The cells of the cross product of `factors`, the all-reference cell first
 * (the control), then in lexicographic order with the last factor varying
 * fastest. Each cell's params are `commonParams` with its levels' params merged
 * over them (a shallow merge, factor by factor). Pure: the caller validates
 * the params against the template.
 *
 * @example
 * factorialCells([{ key: 'default', levels: [{ key: 'none' }, { key: 'fixed' }] }, { key: 'disclosure', levels: [{ key: 'hidden' }, { key: 'shown' }] }], {}).map((cell) => cell.key);
 * // => ['none-hidden', 'none-shown', 'fixed-hidden', 'fixed-shown']
 */
export function factorialCells(factors: readonly FactorLevelsInput[], commonParams: Readonly<Record<string, unknown>>): FactorialCell[] {
  let cells: FactorialCell[] = [{ key: '', label: '', factorLevels: {}, params: { ...commonParams } }];
  for (const factor of factors) {
    cells = cells.flatMap((cell) =>
      factor.levels.map((level) => ({
        key: cell.key === '' ? level.key : `${cell.key}-${level.key}`,
        label: cell.label === '' ? `${factor.key}=${level.key}` : `${cell.label}, ${factor.key}=${level.key}`,
        factorLevels: { ...cell.factorLevels, [factor.key]: level.key },
        params: { ...cell.params, ...(level.params ?? {}) },
      })),
    );
  }
  return factors.length === 0 ? [] : cells;
}
