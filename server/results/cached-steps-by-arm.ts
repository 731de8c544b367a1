import type { ArmCount, Store } from '../store/store';
import { cachedPerDataVersion } from './cached-per-data-version';

/**
 * Real participants per arm at each step (`Store.countStepsByArm`), counted
 * once per data version: the dashboard's funnel, which at a million
 * participants costs the better part of a second to count, is drawn again on
 * every visit. (The results count what they need beside their own read; see
 * readExperimentData.)
 *
 * @example
 * const counts = await cachedStepsByArm(store, 'loan-anchor'); // => [{ arm: 'control', entered: 130, exposed: 128, decided: 125, completed: 121 }, …]
 */
export function cachedStepsByArm(store: Store, experimentKey: string): Promise<ArmCount[]> {
  return cachedPerDataVersion(store, `steps-by-arm:${experimentKey}`, () => store.countStepsByArm(experimentKey));
}
