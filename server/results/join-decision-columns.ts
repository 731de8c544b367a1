import type { DecisionColumns } from './decision-columns';
import type { OutcomeColumns } from './experiment-data';

/** Typed arrays one after the other. */
function concatenated(parts: readonly Float64Array[]): Float64Array {
  const joined = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/**
 * The columns of consecutive stretches of entry order (given in that order)
 * as one read of all of them gives them: every column the stretches' values
 * one after the other, counts added. So a read split across threads yields
 * the same arrays, in the same order, as a single pass.
 *
 * @example
 * joinDecisionColumns([firstHalf, secondHalf]).analysed.get('amount')!.get('control')!.length; // => both halves' lengths added
 */
export function joinDecisionColumns(stretches: readonly DecisionColumns[]): DecisionColumns {
  const [first, ...rest] = stretches;
  if (!first) throw new RangeError('joinDecisionColumns needs at least one stretch');
  if (rest.length === 0) return first;
  const joinColumns = (pick: (columns: DecisionColumns) => OutcomeColumns): OutcomeColumns =>
    new Map([...pick(first)].map(([key, byArm]) => [key, new Map([...byArm.keys()].map((arm) => [arm, concatenated(stretches.map((stretch) => pick(stretch).get(key)!.get(arm)!))]))]));
  const exclusionsByArm = new Map([...first.exclusionsByArm.keys()].map((arm) => [arm, new Map<string, number>()]));
  for (const stretch of stretches) {
    for (const [arm, exclusions] of stretch.exclusionsByArm) {
      const joined = exclusionsByArm.get(arm)!;
      for (const [pattern, count] of exclusions) joined.set(pattern, (joined.get(pattern) ?? 0) + count);
    }
  }
  const models = stretches.map((stretch) => stretch.modelRows!);
  return {
    analysed: joinColumns((columns) => columns.analysed),
    everyoneWhoDecided: joinColumns((columns) => columns.everyoneWhoDecided),
    decidedByArm: new Map([...first.decidedByArm.keys()].map((arm) => [arm, stretches.reduce((sum, stretch) => sum + (stretch.decidedByArm.get(arm) ?? 0), 0)])),
    exclusionsByArm,
    modelRows: first.modelRows
      ? {
          arms: models.flatMap((model) => model.arms),
          outcomes: new Map([...first.modelRows.outcomes.keys()].map((key) => [key, concatenated(models.map((model) => model.outcomes.get(key)!))])),
          pretreatment: first.modelRows.pretreatment.map((column, index) =>
            column.kind === 'numeric'
              ? { ...column, values: concatenated(models.map((model) => model.pretreatment[index]!.values as Float64Array)) }
              : { ...column, values: models.flatMap((model) => model.pretreatment[index]!.values as (string | null)[]) },
          ),
        }
      : null,
  };
}
