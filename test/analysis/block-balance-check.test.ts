import { describe, expect, it } from 'vitest';
import { blockBalanceCheck, type BlockAssignment } from '../../analysis/block-balance-check';
import { permutedBlock } from '../../server/assignment/permuted-block';

const design = { arms: ['control', 'low-anchor', 'high-anchor'], weights: [1, 1, 1], blockSize: 6 };
/** Participants filling blocks of a stratum in order, from a list of arms. */
const inBlocks = (stratum: string, arms: readonly string[], blockSize = 6): BlockAssignment[] =>
  arms.map((arm, index) => ({ arm, stratum, blockIndex: Math.floor(index / blockSize) }));
const balancedBlock = ['low-anchor', 'control', 'high-anchor', 'high-anchor', 'control', 'low-anchor'];

describe('blockBalanceCheck', () => {
  it('calls complete balanced blocks and a partly filled one balanced by design', () => {
    const result = blockBalanceCheck(design, inBlocks('', [...balancedBlock, ...balancedBlock, 'control', 'control', 'high-anchor']));
    expect(result).toMatchObject({ method: 'permuted-blocks', ok: true, checked: true, summary: 'balanced by design (permuted blocks of 6)', violations: [] });
    expect(result.observed).toEqual({ control: 6, 'low-anchor': 4, 'high-anchor': 5 });
    expect(result.expected).toEqual({ control: 5, 'low-anchor': 5, 'high-anchor': 5 });
    expect(result.strata).toEqual([{ stratum: '', participants: 15, observed: { control: 6, 'low-anchor': 4, 'high-anchor': 5 }, completeBlocks: 2, incompleteBlocks: 1, ok: true }]);
  });

  it('raises the alarm for a block holding more of an arm than the design puts in one, naming stratum and block', () => {
    const broken = [...balancedBlock.slice(0, 5), 'control'];
    const result = blockBalanceCheck(design, [...inBlocks('low', balancedBlock), ...inBlocks('high', [...balancedBlock, ...broken])]);
    expect(result.ok).toBe(false);
    expect(result.violations).toEqual(['stratum "high", block 1: 3 in arm "control", where a block of 6 holds 2']);
    expect(result.summary).toBe('INTEGRITY ALARM: stratum "high", block 1: 3 in arm "control", where a block of 6 holds 2');
    expect(result.strata.map((stratum) => [stratum.stratum, stratum.ok])).toEqual([['high', false], ['low', true]]);
  });

  it('raises the alarm when a block still filling already exceeds an arm’s share', () => {
    const result = blockBalanceCheck(design, inBlocks('', ['control', 'control', 'control']));
    expect(result.ok).toBe(false);
    expect(result.strata[0]).toMatchObject({ completeBlocks: 0, incompleteBlocks: 1, ok: false });
  });

  it('raises the alarm for participants without a recorded block and for arms the design lacks', () => {
    const result = blockBalanceCheck(design, [...inBlocks('', balancedBlock), { arm: 'control', stratum: null, blockIndex: null }, { arm: 'sneaky', stratum: '', blockIndex: 1 }]);
    expect(result.violations).toEqual(['1 participant(s) in arm "sneaky", which the design does not have', '1 participant(s) have no recorded block']);
    expect(result.summary).toBe('INTEGRITY ALARM: 1 participant(s) in arm "sneaky", which the design does not have (and 1 more)');
  });

  it('treats a block thinned by an erasure as incomplete, not as an alarm', () => {
    const erased = inBlocks('', [...balancedBlock, ...balancedBlock]).filter((_, index) => index !== 2);
    const result = blockBalanceCheck(design, erased);
    expect(result.ok).toBe(true);
    expect(result.strata[0]).toMatchObject({ participants: 11, completeBlocks: 1, incompleteBlocks: 1 });
  });

  it('follows unequal weights: 2:1 in blocks of 6 allows four of the first arm per block, not five', () => {
    const weighted = { arms: ['control', 'treatment'], weights: [2, 1], blockSize: 6 };
    expect(blockBalanceCheck(weighted, inBlocks('', ['control', 'treatment', 'control', 'control', 'treatment', 'control'])).ok).toBe(true);
    expect(blockBalanceCheck(weighted, inBlocks('', ['control', 'control', 'control', 'control', 'control'])).violations).toEqual([
      'block 0: 5 in arm "control", where a block of 6 holds 4',
    ]);
  });

  it('finds every sequence the real block randomisation produces balanced, each arm within one block’s share of its plan', () => {
    const experiment = { key: 'lab-study', arms: design.arms.map((key) => ({ key, weight: 1 })) };
    for (const stratum of ['low', 'high']) {
      const sequence = Array.from({ length: 20 }, (_, blockIndex) => permutedBlock(experiment, { blockSize: 6, stratum, blockIndex })).flat();
      for (let entered = 0; entered <= sequence.length; entered += 1) {
        const result = blockBalanceCheck(design, inBlocks(stratum, sequence.slice(0, entered)));
        expect(result.ok, `${stratum} after ${entered}`).toBe(true);
        const complete = Math.floor(entered / 6);
        for (const count of Object.values(result.observed)) {
          expect(count - 2 * complete).toBeGreaterThanOrEqual(0);
          expect(count - 2 * complete).toBeLessThanOrEqual(2);
        }
      }
    }
  });

  it('needs no minimum sample: an empty experiment is balanced', () => {
    expect(blockBalanceCheck(design, [])).toMatchObject({ ok: true, checked: true, strata: [], observed: { control: 0, 'low-anchor': 0, 'high-anchor': 0 } });
  });

  it('refuses a design that cannot be blocked', () => {
    expect(() => blockBalanceCheck({ ...design, blockSize: 7 }, [])).toThrow(/multiple of the sum of the weights \(3\)/);
    expect(() => blockBalanceCheck({ ...design, weights: [1, 1] }, [])).toThrow(RangeError);
    expect(() => blockBalanceCheck({ ...design, weights: [1, 1.5, 1] }, [])).toThrow(/whole-number/);
  });
});
