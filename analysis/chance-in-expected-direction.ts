import { chanceToBeatControl } from './chance-to-beat-control';
import { normalCdf } from './distributions';
import { unavailable, type Unavailable } from './unavailable';

export type ExpectedDirection = 'higher' | 'lower';

export interface ChanceInExpectedDirectionResult {
  available: true;
  /** P(effect in the hypothesised direction) under the posterior: P(effect > 0) for `higher`, P(effect < 0) for `lower`. */
  chance: number;
  /** What acting on the hypothesis (adopting the treatment) is expected to lose, in the effect's unit: E[max(0, −effect)] for `higher`, E[max(0, effect)] for `lower`. */
  expectedLoss: number;
}

/**
 * The Bayesian chance that the effect goes the way the hypothesis says, and
 * the expected loss of acting as if it did, under the flat-prior normal
 * posterior of `chanceToBeatControl`. For an intervention meant to lower an
 * outcome (fewer people choosing revolving credit), "beating control" means a
 * negative effect, so P(effect > 0) would be the chance of the unwanted result.
 *
 * @example
 * chanceInExpectedDirection(-0.1, 0.05, 'lower').chance; // => 0.9772…
 */
export function chanceInExpectedDirection(estimate: number, standardError: number, direction: ExpectedDirection): ChanceInExpectedDirectionResult | Unavailable {
  const posterior = chanceToBeatControl(estimate, standardError);
  if (!posterior.available) return posterior;
  if (direction === 'higher') return { available: true, chance: posterior.chanceToBeatControl, expectedLoss: posterior.expectedLossTreatment };
  // Φ(−z) directly keeps precision where 1 − Φ(z) would round to 0.
  if (direction === 'lower') return { available: true, chance: normalCdf(-estimate / standardError), expectedLoss: posterior.expectedLossControl };
  return unavailable(`unknown direction "${String(direction)}"`);
}
