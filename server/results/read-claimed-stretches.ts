import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { ResultsReadStore } from '../store/results-read-store';
import { readDecisionColumns, type DecisionColumns } from './decision-columns';
import { claimNextStretch, type StretchAt } from './stretch-board';

/** The columns of the stretches one thread read, by the stretch's index. */
export type ClaimedStretches = Map<number, DecisionColumns>;

/**
 * Claims stretches one at a time through the board's counter (shared with
 * the other threads reading the same stretches: each index is handed out
 * once) and reads each into columns, until `stretchAt` says there is none
 * left.
 *
 * @example
 * const board = stretchBoard(); board.end();
 * const mine = await readClaimedStretches(store, loanAnchor, (index) => board.stretches()[index] ?? null, board.shared.counters); // => Map { 0 => … }
 */
export async function readClaimedStretches(
  reads: Pick<ResultsReadStore, 'streamDecisionFacts'>,
  definition: ExperimentDefinition,
  stretchAt: StretchAt,
  counters: Int32Array,
): Promise<ClaimedStretches> {
  const read: ClaimedStretches = new Map();
  for (let index = claimNextStretch(counters), range = stretchAt(index); range !== null; index = claimNextStretch(counters), range = stretchAt(index)) {
    read.set(index, await readDecisionColumns(reads, definition, range));
  }
  return read;
}
