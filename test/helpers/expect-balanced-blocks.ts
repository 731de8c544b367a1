import { expect } from 'vitest';
import { blockBalanceCheck } from '../../analysis/block-balance-check';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import { permutedBlock } from '../../server/assignment/permuted-block';
import type { ParticipantDataRow, Store } from '../../server/store/store';

/** What the stored assignments must add up to: participants per stratum, and how many of each arm every complete block holds. */
export interface BalancedBlocksExpectation {
  enteredPerStratum: Record<string, number>;
  armsPerBlock: Record<string, number>;
}

/**
 * Asserts that the stored assignments of a permuted-block experiment keep the
 * design, position by position: exactly the expected number of participants;
 * in each stratum the positions 0 … entered-1 each taken once (no gaps, no
 * doubles); every stored arm the one its block puts at its position; every
 * complete block holding exactly `armsPerBlock` (and no other arm); and the
 * dashboard's block-balance check finding no violation. Returns the rows read.
 *
 * @example
 * const rows = await expectBalancedBlocks(store, definition, { enteredPerStratum: { low: 40, high: 32 }, armsPerBlock: { control: 2, 'low-anchor': 2, 'high-anchor': 2 } });
 * @throws Error when the definition is not randomised in permuted blocks, or `armsPerBlock` does not fill its block size.
 */
export async function expectBalancedBlocks(
  store: Pick<Store, 'streamParticipantRows'>,
  definition: ExperimentDefinition,
  { enteredPerStratum, armsPerBlock }: BalancedBlocksExpectation,
): Promise<ParticipantDataRow[]> {
  if (definition.randomisation.method !== 'permuted-blocks') throw new Error(`${definition.key} is not randomised in permuted blocks`);
  const { blockSize } = definition.randomisation;
  const armsInBlock = Object.values(armsPerBlock).reduce((sum, count) => sum + count, 0);
  if (armsInBlock !== blockSize) throw new Error(`armsPerBlock adds up to ${armsInBlock}, but ${definition.key} has blocks of ${blockSize}`);

  const rows: ParticipantDataRow[] = [];
  for await (const row of store.streamParticipantRows(definition.key)) rows.push(row);
  expect(rows.length).toBe(Object.values(enteredPerStratum).reduce((sum, count) => sum + count, 0));
  for (const [stratum, entered] of Object.entries(enteredPerStratum)) {
    const inStratum = rows.filter((row) => row.block?.stratum === stratum);
    // Positions 0 … entered-1 each taken exactly once: no gaps (from a lost race, a second tab or a silent participant), no doubles.
    const taken = inStratum.map((row) => row.block!.blockIndex * blockSize + row.block!.position).sort((a, b) => a - b);
    expect(taken).toEqual(Array.from({ length: entered }, (_, index) => index));
    for (const row of inStratum) expect(row.arm).toBe(permutedBlock(definition, { blockSize, stratum, blockIndex: row.block!.blockIndex })[row.block!.position]);
    for (let blockIndex = 0; blockIndex < Math.floor(entered / blockSize); blockIndex += 1) {
      const arms: Record<string, number> = {};
      for (const row of inStratum) if (row.block!.blockIndex === blockIndex) arms[row.arm] = (arms[row.arm] ?? 0) + 1;
      expect({ stratum, blockIndex, arms }).toEqual({ stratum, blockIndex, arms: armsPerBlock });
    }
  }
  const check = blockBalanceCheck(
    { arms: definition.arms.map((arm) => arm.key), weights: definition.arms.map((arm) => arm.weight), blockSize },
    rows.map((row) => ({ arm: row.arm, stratum: row.block?.stratum ?? null, blockIndex: row.block?.blockIndex ?? null })),
  );
  expect(check.violations).toEqual([]);
  return rows;
}
