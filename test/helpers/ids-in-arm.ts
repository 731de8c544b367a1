import { assignArm, type AssignableExperiment } from '../../server/assignment/assign-arm';

/**
 * The first `count` ids `${prefix}-0`, `${prefix}-1`, … that GrowthBook puts
 * in `arm`: how a test reaches a given arm without choosing it.
 *
 * @example
 * idsInArm(loanAnchor, 'low-anchor', 'probe', 2); // => ['probe-3', 'probe-7'] (say)
 */
export function idsInArm(experiment: AssignableExperiment, arm: string, prefix: string, count = 1): string[] {
  const ids: string[] = [];
  for (let index = 0; ids.length < count; index += 1) if (assignArm(experiment, `${prefix}-${index}`) === arm) ids.push(`${prefix}-${index}`);
  return ids;
}

/** The first id in `arm` (see idsInArm). */
export const idInArm = (experiment: AssignableExperiment, arm: string, prefix: string): string => idsInArm(experiment, arm, prefix)[0]!;
