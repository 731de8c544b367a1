import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permutedBlock } from '../../../server/assignment/permuted-block';

// Produced by test/fixtures/assignment/permuted-blocks.py, an independent Python implementation of the documented shuffle.
const reference = JSON.parse(readFileSync(new URL('../../fixtures/assignment/permuted-blocks.json', import.meta.url), 'utf8')) as {
  cases: { seed: string; arms: { key: string; weight: number }[]; blockSize: number; stratum: string; blockIndex: number; block: string[] }[];
};

const threeArms = { key: 'lab-study', arms: [{ key: 'control', weight: 1 }, { key: 'low-anchor', weight: 1 }, { key: 'high-anchor', weight: 1 }] };
const weighted = { key: 'weighted', arms: [{ key: 'control', weight: 2 }, { key: 'treatment', weight: 1 }] };
const countsOf = (arms: readonly string[]) => Object.fromEntries([...new Set(arms)].sort().map((arm) => [arm, arms.filter((other) => other === arm).length]));

describe('permutedBlock', () => {
  it.each(reference.cases.map((row) => [`${row.seed} / "${row.stratum}" / block ${row.blockIndex} of ${row.blockSize}`, row] as const))(
    'matches the reference implementation for %s',
    (_, row) => {
      const experiment = { key: 'not-the-seed', seed: row.seed, arms: row.arms };
      expect(permutedBlock(experiment, { blockSize: row.blockSize, stratum: row.stratum, blockIndex: row.blockIndex })).toEqual(row.block);
    },
  );

  it('puts each arm in every block in proportion to its weight', () => {
    for (let blockIndex = 0; blockIndex < 200; blockIndex += 1) {
      expect(countsOf(permutedBlock(threeArms, { blockSize: 6, stratum: 'low', blockIndex }))).toEqual({ control: 2, 'high-anchor': 2, 'low-anchor': 2 });
      expect(countsOf(permutedBlock(weighted, { blockSize: 9, stratum: '', blockIndex }))).toEqual({ control: 6, treatment: 3 });
    }
  });

  it('gives the same block for the same inputs', () => {
    const address = { blockSize: 12, stratum: 'high', blockIndex: 4 };
    expect(permutedBlock(threeArms, address)).toEqual(permutedBlock({ ...threeArms }, { ...address }));
  });

  it('differs between blocks, strata and seeds', () => {
    const orders = new Set<string>();
    for (let blockIndex = 0; blockIndex < 50; blockIndex += 1) orders.add(permutedBlock(threeArms, { blockSize: 6, stratum: '', blockIndex }).join());
    // 90 distinct orders of two of each of three arms: 50 blocks showing only a handful would mean the block number is ignored.
    expect(orders.size).toBeGreaterThan(25);
    const first = (stratum: string, seed?: string) => {
      const experiment = seed ? { ...threeArms, seed } : threeArms;
      return Array.from({ length: 10 }, (_, blockIndex) => permutedBlock(experiment, { blockSize: 6, stratum, blockIndex }).join()).join('|');
    };
    expect(first('low')).not.toBe(first('high'));
    expect(first('low')).not.toBe(first('low', 'lab-study-phase-2'));
  });

  it('uses the key as the seed unless the experiment declares one', () => {
    const address = { blockSize: 6, stratum: '', blockIndex: 3 };
    expect(permutedBlock(threeArms, address)).toEqual(permutedBlock({ ...threeArms, key: 'other', seed: 'lab-study' }, address));
  });

  it('puts each arm first about equally often across many blocks', () => {
    const firsts = new Map<string, number>();
    for (let blockIndex = 0; blockIndex < 3000; blockIndex += 1) {
      const arm = permutedBlock(threeArms, { blockSize: 6, stratum: '', blockIndex })[0]!;
      firsts.set(arm, (firsts.get(arm) ?? 0) + 1);
    }
    // Binomial(3000, 1/3): sd = 25.8; allow four standard deviations.
    for (const count of firsts.values()) expect(Math.abs(count - 1000)).toBeLessThan(4 * 25.8);
  });

  it('refuses a block size that is not a multiple of the weights, fractional weights and negative block numbers', () => {
    expect(() => permutedBlock(threeArms, { blockSize: 7, stratum: '', blockIndex: 0 })).toThrow(/multiple of the sum of the weights \(3\)/);
    expect(() => permutedBlock({ key: 'x', arms: [{ key: 'a', weight: 0.5 }, { key: 'b', weight: 0.5 }] }, { blockSize: 2, stratum: '', blockIndex: 0 })).toThrow(/whole-number weights/);
    expect(() => permutedBlock(threeArms, { blockSize: 6, stratum: '', blockIndex: -1 })).toThrow(RangeError);
  });
});
