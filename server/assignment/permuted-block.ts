import { seededShuffle } from '../../experiments/seeded-shuffle';

/** What a permuted block needs of an experiment: its key, optional seed, and arms with whole-number weights in order. */
export interface BlockRandomisedExperiment {
  key: string;
  seed?: string;
  arms: readonly { key: string; weight: number }[];
}

/** Where a block sits: its size, the stratum's label ('' without strata) and its number in that stratum (0-based). */
export interface BlockAddress {
  blockSize: number;
  stratum: string;
  blockIndex: number;
}

/**
 * The arms of one permuted block, in the order participants take them: each
 * arm repeated weight × (blockSize / sum of weights) times, shuffled with a
 * seed made of the experiment's seed (its key unless it declares one), the
 * stratum and the block number. Pure and deterministic, so every instance
 * computes the same block, and a stored position can be checked later.
 *
 * @example
 * permutedBlock({ key: 'lab', arms: [{ key: 'a', weight: 1 }, { key: 'b', weight: 1 }] }, { blockSize: 4, stratum: '', blockIndex: 0 });
 * // => ['b', 'a', 'a', 'b'] (say): two of each, the same order every time
 * @throws RangeError when a weight is not a positive whole number, the block size is not a multiple of their sum, or the block number is not a whole number ≥ 0.
 */
export function permutedBlock(experiment: BlockRandomisedExperiment, { blockSize, stratum, blockIndex }: BlockAddress): string[] {
  const weights = experiment.arms.map((arm) => arm.weight);
  if (!weights.every((weight) => Number.isInteger(weight) && weight > 0)) {
    throw new RangeError(`${experiment.key}: permuted blocks need positive whole-number weights, got ${weights.join(', ')}`);
  }
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  if (!Number.isInteger(blockSize) || blockSize < totalWeight || blockSize % totalWeight !== 0) {
    throw new RangeError(`${experiment.key}: block size ${blockSize} is not a multiple of the sum of the weights (${totalWeight})`);
  }
  if (!Number.isInteger(blockIndex) || blockIndex < 0) throw new RangeError(`block number must be a whole number ≥ 0, got ${blockIndex}`);
  const repeats = blockSize / totalWeight;
  const ordered = experiment.arms.flatMap((arm) => Array.from({ length: arm.weight * repeats }, () => arm.key));
  // A JSON array keeps the three parts apart whatever characters a stratum label holds.
  return seededShuffle(ordered, JSON.stringify([experiment.seed ?? experiment.key, stratum, blockIndex]));
}
