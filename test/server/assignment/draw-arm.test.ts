import { describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { assignArm } from '../../../server/assignment/assign-arm';
import { drawArm } from '../../../server/assignment/draw-arm';
import { permutedBlock } from '../../../server/assignment/permuted-block';

const loanAnchor = validateExperiments(experimentRegistry).get('loan-anchor')!.definition;
const blocked = { ...loanAnchor, randomisation: { method: 'permuted-blocks' as const, blockSize: 6 } };
const stratified = {
  ...loanAnchor,
  randomisation: { method: 'permuted-blocks' as const, blockSize: 6, stratum: { from: 'entry-parameter' as const, name: 'stratum', levels: ['low', 'high'] } },
};

describe('drawArm', () => {
  it('gives the GrowthBook arm for hashing, whatever stratum is passed', () => {
    for (const id of ['a', 'b', 'c', 'panel-0001']) {
      expect(drawArm(loanAnchor, id)).toBe(assignArm(loanAnchor, id));
      expect(drawArm(loanAnchor, id, 'low')).toBe(assignArm(loanAnchor, id));
    }
  });

  it('gives a permuted-block draw whose arms are the experiment’s blocks (no strata: the stratum is empty)', () => {
    const draw = drawArm(blocked, 'p-1');
    if (typeof draw === 'string') throw new Error('expected a draw');
    expect(draw).toMatchObject({ method: 'permuted-blocks', stratum: '', blockSize: 6 });
    const block = permutedBlock(blocked, { blockSize: 6, stratum: '', blockIndex: 2 });
    expect(Array.from({ length: 6 }, (_, position) => draw.armAt(2, position))).toEqual(block);
    expect(() => draw.armAt(2, 6)).toThrow(/outside a block of 6/);
  });

  it('draws within the participant’s stratum, independently of the participant id', () => {
    const low = drawArm(stratified, 'p-1', 'low');
    const lowToo = drawArm(stratified, 'someone-else', 'low');
    const high = drawArm(stratified, 'p-1', 'high');
    if (typeof low === 'string' || typeof lowToo === 'string' || typeof high === 'string') throw new Error('expected draws');
    expect(low.stratum).toBe('low');
    const blocksOf = (draw: typeof low) => Array.from({ length: 10 }, (_, blockIndex) => Array.from({ length: 6 }, (__, position) => draw.armAt(blockIndex, position)).join()).join('|');
    expect(blocksOf(lowToo)).toBe(blocksOf(low));
    expect(blocksOf(high)).not.toBe(blocksOf(low));
  });

  it('refuses a stratum the design does not declare (callers check with readStratum first)', () => {
    expect(() => drawArm(stratified, 'p-1', null)).toThrow(/stratified by stratum \(low, high\)/);
    expect(() => drawArm(stratified, 'p-1', 'medium')).toThrow(RangeError);
  });
});
