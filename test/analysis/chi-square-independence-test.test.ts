import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chiSquareIndependenceTest } from '../../analysis/chi-square-independence-test';

// Reference: R chisq.test(table, correct = FALSE), by test/fixtures/analysis/attrition/attrition-chisq.R.
const fixture = readFileSync(join(__dirname, '../fixtures/analysis/attrition/attrition-chisq.csv'), 'utf8').trim().split('\n').slice(1);

describe('chiSquareIndependenceTest', () => {
  for (const line of fixture) {
    const [name, cells, chiSquare, degreesOfFreedom, pValue] = line.split(',');
    it(`matches R chisq.test for ${name}`, () => {
      const table = cells!.split('|').map((row) => row.split(' ').map(Number));
      const result = chiSquareIndependenceTest(table);
      if (!result.available) throw new Error(result.reason);
      expect(result.chiSquare).toBeCloseTo(Number(chiSquare), 9);
      expect(result.degreesOfFreedom).toBe(Number(degreesOfFreedom));
      expect(result.pValue / Number(pValue)).toBeCloseTo(1, 8);
    });
  }

  it('says so instead of testing when a column is empty (nobody completed anywhere)', () => {
    const result = chiSquareIndependenceTest([[0, 5], [0, 7]]);
    expect(result.available).toBe(false);
  });

  it('throws on a ragged table or a negative count', () => {
    expect(() => chiSquareIndependenceTest([[1, 2], [3]])).toThrow(RangeError);
    expect(() => chiSquareIndependenceTest([[1, -2], [3, 4]])).toThrow(RangeError);
    expect(() => chiSquareIndependenceTest([[1, 2]])).toThrow(RangeError);
  });
});
