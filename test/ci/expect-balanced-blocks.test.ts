import { describe, expect, it } from 'vitest';
import { validateExperiments } from '../../experiments/validate-experiments';
import { permutedBlock } from '../../server/assignment/permuted-block';
import type { ParticipantDataRow } from '../../server/store/store';
import { labAnchorFile } from '../helpers/block-experiment';
import { expectBalancedBlocks } from '../helpers/expect-balanced-blocks';

const definition = validateExperiments([labAnchorFile]).get('lab-anchor')!.definition;
const armsPerBlock = { control: 2, 'low-anchor': 2, 'high-anchor': 2 };

/** The rows the store would stream for `entered` participants per stratum, each at the next position with the arm its block puts there. */
function rowsAsDrawn(enteredPerStratum: Record<string, number>): ParticipantDataRow[] {
  return Object.entries(enteredPerStratum).flatMap(([stratum, entered]) =>
    Array.from({ length: entered }, (_, taken) => {
      const blockIndex = Math.floor(taken / 6);
      const position = taken % 6;
      const arm = permutedBlock(definition, { blockSize: 6, stratum, blockIndex })[position]!;
      return { participantId: `${stratum}-${taken}`, arm, block: { stratum, blockIndex, position } } as ParticipantDataRow;
    }),
  );
}

/** Just the read the helper makes, over the given rows. */
const storeOf = (rows: readonly ParticipantDataRow[]) => ({
  async *streamParticipantRows() {
    yield* rows;
  },
});

describe('expectBalancedBlocks (the concurrency tests’ shared assertion)', () => {
  const entered = { low: 14, high: 8 };

  it('passes rows drawn as designed, and hands them back', async () => {
    const rows = rowsAsDrawn(entered);
    expect(await expectBalancedBlocks(storeOf(rows), definition, { enteredPerStratum: entered, armsPerBlock })).toEqual(rows);
  });

  it('fails when two participants of a block hold each other’s arms (the block still balanced)', async () => {
    const rows = rowsAsDrawn(entered);
    const first = rows[0]!;
    const swapWith = rows.slice(1, 6).find((row) => row.arm !== first.arm)!;
    [first.arm, swapWith.arm] = [swapWith.arm, first.arm];
    await expect(expectBalancedBlocks(storeOf(rows), definition, { enteredPerStratum: entered, armsPerBlock })).rejects.toThrow(/to be/);
  });

  it('fails on a gap in the positions of a block still filling, with the count adjusted to the rows', async () => {
    const rows = rowsAsDrawn(entered).filter((row) => row.participantId !== 'low-12');
    await expect(expectBalancedBlocks(storeOf(rows), definition, { enteredPerStratum: { low: 13, high: 8 }, armsPerBlock })).rejects.toThrow(/deeply equal/);
  });

  it('fails on a position taken twice in a block still filling', async () => {
    // Block 2 of low holds only position 12, so its double keeps within the block's share of its arm: only the positions show it.
    const rows = rowsAsDrawn({ low: 13, high: 8 });
    rows.push({ ...rows.find((row) => row.participantId === 'low-12')!, participantId: 'low-12-again' });
    await expect(expectBalancedBlocks(storeOf(rows), definition, { enteredPerStratum: { low: 14, high: 8 }, armsPerBlock })).rejects.toThrow(/deeply equal/);
  });

  it('fails on a participant without a block, or one more than expected', async () => {
    const rows = [...rowsAsDrawn(entered), { participantId: 'stray', arm: 'control', block: null } as ParticipantDataRow];
    await expect(expectBalancedBlocks(storeOf(rows), definition, { enteredPerStratum: entered, armsPerBlock })).rejects.toThrow(/expected 23 to be 22/);
  });

  it('fails when a complete block does not hold the arms expected of it', async () => {
    const rows = rowsAsDrawn(entered);
    await expect(expectBalancedBlocks(storeOf(rows), definition, { enteredPerStratum: entered, armsPerBlock: { control: 3, 'low-anchor': 2, 'high-anchor': 1 } })).rejects.toThrow(/deeply equal/);
  });

  it('refuses arms per block that do not fill the design’s block', async () => {
    await expect(expectBalancedBlocks(storeOf([]), definition, { enteredPerStratum: {}, armsPerBlock: { control: 1 } })).rejects.toThrow('armsPerBlock adds up to 1, but lab-anchor has blocks of 6');
  });
});
