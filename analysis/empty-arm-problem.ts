/**
 * One plain reason when an arm has no values for an outcome (every statistic
 * fails then, and listing each failure would bury the cause); undefined when
 * both arms have values.
 *
 * @example
 * emptyArmProblem('low-anchor', 141, 'control', 0); // => ['arm "control" has no values for this outcome']
 */
export function emptyArmProblem(arm: string, armCount: number, control: string, controlCount: number): string[] | undefined {
  const empty = [controlCount === 0 ? control : undefined, armCount === 0 ? arm : undefined].filter((name) => name !== undefined);
  return empty.length === 0 ? undefined : empty.map((name) => `arm "${name}" has no values for this outcome`);
}
