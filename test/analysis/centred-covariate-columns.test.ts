import { describe, expect, it } from 'vitest';
import { centredCovariateColumns, isCovariateMissing } from '../../analysis/centred-covariate-columns';

describe('centredCovariateColumns', () => {
  it('turns a categorical covariate into centred indicators, the first level seen being the reference', () => {
    const [column, ...rest] = centredCovariateColumns([{ name: 'band', kind: 'categorical', values: ['low', 'high', 'high', 'low'] }], [0, 1, 2, 3]);
    expect(rest).toEqual([]);
    expect(column!.name).toBe('band=high');
    expect(Array.from(column!.values)).toEqual([-0.5, 0.5, 0.5, -0.5]);
  });

  it('centres a numeric covariate at its mean over the given rows only', () => {
    const [column] = centredCovariateColumns([{ name: 'age', kind: 'numeric', values: [20, 99, 30, 40] }], [0, 2, 3]);
    expect(Array.from(column!.values)).toEqual([-10, 0, 10]);
  });

  it('takes the reference from the rows used, so a level absent there gets no column', () => {
    const columns = centredCovariateColumns([{ name: 'band', kind: 'categorical', values: ['low', 'middle', 'high', 'middle'] }], [1, 2, 3]);
    expect(columns.map((column) => column.name)).toEqual(['band=high']);
  });

  it('treats NaN, null, undefined and empty text as missing', () => {
    expect(isCovariateMissing({ name: 'x', kind: 'numeric', values: [Number.NaN] }, 0)).toBe(true);
    expect(isCovariateMissing({ name: 'x', kind: 'numeric', values: [0] }, 0)).toBe(false);
    for (const value of [null, undefined, '']) expect(isCovariateMissing({ name: 'c', kind: 'categorical', values: [value] }, 0)).toBe(true);
  });

  it('throws on misuse: a row where the covariate is missing', () => {
    expect(() => centredCovariateColumns([{ name: 'age', kind: 'numeric', values: [1, Number.NaN] }], [0, 1])).toThrow(/missing on row 1/);
  });
});
