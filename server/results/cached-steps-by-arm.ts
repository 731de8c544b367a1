import type { ArmCount, Store } from '../store/store';
import { cachedPerDataVersion } from './cached-per-data-version';

/**
 * Real participants per arm at each step (`Store.countStepsByArm`), counted
 * once per data version and shared: the results (their participant flow)
 * and the dashboard (its funnel) ask for the same counts, which at a million
 * participants cost the better part of a second.
 *
 * @example
 * const counts = await cachedStepsByArm(store, 'loan-anchor'); // => [{ arm: 'control', entered: 130, exposed: 128, decided: 125, completed: 121 }, …]
 */
export function cachedStepsByArm(store: Store, experimentKey: string): Promise<ArmCount[]> {
  return cachedPerDataVersion(store, `steps-by-arm:${experimentKey}`, () => store.countStepsByArm(experimentKey));
}
