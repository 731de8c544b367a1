import type { Question, Randomisation } from '../../experiments/definition-schema';
import { stratumLevels } from '../../experiments/stratum-levels';
import type { PermutedBlockDraw } from '../store/store';
import { assignArm, type AssignableExperiment } from './assign-arm';
import { permutedBlock } from './permuted-block';

/** What drawing an arm needs of an experiment definition: assignment's fields and the randomisation method. */
export interface RandomisedExperiment extends AssignableExperiment {
  randomisation: Randomisation;
  /** The questionnaire, whose stratum question (if the stratum comes from one) gives the levels. */
  questionnaire?: readonly Question[];
}

/**
 * The arm for a participant entering an experiment, by the experiment's
 * randomisation method, in the form `NewParticipant.arm` takes:
 * - `hash`: the arm GrowthBook gives the id (a string; the stratum is ignored);
 * - `permuted-blocks`: a draw that the store resolves when it enrols the
 *   participant, atomically taking the next free position of the stratum's
 *   current block (`armAt` says which arm sits there).
 * Either way the store keeps a participant's first arm, so a re-entry takes
 * no new position.
 *
 * @example
 * drawArm(loanAnchor, 'panel-0001'); // => 'high-anchor' (say), every time
 * drawArm(labStudy, 'p-7', 'low'); // => { method: 'permuted-blocks', stratum: 'low', blockSize: 6, armAt }
 * @throws RangeError when the design has strata and `stratum` is not one of its levels (check it first with readStratum).
 */
export function drawArm(definition: RandomisedExperiment, participantId: string, stratum: string | null = null): string | PermutedBlockDraw {
  const { randomisation } = definition;
  if (randomisation.method === 'hash') return assignArm(definition, participantId);
  const levels = stratumLevels(definition);
  if (levels && (stratum === null || !levels.includes(stratum))) {
    const source = randomisation.stratum!.from === 'entry-parameter' ? randomisation.stratum!.name : `the answer to ${randomisation.stratum!.key}`;
    throw new RangeError(`${definition.key} is stratified by ${source} (${levels.join(', ')}), got ${JSON.stringify(stratum)}`);
  }
  const stratumLabel = levels ? stratum! : '';
  const { blockSize } = randomisation;
  return {
    method: 'permuted-blocks',
    stratum: stratumLabel,
    blockSize,
    armAt(blockIndex, position) {
      const arm = permutedBlock(definition, { blockSize, stratum: stratumLabel, blockIndex })[position];
      if (arm === undefined) throw new RangeError(`position ${position} is outside a block of ${blockSize}`);
      return arm;
    },
  };
}
