import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { EntryRange, ResultsReadStore } from '../store/results-read-store';
import { readDecisionColumns, type DecisionColumns } from './decision-columns';

/** The columns of the stretches one thread read, by the stretch's index. */
export type ClaimedStretches = Map<number, DecisionColumns>;

/**
 * Claims stretches one at a time through the counter `next` (shared with the
 * other threads reading the same `stretches`: Atomics.add hands each index
 * out once) and reads each into columns, until none is left.
 *
 * @example
 * const next = new Int32Array(new SharedArrayBuffer(4));
 * const mine = await readClaimedStretches(store, loanAnchor, stretches, next); // => Map { 0 => …, 2 => … }
 */
export async function readClaimedStretches(
  reads: Pick<ResultsReadStore, 'streamDecisionFacts'>,
  definition: ExperimentDefinition,
  stretches: readonly EntryRange[],
  next: Int32Array,
): Promise<ClaimedStretches> {
  const read: ClaimedStretches = new Map();
  for (let index = Atomics.add(next, 0, 1); index < stretches.length; index = Atomics.add(next, 0, 1)) {
    read.set(index, await readDecisionColumns(reads, definition, stretches[index]!));
  }
  return read;
}
