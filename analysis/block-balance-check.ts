/** One participant as the check needs them: their arm and the block their arm was drawn from (null when none was recorded). */
export interface BlockAssignment {
  arm: string;
  stratum: string | null;
  blockIndex: number | null;
}

/** The design: arms in order with their whole-number weights, and the block size. */
export interface BlockDesign {
  arms: readonly string[];
  weights: readonly number[];
  blockSize: number;
}

export interface BlockBalanceStratum {
  /** The stratum's label; '' when the design has no strata. */
  stratum: string;
  participants: number;
  /** Participants per arm in this stratum. */
  observed: Record<string, number>;
  /** Blocks holding all `blockSize` participants, and blocks still filling (or thinned by an erasure). */
  completeBlocks: number;
  incompleteBlocks: number;
  ok: boolean;
}

export interface BlockBalanceCheck {
  method: 'permuted-blocks';
  blockSize: number;
  /** "balanced by design (permuted blocks of N)", or what broke. */
  summary: string;
  /** False when any block holds more of an arm than the design puts in a block: an integrity alarm. */
  ok: boolean;
  /** Always true: the check needs no minimum sample, since no block may ever break the design. */
  checked: true;
  /** Participants per arm, over all strata, and what the planned weights alone would give. */
  observed: Record<string, number>;
  expected: Record<string, number>;
  strata: BlockBalanceStratum[];
  /** One sentence per broken block (numbered from 0, as stored) or participant without a block, naming it. */
  violations: string[];
}

/**
 * The balance check for permuted-block randomisation, in place of the
 * sample-ratio chi-square (which tests chance imbalance, and permuted blocks
 * leave none to test). The design puts exactly weight × blockSize / Σweights of
 * each arm in every block, so per stratum every complete block must be exactly
 * balanced and a block still filling may hold at most that many of each arm —
 * hence each arm is within one block's share of its planned count. Any block
 * breaking that, an arm the design does not have, or a participant without a
 * recorded block means assignment or logging is broken: an integrity alarm,
 * not a p-value. Blocks are counted from the recorded positions, so an erased
 * participant leaves an incomplete block, not a false alarm.
 *
 * @example
 * blockBalanceCheck({ arms: ['a', 'b'], weights: [1, 1], blockSize: 4 }, [
 *   { arm: 'a', stratum: '', blockIndex: 0 }, { arm: 'b', stratum: '', blockIndex: 0 },
 *   { arm: 'b', stratum: '', blockIndex: 0 }, { arm: 'a', stratum: '', blockIndex: 0 },
 *   { arm: 'b', stratum: '', blockIndex: 1 },
 * ]).summary; // => 'balanced by design (permuted blocks of 4)'
 * @throws RangeError when arms and weights differ in length, a weight is not a positive whole number, or the block size is not a multiple of their sum.
 */
export function blockBalanceCheck({ arms, weights, blockSize }: BlockDesign, assignments: Iterable<BlockAssignment>): BlockBalanceCheck {
  if (arms.length !== weights.length || arms.length < 2) throw new RangeError(`need one weight per arm and at least 2 arms, got ${arms.length} arms and ${weights.length} weights`);
  if (!weights.every((weight) => Number.isInteger(weight) && weight > 0)) throw new RangeError('permuted blocks need positive whole-number weights');
  const weightTotal = weights.reduce((sum, weight) => sum + weight, 0);
  if (!Number.isInteger(blockSize) || blockSize % weightTotal !== 0) throw new RangeError(`block size ${blockSize} is not a multiple of the sum of the weights (${weightTotal})`);
  const perBlock = new Map(arms.map((arm, index) => [arm, (weights[index]! * blockSize) / weightTotal]));

  const zeroCounts = () => Object.fromEntries(arms.map((arm) => [arm, 0])) as Record<string, number>;
  const observed = zeroCounts();
  const unknownArms = new Map<string, number>();
  let withoutBlock = 0;
  /** Per stratum, per block number: participants per arm. */
  const strata = new Map<string, Map<number, Map<string, number>>>();
  for (const { arm, stratum, blockIndex } of assignments) {
    if (perBlock.has(arm)) observed[arm]! += 1;
    else unknownArms.set(arm, (unknownArms.get(arm) ?? 0) + 1);
    if (stratum === null || blockIndex === null) {
      withoutBlock += 1;
      continue;
    }
    const blocks = strata.get(stratum) ?? strata.set(stratum, new Map()).get(stratum)!;
    const counts = blocks.get(blockIndex) ?? blocks.set(blockIndex, new Map()).get(blockIndex)!;
    counts.set(arm, (counts.get(arm) ?? 0) + 1);
  }

  const violations: string[] = [];
  for (const [arm, count] of unknownArms) violations.push(`${count} participant(s) in arm "${arm}", which the design does not have`);
  if (withoutBlock > 0) violations.push(`${withoutBlock} participant(s) have no recorded block`);
  const strataReports = [...strata.keys()].sort().map((stratum): BlockBalanceStratum => {
    const blocks = strata.get(stratum)!;
    const stratumObserved = zeroCounts();
    let participants = 0;
    let completeBlocks = 0;
    let ok = true;
    for (const blockIndex of [...blocks.keys()].sort((a, b) => a - b)) {
      const counts = blocks.get(blockIndex)!;
      let size = 0;
      for (const [arm, count] of counts) {
        size += count;
        if (arm in stratumObserved) stratumObserved[arm]! += count;
        const allowed = perBlock.get(arm);
        if (allowed !== undefined && count > allowed) {
          ok = false;
          violations.push(`${stratum === '' ? '' : `stratum "${stratum}", `}block ${blockIndex}: ${count} in arm "${arm}", where a block of ${blockSize} holds ${allowed}`);
        }
      }
      if (size === blockSize) completeBlocks += 1;
      participants += size;
    }
    return { stratum, participants, observed: stratumObserved, completeBlocks, incompleteBlocks: blocks.size - completeBlocks, ok };
  });

  const total = Object.values(observed).reduce((sum, count) => sum + count, 0);
  const ok = violations.length === 0;
  return {
    method: 'permuted-blocks',
    blockSize,
    summary: ok ? `balanced by design (permuted blocks of ${blockSize})` : `INTEGRITY ALARM: ${violations[0]}${violations.length > 1 ? ` (and ${violations.length - 1} more)` : ''}`,
    ok,
    checked: true,
    observed,
    expected: Object.fromEntries(arms.map((arm, index) => [arm, (total * weights[index]!) / weightTotal])),
    strata: strataReports,
    violations,
  };
}
