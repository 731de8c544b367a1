/** A hypothesised direction of an effect. */
type Direction = 'higher' | 'lower';

/**
 * The direction a factorial cell is expected to differ from the control (the
 * all-reference cell), from directions declared per factor level: the common
 * direction of the cell's non-reference levels that declare one. Undefined
 * for the control, when none of its levels declares a direction, or when
 * they disagree (one expects higher, another lower).
 *
 * @example
 * cellExpectedDirection({ default: { fixed: 'lower' }, disclosure: { shown: 'lower' } }, { default: 'fixed', disclosure: 'shown' }, { default: 'revolving', disclosure: 'hidden' }); // => 'lower'
 */
export function cellExpectedDirection(
  byFactor: Readonly<Record<string, Readonly<Record<string, Direction>>>>,
  factorLevels: Readonly<Record<string, string>>,
  referenceLevels: Readonly<Record<string, string>>,
): Direction | undefined {
  const declared = new Set<Direction>();
  for (const [factor, level] of Object.entries(factorLevels)) {
    if (level === referenceLevels[factor]) continue;
    const direction = byFactor[factor]?.[level];
    if (direction) declared.add(direction);
  }
  return declared.size === 1 ? [...declared][0] : undefined;
}
